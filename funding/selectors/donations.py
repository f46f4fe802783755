"""Reads of donations and study-aid programmes (捐资助学).

- A programme's cumulative figures to a year: the years it ran (years with a session), its
  sessions, the amount awarded, the awards and the students aided (one query for any number of
  programmes: one join, so no sum multiplies another).
- A committee's study aid for a year, over its subtree: the donations received in the year
  (form 5's 捐资助学金额) and the students aided by the sessions of the year of the programmes
  run in the subtree (受助学生人数). These are the data year's figures; they are not 社会筹措.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from committees.models import Committee

from ..donation_models import AidProgramme, AidSession, Donation
from .ledger import MONEY_FIELD, ZERO, money


def with_cumulative(programmes: QuerySet[AidProgramme], year: int) -> QuerySet[AidProgramme]:
    """The programmes annotated with their figures from their first session to `year`."""
    to_year = Q(sessions__year__lte=year)
    return programmes.annotate(
        years_running=Count("sessions__year", filter=to_year, distinct=True),
        session_count=Count("sessions", filter=to_year),
        amount_total=Coalesce(Sum("sessions__amount", filter=to_year), Value(ZERO), output_field=MONEY_FIELD),
        awards_total=Coalesce(Sum("sessions__awards", filter=to_year), Value(0)),
        students_total=Coalesce(Sum("sessions__students", filter=to_year), Value(0)),
    )


@dataclass(frozen=True)
class Cumulative:
    years: int
    sessions: int
    amount: Decimal
    awards: int
    students: int


def cumulative(programme: AidProgramme, year: int) -> Cumulative:
    """One programme's cumulative figures to a year (one query)."""
    p = with_cumulative(AidProgramme.objects.filter(pk=programme.pk), year).get()
    return Cumulative(p.years_running, p.session_count, money(p.amount_total), p.awards_total, p.students_total)


def _subtree_sum(qs: QuerySet, path_field: str, field: str, output) -> Coalesce:
    rows = qs.filter(**{f"{path_field}__startswith": OuterRef("path")}).order_by().values("year")
    total = rows.annotate(total=Sum(field)).values("total")[:1]
    zero = Value(ZERO) if output is MONEY_FIELD else Value(0)
    return Coalesce(Subquery(total, output_field=output), zero, output_field=output)


def with_study_aid(committees: QuerySet[Committee], year: int) -> QuerySet[Committee]:
    """The committees annotated with their subtree's study aid of the year (one query)."""
    return committees.annotate(
        study_aid=_subtree_sum(Donation.objects.filter(year=year), "committee__path", "amount", MONEY_FIELD),
        study_aid_students=_subtree_sum(
            AidSession.objects.filter(year=year), "programme__committee__path", "students", IntegerField()
        ),
    )


@dataclass(frozen=True)
class StudyAid:
    """A committee's subtree in a year: form 5's 捐资助学金额 (万元) and 受助学生人数."""

    committee: Committee
    year: int
    amount: Decimal
    students: int


def study_aid(committees: QuerySet[Committee], year: int) -> list[StudyAid]:
    """The study aid of each committee's subtree in a year (one query), in path order."""
    rows = with_study_aid(committees.order_by("path"), year)
    return [StudyAid(c, year, money(c.study_aid), c.study_aid_students) for c in rows]

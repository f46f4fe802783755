"""The five-old points ledger's reads: a year's totals and a committee's ranking, and the
entry/exit review's suggestions (进退机制). The review's parameters are data
(models.ReviewSetting, on the settings page); the system suggests, people decide
(services.points). Each function is a bounded number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Max, Q, QuerySet, Sum, Value, Window
from django.db.models.functions import Coalesce, Rank

from ..models import (
    REVIEW_DEFAULTS,
    ExitEntryDecision,
    Layer,
    PointsEntry,
    ReviewKey,
    ReviewSetting,
    Suggestion,
    Volunteer,
)

POINTS = DecimalField(max_digits=10, decimal_places=2)


def review_settings() -> dict[str, int]:
    """The review's parameters: the settings table's values over the defaults (one query)."""
    values = dict(REVIEW_DEFAULTS)
    values.update(ReviewSetting.objects.values_list("key", "value"))
    return values


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover (28 always exists)


def _points_between(start: datetime.date, end: datetime.date):
    within = Q(points_entries__date__gte=start, points_entries__date__lte=end)
    return Coalesce(Sum("points_entries__points", filter=within), Value(Decimal("0")), output_field=POINTS)


def year_members(volunteers: QuerySet[Volunteer], year: int) -> QuerySet[Volunteer]:
    """The volunteers who were members at some time in `year` (year_totals' rows, uncounted)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return volunteers.filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start)).filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=end)
    )


def year_totals(volunteers: QuerySet[Volunteer], year: int) -> QuerySet[Volunteer]:
    """Volunteers who were members in `year`, each with `year_points` and `year_entries`, ranked
    (`rank`: 1 for the most points, equal points share a rank), the most points first."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    members = year_members(volunteers, year)
    within = Q(points_entries__date__gte=start, points_entries__date__lte=end)
    return (
        members.select_related("person", "committee")
        .annotate(year_points=_points_between(start, end), year_entries=Count("points_entries", filter=within))
        .annotate(rank=Window(Rank(), order_by=F("year_points").desc()))
        .order_by("-year_points", "person__name", "pk")
    )


@dataclass(frozen=True)
class Suggested:
    volunteer: Volunteer  # annotated with span_points and last_entry
    suggestion: str

    @property
    def label(self) -> str:
        return Suggestion(self.suggestion).label


def _held(volunteers: QuerySet[Volunteer], since: datetime.date) -> set[tuple[int, str]]:
    """(volunteer, suggestion) pairs on which a decision recorded since `since` still holds."""
    rows = ExitEntryDecision.objects.filter(volunteer__in=volunteers, decided_on__gte=since)
    return set(rows.values_list("volunteer_id", "suggestion"))


def review_querysets(volunteers: QuerySet[Volunteer], today: datetime.date) -> dict[str, QuerySet[Volunteer]]:
    """Each suggestion's active volunteers under the review's parameters, in the list's order."""
    p = review_settings()
    since = months_before(today, p[ReviewKey.INACTIVE_MONTHS])
    base = (
        volunteers.active()
        .select_related("person", "committee")
        .annotate(
            span_points=_points_between(since, today),
            span_entries=Count("points_entries", filter=Q(points_entries__date__gte=since)),
            last_entry=Max("points_entries__date"),
        )
        .order_by("committee__path", "person__name", "pk")
    )
    settled = Q(joined_on__isnull=True) | Q(joined_on__lte=since)
    return {
        Suggestion.INACTIVE: base.filter(settled, span_entries=0),
        Suggestion.OVER_AGE: base.filter(person__birth_year__lte=today.year - p[ReviewKey.AGE_LIMIT]),
        Suggestion.LOW_POINTS: base.filter(settled, span_entries__gt=0, span_points__lt=p[ReviewKey.EXIT_POINTS_BELOW]),
        Suggestion.ENTRY: base.filter(layer=Layer.PARTICIPANT, span_points__gte=p[ReviewKey.ENTRY_POINTS_AT_LEAST]),
    }


def review_suggestions(volunteers: QuerySet[Volunteer], today: datetime.date, only: str = "") -> list[Suggested]:
    """The review's suggestions for these volunteers, by reason, without those a decision still
    holds on (for the settings' span). One query a reason and one for the decisions."""
    p = review_settings()
    held = _held(volunteers, months_before(today, p[ReviewKey.DECISION_HOLDS_MONTHS]))
    found = []
    for suggestion, qs in review_querysets(volunteers, today).items():
        if only and suggestion != only:
            continue
        found += [Suggested(v, suggestion) for v in qs if (v.pk, suggestion) not in held]
    return found


def suggestion_holds(volunteer: Volunteer, suggestion: str, today: datetime.date) -> bool:
    """Whether the review suggests `suggestion` for this volunteer today (no decision holds)."""
    qs = Volunteer.objects.filter(pk=volunteer.pk)
    return any(s.suggestion == suggestion for s in review_suggestions(qs, today, only=suggestion))


# --- A scope's figures, as a report reads them --------------------------------------------------


@dataclass(frozen=True)
class PointsYear:
    """A year of the points ledger over some volunteers: the people with an entry in the year, the
    entries and their points."""

    people: int
    entries: int
    points: Decimal


def points_year(volunteers: QuerySet[Volunteer], year: int) -> PointsYear:
    """The ledger's entries dated in `year` of these volunteers (one query)."""
    found = PointsEntry.objects.filter(volunteer__in=volunteers, date__year=year).aggregate(
        people=Count("volunteer__person", distinct=True),
        entries=Count("pk"),
        points=Coalesce(Sum("points"), Value(Decimal("0")), output_field=POINTS),
    )
    return PointsYear(found["people"], found["entries"], found["points"])


def review_counts(volunteers: QuerySet[Volunteer], today: datetime.date) -> dict[str, int]:
    """How many suggestions of each reason the review makes today for these volunteers, without
    those a decision still holds on (review_suggestions, counted: one query a reason and one for
    the decisions; no volunteer is loaded)."""
    p = review_settings()
    held = _held(volunteers, months_before(today, p[ReviewKey.DECISION_HOLDS_MONTHS]))
    return {
        suggestion: sum(1 for pk in qs.values_list("pk", flat=True) if (pk, suggestion) not in held)
        for suggestion, qs in review_querysets(volunteers, today).items()
    }


def decision_counts(volunteers: QuerySet[Volunteer], year: int) -> dict[str, int]:
    """The entry/exit decisions recorded in `year` on these volunteers, by decision (one query)."""
    rows = (
        ExitEntryDecision.objects.filter(volunteer__in=volunteers, decided_on__year=year)
        .order_by()
        .values_list("decision")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def scope_volunteers(scope) -> QuerySet[Volunteer]:
    """The memberships of the committees of a scope's subtree (the scope included)."""
    return Volunteer.objects.filter(committee__path__startswith=scope.path)

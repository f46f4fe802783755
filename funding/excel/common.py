"""What the funding tables share: the committees a file may name (MANAGE_FUNDS), the last year a
file may describe, and the records a table exports (of the reader's scope, optionally one
committee's subtree)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import scoping
from committees.imports.common import CommitteeResolver, ImportPlan, Table
from committees.models import Committee
from committees.scoping import Action

from ..models import YearClose


def last_year() -> int:
    return timezone.localdate().year + 1


def funds_resolver(user, codes: Iterable[str]) -> CommitteeResolver:
    """The committees the rows name, among those the uploader may read; writing needs MANAGE_FUNDS."""
    refused = _("You are not allowed to manage the funds of this committee.")
    return CommitteeResolver(user, codes, action=Action.MANAGE_FUNDS, refused=refused)


def text(row: dict, key: str) -> str:
    return (row.get(key) or "").strip()


class FundTable(Table):
    """A funding table: `model` is what it exports, through `committee_field` to its committee;
    `yearly` tables export one year (the `year` field), the others every record."""

    model = None
    committee_field = "committee"
    yearly = True
    order: tuple[str, ...] = ("committee__path", "pk")
    related: tuple[str, ...] = ("committee",)

    def records(self, user, year: int | None, committee: Committee | None) -> QuerySet:
        """The table's records (of the year) within the reader's scope and the committee's subtree."""
        qs = self.model.objects.all()
        if self.yearly:
            qs = qs.filter(year=year)
        qs = scoping.scope_queryset(qs, user, field=self.committee_field)
        if committee is not None:
            qs = qs.filter(**{f"{self.committee_field}__path__startswith": committee.path})
        return qs.select_related(*self.related).order_by(*self.order)

    def notes(self, rows: list[dict]) -> list[str]:
        """Lines the export adds under the instructions (a total)."""
        return []


def closed_years(rows: list[dict]) -> set[tuple[str, int]]:
    """(committee code, year) of the rows' closed ledger years (one query)."""
    codes = {r.get("committee_code") for r in rows}
    years = {r.get("year") for r in rows if isinstance(r.get("year"), int)}
    closed = YearClose.objects.filter(committee__code__in=codes, year__in=years)
    return set(closed.values_list("committee__code", "year"))


def refuse_closed(plan: ImportPlan, row: dict, committee) -> None:
    """A new or changed row of a closed year: a cell error on its year (a reversal is still taken)."""
    message = _(
        "The ledger of %(name)s for %(year)s is closed: only corrections (reversing entries with a reason) are possible."
    ) % {"name": committee.name, "year": row["year"]}
    plan.error(row, "year", message)

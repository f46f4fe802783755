"""What the ledger's two tables share: the committees a file may name (MANAGE_FUNDS), the last
year a file may describe, the export's committee columns."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from committees.imports.common import CommitteeResolver, ImportPlan
from committees.scoping import Action

from ..models import YearClose


def last_year() -> int:
    return timezone.localdate().year + 1


def funds_resolver(user, codes: Iterable[str]) -> CommitteeResolver:
    """The committees the rows name, among those the uploader may read; writing needs MANAGE_FUNDS."""
    refused = _("You are not allowed to manage the funds of this committee.")
    return CommitteeResolver(user, codes, action=Action.MANAGE_FUNDS, refused=refused)


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

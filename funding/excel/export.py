"""The ledger's exports: a year's budgets or entries of the committees the reader may see,
optionally of one town, in the sheets the importer reads back (with the codes of the
committees the reader may manage the funds of)."""

from __future__ import annotations

from django.db.models import QuerySet

from committees import scoping
from committees.excel import build_workbook
from committees.excel_specs import CODES_HEADERS, CODES_SHEET, KIND_LABELS
from committees.imports.common import Table
from committees.models import Committee
from committees.scoping import Action

from ..models import Budget, FundEntry


def ledger_records(table: Table, user, year: int, town: Committee | None) -> QuerySet:
    """The table's records of the year within the reader's scope (and the town's subtree)."""
    model = Budget if table.slug == "budgets" else FundEntry
    qs = scoping.scope_queryset(model.objects.filter(year=year), user).select_related("committee")
    if town is not None:
        qs = qs.filter(committee__path__startswith=town.path)
    if model is FundEntry:
        return qs.order_by("committee__path", "date", "pk")
    return qs.order_by("committee__path")


def ledger_export(table: Table, user, year: int, town: Committee | None = None, *, title: str) -> bytes:
    codes = scoping.committees_for(user, Action.MANAGE_FUNDS).open().order_by("path")
    if town is not None:
        codes = codes.filter(path__startswith=town.path)
    lookup = [[c.code, c.name, KIND_LABELS.get(c.kind, c.kind)] for c in codes.only("code", "name", "kind")]
    rows = table.rows_of(ledger_records(table, user, year, town).iterator(chunk_size=2000), user)
    return build_workbook(
        [(table.spec(), rows)],
        instructions=table.instructions,
        title=title,
        lookups={CODES_SHEET: (CODES_HEADERS, lookup)},
    )

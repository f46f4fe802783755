"""The funding tables' exports: a table's records (of a year, for the yearly tables) of the
committees the reader may see, optionally of one committee's subtree, in the sheet the importer
reads back (with the codes of the committees the reader may manage the funds of)."""

from __future__ import annotations

from committees import scoping
from committees.excel import build_workbook
from committees.excel_specs import CODES_HEADERS, CODES_SHEET, KIND_LABELS
from committees.models import Committee
from committees.scoping import Action

from .common import FundTable


def ledger_export(table: FundTable, user, year: int | None, town: Committee | None = None, *, title: str) -> bytes:
    codes = scoping.committees_for(user, Action.MANAGE_FUNDS).open().order_by("path")
    if town is not None:
        codes = codes.filter(path__startswith=town.path)
    lookup = [[c.code, c.name, KIND_LABELS.get(c.kind, c.kind)] for c in codes.only("code", "name", "kind")]
    rows = table.rows_of(table.records(user, year, town).iterator(chunk_size=2000), user)
    return build_workbook(
        [(table.spec(), rows)],
        instructions=[*table.instructions, *table.notes(rows)],
        title=title,
        lookups={CODES_SHEET: (CODES_HEADERS, lookup)},
    )

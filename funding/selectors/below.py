"""The committees whose funds in place fall short of the standard, read in one SQL query over the
ledger's tables summed by committee (as groups.group_totals reads them), a page at a time.

The ORM's form of the same read (with_year_figures's six correlated sub-queries, then a model
instance per row and per parent) cost some 8 ms of CPU for a district's 140 rows, most of it in
building the query and the instances; here the ledger is read per committee as those sub-queries
read it (a sub-query per sum), and the rows are small records that the overview reads
(tests/funding/test_overview_below.py compares them with year_figures's)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from committees.models import Committee

from ..models import IN_PLACE_SOURCES, Budget, FundEntry, FundingStandard, FundSource, SpecialFund
from .groups import lower_bound
from .ledger import ZERO, YearFigures, mid_year, money
from .standards import level_for_kind


@dataclass(frozen=True, slots=True)
class ParentName:
    name: str


@dataclass(frozen=True, slots=True)
class BelowCommittee:
    """A committee of the list below the standard: what its row shows and links to."""

    pk: int
    code: str
    name: str
    kind: str
    path: str
    parent: ParentName | None


class BelowStandard:
    """The committees of `committees` below their standard's lower bound in `year`, in path order,
    as YearFigures: slicing runs one query for the slice (a paginator's page), rows() one for all."""

    def __init__(self, committees: QuerySet[Committee], year: int, standards: dict[str, FundingStandard]):
        self.committees = committees
        self.year = year
        self.standards = standards

    def __getitem__(self, index: slice) -> list[YearFigures]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("BelowStandard is read by slices")
        start = index.start or 0
        limit = None if index.stop is None else max(index.stop - start, 0)
        return self._read(start, limit)

    def rows(self) -> list[YearFigures]:
        return self._read(0, None)

    def _read(self, offset: int, limit: int | None) -> list[YearFigures]:
        inner = (
            self.committees.order_by()
            .annotate(lower=lower_bound(self.standards))
            .filter(lower__isnull=False)
            .values("id", "code", "name", "kind", "path", "parent_id", "lower")
        )
        inner_sql, params = inner.query.sql_with_params()
        sums, sum_params = _ledger_sums(self.year)
        query = (
            "SELECT * FROM (SELECT c.id, c.code, c.name, c.kind, c.path, c.lower, p.name AS parent,"  # noqa: S608
            f" b.amount, b.in_fiscal_budget, {sums} FROM ({inner_sql}) c"
            f" LEFT JOIN {Committee._meta.db_table} p ON p.id = c.parent_id"
            f" LEFT JOIN {Budget._meta.db_table} b ON b.committee_id = c.id AND b.year = %s) x"
            " WHERE COALESCE(x.in_place, 0) < x.lower ORDER BY x.path"
        )
        params = [*sum_params, *params, self.year]
        tail = []
        if limit is not None:
            query += " LIMIT %s"
            tail.append(limit)
        if offset:
            query += " OFFSET %s"
            tail.append(offset)
        with connection.cursor() as cursor:
            cursor.execute(query, [*params, *tail])
            return [self._figures(row) for row in cursor.fetchall()]

    def _figures(self, row: tuple) -> YearFigures:
        pk, code, name, kind, path, _lower, parent, budget, in_fiscal, in_place, in_place_by, social, special = row
        committee = BelowCommittee(pk, code, name, kind, path, None if parent is None else ParentName(parent))
        return YearFigures(
            committee=committee,
            year=self.year,
            standard=self.standards.get(level_for_kind(kind) or ""),
            budget=money(budget),
            in_fiscal_budget=in_fiscal,
            in_place=money(in_place or ZERO),
            in_place_by=money(in_place_by or ZERO),
            social=money(social or ZERO),
            special=money(special or ZERO),
        )


def _ledger_sums(year: int) -> tuple[str, list]:
    """Each committee's entries and special funds of the year, summed for it (index look-ups, as
    with_year_figures's sub-queries): a page in path order stops at its last row, where
    groups._ledger_sql sums the whole year's ledger first (68 ms against some 10 for a province's
    page in a ledger year)."""
    entries, special = FundEntry._meta.db_table, SpecialFund._meta.db_table
    sources = ", ".join(["%s"] * len(IN_PLACE_SOURCES))
    total = f"(SELECT SUM(amount) FROM {entries} WHERE committee_id = c.id AND year = %s AND "
    sql = (
        f"{total}source IN ({sources})) AS in_place, {total}source IN ({sources}) AND date <= %s) AS in_place_by, "
        f"{total}source = %s) AS social, (SELECT SUM(amount) FROM {special} WHERE committee_id = c.id"
        " AND approved_on >= %s AND approved_on <= %s) AS special"
    )
    params = [year, *IN_PLACE_SOURCES, year, *IN_PLACE_SOURCES, mid_year(year), year, FundSource.SOCIAL]
    return sql, [*params, datetime.date(year, 1, 1), datetime.date(year, 12, 31)]


def below_standard(committees: QuerySet[Committee], year: int, standards: dict[str, FundingStandard]) -> BelowStandard:
    """The committees below the standard in `year` (standards: standards_for_year's), to be sliced
    a page at a time or read whole (rows())."""
    return BelowStandard(committees, year, standards)

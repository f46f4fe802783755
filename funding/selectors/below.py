"""The committees whose funds in place fall short of the standard, read in one SQL query over the
ledger's tables summed by committee (as groups.group_totals reads them), a page at a time.

The ORM's form of the same read (with_year_figures's six correlated sub-queries, then a model
instance per row and per parent) cost some 8 ms of CPU for a district's 140 rows, most of it in
building the query and the instances; here the ledger is read per committee as those sub-queries
read it (LATERAL), and the rows are small records that the overview reads
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
        joins, join_params = _ledger_laterals(self.year)
        query = (
            "SELECT c.id, c.code, c.name, c.kind, c.path, p.name, b.amount, b.in_fiscal_budget,"  # noqa: S608
            f" e.in_place, e.in_place_by, e.social, s.special FROM ({inner_sql}) c"
            f" LEFT JOIN {Committee._meta.db_table} p ON p.id = c.parent_id {joins}"
            " WHERE COALESCE(e.in_place, 0) < c.lower ORDER BY c.path"
        )
        tail = []
        if limit is not None:
            query += " LIMIT %s"
            tail.append(limit)
        if offset:
            query += " OFFSET %s"
            tail.append(offset)
        with connection.cursor() as cursor:
            cursor.execute(query, [*params, *join_params, *tail])
            return [self._figures(row) for row in cursor.fetchall()]

    def _figures(self, row: tuple) -> YearFigures:
        pk, code, name, kind, path, parent, budget, in_fiscal, in_place, in_place_by, social, special = row
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


def _ledger_laterals(year: int) -> tuple[str, list]:
    """Each committee's budget, entries and special funds of the year, read for it (index look-ups):
    a page in path order stops at its last row, where groups._ledger_sql sums the whole year's
    ledger first (68 ms against 3 ms for a province's page in a ledger year)."""
    sources = ", ".join(["%s"] * len(IN_PLACE_SOURCES))
    sql = f"""
        LEFT JOIN {Budget._meta.db_table} b ON b.committee_id = c.id AND b.year = %s
        LEFT JOIN LATERAL (SELECT
                SUM(CASE WHEN source IN ({sources}) THEN amount ELSE 0 END) AS in_place,
                SUM(CASE WHEN source IN ({sources}) AND date <= %s THEN amount ELSE 0 END) AS in_place_by,
                SUM(CASE WHEN source = %s THEN amount ELSE 0 END) AS social
            FROM {FundEntry._meta.db_table} WHERE committee_id = c.id AND year = %s) e ON true
        LEFT JOIN LATERAL (SELECT SUM(amount) AS special FROM {SpecialFund._meta.db_table}
            WHERE committee_id = c.id AND approved_on >= %s AND approved_on <= %s) s ON true"""
    params = [year, *IN_PLACE_SOURCES, *IN_PLACE_SOURCES, mid_year(year), FundSource.SOCIAL, year]
    return sql, [*params, datetime.date(year, 1, 1), datetime.date(year, 12, 31)]


def below_standard(committees: QuerySet[Committee], year: int, standards: dict[str, FundingStandard]) -> BelowStandard:
    """The committees below the standard in `year` (standards: standards_for_year's), to be sliced
    a page at a time or read whole (rows())."""
    return BelowStandard(committees, year, standards)

"""A year's figures summed per group of committees in the database, for a reader above the
districts: a province's 31,000 committees are not read one by one (ledger.by_town reads a
district's some hundreds) but summed per city or district in one query, the ledger's tables each
summed once by committee and joined (correlated sub-queries per committee took 2–3 s)."""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.db.models.functions import Substr
from django.db.models.lookups import In

from committees.counting import kept_rows
from committees.models import TOWN_KINDS, UPPER_KINDS, VILLAGE_KINDS, Committee, Kind

from ..models import IN_PLACE_SOURCES, Budget, FundEntry, FundingStandard, FundSource, SpecialFund, YearClose
from .ledger import MONEY_FIELD, TownTotals, mid_year, money
from .standards import standards_for_year

_MONEY = ("standard_lower", "budget", "in_place", "in_place_by", "social", "special")
_COUNTS = ("below", "not_in_budget", "no_budget", "counted")
_CLOSED = ("standard_lower", "in_place", "in_place_by", "counted")  # what the closed part shows


def grouping_committees(readable: QuerySet[Committee]) -> list[Committee] | None:
    """The committees a province's or a city's reader sees the year by: the readable committees of
    the upper levels just below the highest readable province or city (None for a district's reader,
    who sees it by town). Two queries."""
    top = readable.filter(kind__in=(Kind.PROVINCE, Kind.CITY)).order_by("depth").values_list("depth", flat=True)
    depth = top.first()
    if depth is None:
        return None
    return list(readable.filter(depth=depth + 1, kind__in=UPPER_KINDS).order_by("display_order", "code"))


def lower_bound(standards: dict[str, FundingStandard]) -> Case:
    """The lower bound of the standard in force for a committee's level (NULL without one), from
    the year's standards (standards_for_year)."""
    whens = [
        When(kind__in=kinds, then=Value(standards[level].lower))
        for level, kinds in (("town", TOWN_KINDS), ("village", VILLAGE_KINDS))
        if level in standards
    ]
    return Case(*whens, default=Value(None), output_field=MONEY_FIELD)


def group_of(groups: list[Committee]) -> Substr | Case:
    """The path of the group whose subtree holds a committee: the path's first n characters when the
    groups' paths are all n long (what else it gives is no group's path), else one prefix comparison
    per length of the groups' paths, not one per group (NULL outside every group)."""
    lengths = sorted({len(g.path) for g in groups})
    if len(lengths) == 1:
        return Substr("path", 1, lengths[0])
    whens = [
        When(In(Substr("path", 1, n), [g.path for g in groups if len(g.path) == n]), then=Substr("path", 1, n))
        for n in lengths
    ]
    return Case(*whens, default=Value(None))


def _ledger_sql(year: int, by: datetime.date) -> tuple[str, list]:
    """The year's budget, entries and special funds, each summed by committee (three derived tables)."""
    sources = ", ".join(["%s"] * len(IN_PLACE_SOURCES))
    budgets = Budget._meta.db_table
    entries = FundEntry._meta.db_table
    special = SpecialFund._meta.db_table
    closes = YearClose._meta.db_table
    sql = f"""
        LEFT JOIN (SELECT committee_id AS closed FROM {closes} WHERE year = %s) y ON y.closed = c.id
        LEFT JOIN (SELECT committee_id, amount, in_fiscal_budget FROM {budgets} WHERE year = %s) b
            ON b.committee_id = c.id
        LEFT JOIN (SELECT committee_id,
                SUM(CASE WHEN source IN ({sources}) THEN amount ELSE 0 END) AS in_place,
                SUM(CASE WHEN source IN ({sources}) AND date <= %s THEN amount ELSE 0 END) AS in_place_by,
                SUM(CASE WHEN source = %s THEN amount ELSE 0 END) AS social
            FROM {entries} WHERE year = %s GROUP BY committee_id) e ON e.committee_id = c.id
        LEFT JOIN (SELECT committee_id, SUM(amount) AS special FROM {special}
            WHERE approved_on >= %s AND approved_on <= %s GROUP BY committee_id) s ON s.committee_id = c.id"""
    params = [year, year, *IN_PLACE_SOURCES, *IN_PLACE_SOURCES, by, FundSource.SOCIAL, year]
    return sql, [*params, datetime.date(year, 1, 1), datetime.date(year, 12, 31)]


# Each sum over the joined rows, for all the group's committees and for those whose year is closed.
_SUMS = {
    "standard_lower": "SUM(c.lower)",
    "budget": "SUM(b.amount)",
    "in_place": "SUM(e.in_place)",
    "in_place_by": "SUM(e.in_place_by)",
    "social": "SUM(e.social)",
    "special": "SUM(s.special)",
    "below": "SUM(CASE WHEN c.lower IS NOT NULL AND COALESCE(e.in_place, 0) < c.lower THEN 1 ELSE 0 END)",
    "not_in_budget": "SUM(CASE WHEN b.amount IS NOT NULL AND NOT b.in_fiscal_budget THEN 1 ELSE 0 END)",
    "no_budget": "SUM(CASE WHEN c.has_standard = 1 AND b.amount IS NULL THEN 1 ELSE 0 END)",
    "counted": "SUM(c.has_standard)",
}


def _closed(sql: str) -> str:
    return sql.replace("SUM(", "SUM(CASE WHEN y.closed IS NOT NULL THEN ", 1)[:-1] + " END)"


def group_totals(
    committees: QuerySet[Committee],
    groups: list[Committee],
    year: int,
    standards: dict[str, FundingStandard] | None = None,
) -> tuple[list, list]:
    """Each group's figures for the year summed over the committees of its subtree, and the same of
    the committees whose year is closed (one query; one more to read the standards when they are not
    given). A committee without a standard or a line in the ledger adds nothing, so `committees`
    need not be narrowed to the ledger's."""
    if not groups:
        return [], []
    standards = standards_for_year(year) if standards is None else standards
    if ledger_is_empty(year):
        return _counted_totals(committees, groups, standards)
    with_standard = [*(TOWN_KINDS if "town" in standards else ()), *(VILLAGE_KINDS if "village" in standards else ())]
    rows = (
        committees.order_by()
        .annotate(
            group_path=group_of(groups),
            lower=lower_bound(standards),
            has_standard=Case(
                When(kind__in=with_standard, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .filter(group_path__in=[g.path for g in groups])
        .values("id", "group_path", "lower", "has_standard")
    )
    inner, params = rows.query.sql_with_params()
    joins, join_params = _ledger_sql(year, mid_year(year))
    sums = [f"{sql} AS {name}" for name, sql in _SUMS.items()]
    sums += [f"{_closed(_SUMS[name])} AS closed_{name}" for name in _CLOSED]
    query = f"SELECT c.group_path, {', '.join(sums)} FROM ({inner}) c {joins} GROUP BY c.group_path"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, *join_params])
        found = {row[0]: row[1:] for row in cursor.fetchall()}
    names = [*_SUMS, *(f"closed_{n}" for n in _CLOSED)]
    totals, closed_totals = [], []
    for group in groups:
        values = dict(zip(names, found.get(group.path, [None] * len(names)), strict=True))
        totals.append(_totals(group, values, ""))
        closed_totals.append(_totals(group, values, "closed_"))
    return totals, closed_totals


def ledger_is_empty(year: int) -> bool:
    """Whether the ledger holds nothing for the year: no budget, entry, special fund nor closing
    (one query, on the tables' indexes)."""
    sql = f"""SELECT NOT (EXISTS (SELECT 1 FROM {Budget._meta.db_table} WHERE year = %s)
        OR EXISTS (SELECT 1 FROM {FundEntry._meta.db_table} WHERE year = %s)
        OR EXISTS (SELECT 1 FROM {SpecialFund._meta.db_table} WHERE approved_on >= %s AND approved_on <= %s)
        OR EXISTS (SELECT 1 FROM {YearClose._meta.db_table} WHERE year = %s))"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, year, datetime.date(year, 1, 1), datetime.date(year, 12, 31), year])
        return cursor.fetchone()[0]


def _counted_totals(
    committees: QuerySet[Committee], groups: list[Committee], standards: dict[str, FundingStandard]
) -> tuple[list, list]:
    """group_totals of a year the ledger holds nothing for: each group's committees with a standard
    counted by kind (one query), every one of them short of a lower bound above nothing, without a
    budget, none closed. A province's 31,000 committees counted by kind, not joined to the ledger's
    empty sums: 58 → some 20 ms in the database."""
    lower = {
        kind: standards[level].lower
        for level, kinds in (("town", TOWN_KINDS), ("village", VILLAGE_KINDS))
        if level in standards
        for kind in kinds
    }
    rows = (
        committees.order_by()
        .annotate(group_path=group_of(groups))
        .filter(kind__in=list(lower))
        .values_list("group_path", "kind")
        .annotate(n=Count("id"))
    )
    totals = {group.path: TownTotals(group) for group in groups}
    for path, kind, n in kept_rows(rows):
        total = totals.get(path)
        if total is None:  # outside every group
            continue
        total.standard_lower += lower[kind] * n
        total.counted += n
        total.no_budget += n
        total.below += n if lower[kind] > 0 else 0
    for total in totals.values():
        total.standard_lower = money(total.standard_lower)
    return list(totals.values()), [TownTotals(group) for group in groups]


def _totals(group: Committee, values: dict, prefix: str) -> TownTotals:
    total = TownTotals(group)
    for name in (*_MONEY, *_COUNTS):
        if prefix + name in values:
            value = values[prefix + name]
            setattr(total, name, money(value or 0) if name in _MONEY else int(value or 0))
    return total

"""Counting a list cheaply: exactly up to a size, and past it the planner's estimate (PostgreSQL),
which a list shows as about N (约). A province's lists hold hundreds of thousands of rows, and an
exact count reads them all on every page."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Aggregate, QuerySet, Value

from . import kept

EXACT_AT_MOST = 10_000  # rows counted exactly; past them a list says about how many
ESTIMATE_TRUSTED_TIMES = 4  # an estimate this many times the exact size is past it (about_count)
PAGES_AT_MOST = 100  # pages a list that long offers (the rows before a page are read to reach it)


def compiled(qs: QuerySet) -> tuple[str, tuple] | None:
    """The SQL and parameters of `qs`, or None for a queryset that can find nothing (an IN of no
    values, none()), which Django doesn't compile (EmptyResultSet): read as no rows, no query."""
    try:
        return qs.query.sql_with_params()
    except EmptyResultSet:
        return None


def kept_rows(qs: QuerySet) -> list[tuple]:
    """The rows of a values_list() of plain columns and counts, as the cursor reads them in one
    fetch (the queryset's iterator converts each count and fetches a hundred rows at a time: a
    province's 5,400 numbers by parent took 1.5 ms more), kept until the tables it reads change
    (committees.kept). A queryset that can find nothing (none()) reads nothing, without a query."""
    found = compiled(qs)
    return [] if found is None else kept.rows(*found, qs.db)


def count_at_most(qs: QuerySet, limit: int, *, table_over: int | None = None) -> int | None:
    """The number of rows, counted no further than `limit` (one query that stops there).

    With `table_over` (PostgreSQL): None, uncounted, when the planner's statistics hold the table
    of `qs` to more rows than that — in the same query, whose count PostgreSQL then never runs."""
    found = compiled(qs.order_by().values("pk")[:limit])
    if found is None:
        return 0
    sql, params = found
    connection = connections[qs.db]
    if table_over is None or connection.vendor != "postgresql":
        return int(kept.row(f"SELECT COUNT(*) FROM ({sql}) counted", params, qs.db)[0])  # noqa: S608
    table = connection.ops.quote_name(qs.model._meta.db_table)
    query = (
        "SELECT CASE WHEN (SELECT reltuples FROM pg_class WHERE oid = %s::regclass) > %s "
        f"THEN NULL ELSE (SELECT COUNT(*) FROM ({sql}) counted) END"
    )
    found = kept.row(query, [table, table_over, *params], qs.db)[0]
    return None if found is None else int(found)


def counts_at_most(*counted: tuple[QuerySet, int], beside: tuple[str, list] | None = None) -> list[int]:
    """count_at_most of each (queryset, limit), in one query: a round trip for several counts.
    `beside`: the SQL and parameters of a one-row query whose columns follow the counts."""
    parts, params = [], []
    for qs, limit in counted:
        sql, found = qs.order_by().values("pk")[:limit].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")
        params.extend(found)
    query = "SELECT " + ", ".join(parts)
    if beside is not None:
        query += f", beside.* FROM ({beside[0]}) beside"
        params.extend(beside[1])
    return [int(n) for n in kept.row(query, params, counted[0][0].db)]


def aggregated(qs: QuerySet, **aggregates: Aggregate) -> dict:
    """qs.aggregate(**aggregates), kept until the tables it reads change (committees.kept). Each
    aggregate over the whole queryset: grouped by a constant, which groups nothing, so one row."""
    one = qs.order_by().annotate(kept_one=Value(1)).values("kept_one").annotate(**aggregates)
    found = compiled(one.values_list(*aggregates))
    if found is None:
        return {name: aggregate.empty_result_set_value for name, aggregate in aggregates.items()}
    sql, params = found
    return dict(zip(aggregates, kept.row(sql, params, qs.db), strict=True))


def estimated_count(qs: QuerySet) -> int | None:
    """The planner's estimate of the rows of `qs` (PostgreSQL; None elsewhere)."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    found = compiled(qs.order_by().values("pk"))
    if found is None:
        return 0
    sql, params = found
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def about_count(
    qs: QuerySet,
    exact_at_most: int | None = None,
    estimate_of: Callable[[], QuerySet] | None = None,
    counted: int | None = None,
    *,
    estimate_first: bool = False,
) -> tuple[int, bool]:
    """The rows of `qs` and whether the figure is an estimate: exact up to `exact_at_most`
    (EXACT_AT_MOST), past it the planner's estimate (at least the rows counted) where the
    database gives one — of `estimate_of()`, the same rows in a form the planner estimates better
    (built only when needed). `counted`: the rows already counted up to exact_at_most + 1.

    `estimate_first`, for rows each tested on its own (a person by two EXISTS, 2 µs each: a
    province's 10,001 in 24 ms): where the table holds more than ESTIMATE_TRUSTED_TIMES times
    the exact size (the planner's statistics, read in the count's query), the estimate is asked
    before counting, and past that size taken without counting: an estimate that far above it
    (a well-estimated form's is within a few per cent; a name searched, four times over) leaves
    no doubt that the list is longer than the exact size. A shorter table is counted at once."""
    exact_at_most = EXACT_AT_MOST if exact_at_most is None else exact_at_most
    estimate = None
    if estimate_first and counted is None:
        trusted_past = exact_at_most * ESTIMATE_TRUSTED_TIMES
        counted = count_at_most(qs, exact_at_most + 1, table_over=trusted_past)  # a short table: counted
        if counted is None:
            estimate = estimated_count(qs if estimate_of is None else estimate_of())
            if estimate is not None and estimate > trusted_past:
                return estimate, True
    if counted is None:
        counted = count_at_most(qs, exact_at_most + 1)
    if counted <= exact_at_most:
        return counted, False
    if estimate is None:
        estimate = estimated_count(qs if estimate_of is None else estimate_of())
    if estimate is None:
        return qs.count(), False
    return max(estimate, counted), True

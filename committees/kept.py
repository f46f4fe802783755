"""Query results kept in the process until their tables change: the lists' counts, the committee
tree's numbers, the points page's probe, the completeness page's counts. They read the same rows
on every page view, and at a province's scale they are most of a page's database time (the tree's
numbers by parent: 31,000 committees grouped on every request), while the tables they read change
a few times a minute at most.

The database counts the writes to each tracked table (models.TableChange), by triggers on the
table (create_triggers), whoever writes: the ORM, a bulk write, a raw statement. A result is kept
with its tables' counts as read before it, and given again while they read the same: one small
query instead of the result's. Each committed write moves its table's count up, and a database's
committed states follow one another, so the counts name one state of the tables.

Kept only outside a transaction: a transaction's own, uncommitted writes (a test's, an import's
preview) would name a state nobody else sees, which a rollback undoes and a later write could
reach again. A query reading any table that is not tracked is run as it is.

An app tracks its tables with track() (its AppConfig.ready) and creates their triggers in a
migration (counting_triggers); tests/committees/test_kept.py checks that every tracked table has
them."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

from django.db import connections, models, transaction
from django.db.migrations import RunPython

# The committees app's tables that are not the registry (committees.apps tracks the others): the
# jobs' progress and the audit log change with every job and sign-in; and the counts themselves.
NOT_REGISTRY = frozenset({"committees_job", "committees_auditevent", "committees_tablechange"})
# Read beside the tables: the planner's statistics (counting.count_at_most's table size), which
# only decide whether a list is counted or estimated.
UNTRACKED_READABLE = frozenset({"pg_class"})
COUNTER = "committees_tablechange"
FUNCTION = "committees_table_changed"
KEPT_AT_MOST = 256  # results a process keeps, the least recently used dropped first
ROWS_AT_MOST = 20_000  # a longer result is not kept
FOLD_PAST = 100  # PostgreSQL's counter rows of a table folded into one past this many
FOLD_LOCK = 0x58530001  # the advisory lock one folder holds at a time

_TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?(?=[\s),]|$)', re.IGNORECASE)
_tracked: set[str] = set()
_kept: OrderedDict[tuple, tuple[tuple, list]] = OrderedDict()
_lock = threading.Lock()


def track(*tables: str | type[models.Model]) -> None:
    """Keep results reading these tables (or models' tables), whose triggers a migration created."""
    _tracked.update(t if isinstance(t, str) else t._meta.db_table for t in tables)


def tracked() -> frozenset[str]:
    return frozenset(_tracked)


def tables_of(sql: str) -> set[str]:
    """The tables a statement reads (each FROM and JOIN of a name, subqueries' included)."""
    return set(_TABLE.findall(sql))


def version(tables: Iterable[str], using: str = "default") -> tuple:
    """The tables' state as the database holds it now: each one's count of writes, and its last
    counter row (a counter emptied, by a test's flush, reads as a state of its own)."""
    names = sorted(set(tables) & _tracked)
    if not names:
        return ()
    connection = connections[using]
    marks = ", ".join(["%s"] * len(names))
    query = (
        f'SELECT "table", COALESCE(SUM(weight), 0), MAX(id), COUNT(*) FROM {COUNTER} '  # noqa: S608
        f'WHERE "table" IN ({marks}) GROUP BY "table" ORDER BY "table"'
    )
    with connection.cursor() as cursor:
        cursor.execute(query, names)
        found = cursor.fetchall()
    if connection.vendor == "postgresql" and any(rows > FOLD_PAST for *_, rows in found):
        fold(using)
        return version(names, using)
    return tuple((table, int(total), last) for table, total, last, _rows in found)


def fold(using: str = "default") -> None:
    """PostgreSQL's counter rows, one a write statement, replaced by one a table of their summed
    weight (the sums stay: a state keeps its counts). Only committed rows are seen, and so
    folded; one folder at a time (an advisory lock; another finds it taken and leaves it)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FOLD_LOCK])
        if cursor.fetchone()[0]:
            cursor.execute(
                f'WITH gone AS (DELETE FROM {COUNTER} RETURNING "table", weight) '  # noqa: S608
                f'INSERT INTO {COUNTER} ("table", weight) SELECT "table", SUM(weight) FROM gone GROUP BY "table"'
            )


def rows(sql: str, params: Sequence, using: str = "default") -> list[tuple]:
    """The rows of a statement, kept until its tables change where it reads tracked tables only."""
    return _kept_or_run(sql, params, using, lambda cursor: cursor.fetchall())


def row(sql: str, params: Sequence, using: str = "default") -> tuple:
    """The one row of a statement, kept as rows() keeps its rows."""
    return _kept_or_run(sql, params, using, lambda cursor: [cursor.fetchone()])[0]


def keeps(sql: str, using: str = "default") -> bool:
    """Whether a result of the statement would be kept (outside a transaction, tracked tables)."""
    return bool(_kept_tables(sql, using))


def _kept_tables(sql: str, using: str) -> set[str]:
    """The tracked tables a statement reads, or none where its result is not kept."""
    if connections[using].in_atomic_block:
        return set()
    tables = tables_of(sql) - UNTRACKED_READABLE
    return tables if tables <= _tracked else set()


def _kept_or_run(sql: str, params: Sequence, using: str, fetch: Callable) -> list:
    connection = connections[using]
    tables = _kept_tables(sql, using)
    if not tables:
        return _run(connection, sql, params, fetch)
    key = (using, sql, tuple(params))
    try:
        hash(key)
    except TypeError:
        return _run(connection, sql, params, fetch)
    now = version(tables, using)  # read before the rows: rows read after it are as new as it, or newer
    with _lock:
        found = _kept.get(key)
        if found is not None and found[0] == now:
            _kept.move_to_end(key)
            return found[1]
    result = _run(connection, sql, params, fetch)
    if len(result) <= ROWS_AT_MOST:
        with _lock:
            _kept[key] = (now, result)
            _kept.move_to_end(key)
            while len(_kept) > KEPT_AT_MOST:
                _kept.popitem(last=False)
    return result


def _run(connection, sql: str, params: Sequence, fetch: Callable) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return fetch(cursor)


def forget() -> None:
    """Drop every kept result (tests that compare with and without)."""
    with _lock:
        _kept.clear()


def _trigger(table: str, event: str = "") -> str:
    return f"{table}_counted{event}"[-63:]


def create_triggers(schema_editor, tables: Iterable[str]) -> None:
    """The triggers that count the writes to `tables` (a migration's RunPython), and a first
    count of each: a table emptied later (a test's flush) never reads as the state it started in.
    PostgreSQL: a counter row a write statement (TRUNCATE too); SQLite: one more on the table's
    last row each row written."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f'BEGIN INSERT INTO {COUNTER} ("table", weight) VALUES (TG_TABLE_NAME, 1); RETURN NULL; END $$'
            )
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"CREATE TRIGGER {_trigger(table)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
                )
            elif connection.vendor == "sqlite":
                body = (
                    f"INSERT INTO {COUNTER} (\"table\", weight) SELECT '{table}', 0 "  # noqa: S608
                    f"WHERE NOT EXISTS (SELECT 1 FROM {COUNTER} WHERE \"table\" = '{table}'); "
                    f"UPDATE {COUNTER} SET weight = weight + 1 "
                    f"WHERE id = (SELECT MAX(id) FROM {COUNTER} WHERE \"table\" = '{table}');"
                )
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER {_trigger(table, '_' + event.lower())} AFTER {event} ON {table} "
                        f"FOR EACH ROW BEGIN {body} END"
                    )
            cursor.execute(f'INSERT INTO {COUNTER} ("table", weight) VALUES (%s, 1)', [table])  # noqa: S608


def counting_triggers(tables: tuple[str, ...]) -> RunPython:
    """A migration's operation creating the triggers of `tables` (and dropping them backwards)."""

    def create(apps, schema_editor) -> None:
        create_triggers(schema_editor, tables)

    def drop(apps, schema_editor) -> None:
        drop_triggers(schema_editor, tables)

    return RunPython(create, drop)


def drop_triggers(schema_editor, tables: Iterable[str]) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {_trigger(table)} ON {table}")
            elif connection.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {_trigger(table, '_' + event)}")
            cursor.execute(f'DELETE FROM {COUNTER} WHERE "table" = %s', [table])  # noqa: S608

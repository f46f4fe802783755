"""The demo district for tests that need it committed (a live server reads it from its own
connection): `manage.py load_demo` takes ~18 s, so a test process loads it once, keeps a copy of
every table's rows in memory, and puts that copy back for each later test — a table's rows
copied back as they were (COPY on PostgreSQL, INSERT of the raw rows on SQLite): well under a
second.

The copy holds the tables of every installed model (the flush of a transactional test empties
exactly those); the ids are the ones the first load gave, so a test sees the same rows, ids
included, whichever test ran first."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from committees import kept


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: object  # SQLite: a list of row tuples; PostgreSQL: COPY's bytes


_copy: list[Table] | None = None


def _tables() -> list[str]:
    """Every table but the write counts (committees.kept), which the put-back's writes move on:
    copied back, they would read as a state the counts named before."""
    names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    return sorted(set(names) - {kept.COUNTER})


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _take() -> list[Table]:
    quote = connection.ops.quote_name
    tables = []
    with connection.cursor() as cursor:
        for name in _tables():
            if _is_postgres():
                with cursor.cursor.copy(f"COPY {quote(name)} TO STDOUT (FORMAT binary)") as copy:
                    tables.append(Table(name, [], b"".join(bytes(block) for block in copy)))
            else:
                cursor.execute(f"SELECT * FROM {quote(name)}")
                columns = [c[0] for c in cursor.description]
                tables.append(Table(name, columns, cursor.fetchall()))
    return tables


def _put_back(tables: list[Table]) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if _is_postgres():
            # TRUNCATE refuses a table with checks still pending in the transaction (rows a test
            # wrote before, the reference rows put back): check them now, defer the copy's.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in connection.ops.sql_flush(
            no_style(), [t.name for t in tables], reset_sequences=False, allow_cascade=True
        ):
            cursor.execute(statement)
        if _is_postgres():
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table in tables:
            if _is_postgres():
                with cursor.cursor.copy(f"COPY {quote(table.name)} FROM STDIN (FORMAT binary)") as copy:
                    copy.write(table.rows)
            elif table.rows:
                columns = ", ".join(quote(c) for c in table.columns)
                marks = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", table.rows)
        if _is_postgres():  # the next id after the copied ones (SQLite's AUTOINCREMENT follows by itself)
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(statement)
    kept.forget()


def load_demo_once() -> None:
    """The demo district in the database: loaded by `load_demo` the first time in this process,
    copied back after that."""
    global _copy
    if _copy is None:
        call_command("load_demo", stdout=StringIO())
        _copy = _take()
    else:
        _put_back(_copy)

"""What the benchmark commands share (committees' bench_import, surveys' bench_compile): a throwaway
database of their own and the database server's version for their report."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection


def server_version() -> str:
    queries = {"sqlite": "SELECT sqlite_version()", "postgresql": "SHOW server_version"}
    if connection.vendor not in queries:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(queries[connection.vendor])
        return cursor.fetchone()[0]


@contextmanager
def throwaway_database(*, stem: str, server_name: str, write) -> Iterator[str]:
    """A database of the benchmark's own, created and migrated by Django's test-database
    machinery and dropped afterwards: a SQLite file under var/, or `server_name` on the server."""
    sqlite = connection.vendor == "sqlite"
    name = str(Path(settings.VAR_DIR) / f"{stem}-{os.getpid()}.sqlite3") if sqlite else server_name
    if name == connection.settings_dict["NAME"]:
        raise CommandError(f"The configured database is {name}, the benchmark's throwaway name.")
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    old_name = connection.settings_dict["NAME"]
    write(f"Creating and migrating the throwaway database {name} …")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

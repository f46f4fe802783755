"""The two databases the portal runs on, as a backup sees them. SQLite is copied with the online
backup API, PostgreSQL dumped with `pg_dump -Fc`; each counts its tables' rows and reads its
migration state in the very snapshot it copies, so the manifest describes the copy, not the live
database that web, worker and beat go on writing. A restore puts the copy into the configured
database: `pg_restore` on PostgreSQL, the backup API again (a page copy into the configured file)
on SQLite."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils.translation import gettext as _

from committees.models import Committee

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
# SQLite's own tables (sqlite_sequence, sqlite_stat1) come with the copy; they are not counted.
SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator."""


@dataclass(frozen=True)
class Snapshot:
    file: str  # the database's file in the archive
    tables: dict[str, int]  # rows per table
    migrations: dict[str, list[str]]  # applied migrations per app
    server_version: str


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for name in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def _migrations(cursor, tables: list[str]) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            state.setdefault(app, []).append(name)
    return state


def vendor_name(vendor: str) -> str:
    return VENDORS.get(vendor, vendor)


def check_vendor() -> None:
    if connection.vendor not in VENDORS:
        raise BackupError(
            _("Backups cover SQLite and PostgreSQL; the configured database is %(vendor)s.")
            % {"vendor": vendor_name(connection.vendor)}
        )


def database_dump(into: Path) -> Snapshot:
    """Copy the configured database into the folder `into`."""
    check_vendor()
    return _sqlite_dump(into) if connection.vendor == "sqlite" else _postgres_dump(into)


def database_restore(file: Path) -> None:
    """Put a copy that database_dump took into the configured database, replacing what it holds."""
    check_vendor()
    if connection.vendor == "sqlite":
        _sqlite_restore(file)
    else:
        _postgres_restore(file)
    connection.close()


def _sqlite_dump(into: Path) -> Snapshot:
    source_path = Path(connection.settings_dict["NAME"])
    if not source_path.is_file():
        raise BackupError(_("The database file %(path)s does not exist.") % {"path": source_path})
    target = into / SQLITE_FILE
    source = sqlite3.connect(source_path, timeout=20)
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): a read transaction on the source for the whole copy, so the copy is
        # one consistent state; under WAL the writers are not blocked meanwhile.
        source.backup(copy)
        source.close()
        # A single file, without a -wal beside it, whatever the source's journal mode.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        tables = [row[0] for row in cursor.execute(SQLITE_TABLES)]
        return Snapshot(SQLITE_FILE, _counts(cursor, tables), _migrations(cursor, tables), sqlite3.sqlite_version)
    finally:
        source.close()
        copy.close()


def _sqlite_restore(file: Path) -> None:
    # The backup API rather than a copy of the file: it writes through SQLite's locks, and a
    # -wal file left beside the old database cannot be replayed onto the restored one.
    target_path = Path(connection.settings_dict["NAME"])
    connection.close()
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(file)
    target = sqlite3.connect(target_path, timeout=20)
    try:
        source.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(_("The database could not be restored: %(error)s") % {"error": exc}) from exc
    finally:
        source.close()
        target.close()


def _postgres_environment() -> dict[str, str]:
    """libpq's variables for the configured database (pg_dump and pg_restore read them)."""
    settings_dict = connection.settings_dict
    _args, secrets = type(connection.client).settings_to_cmd_args_env(settings_dict, [])
    environment = {**os.environ, **(secrets or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(command, env=_postgres_environment(), capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(
            _("%(program)s is missing: install the PostgreSQL client programs (apt-get install postgresql-client).")
            % {"program": command[0]}
        ) from exc
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": command[0], "error": done.stderr.strip()[-2000:]}
        )


def _postgres_dump(into: Path) -> Snapshot:
    target = into / POSTGRES_FILE
    with transaction.atomic(), connection.cursor() as cursor:
        # The counts and pg_dump read the same snapshot: this transaction exports it, pg_dump
        # imports it (--snapshot), and it stays open until pg_dump has finished.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, version = cursor.fetchone()
        tables = connection.introspection.table_names(cursor, include_views=False)
        counts, migrations = _counts(cursor, tables), _migrations(cursor, tables)
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={target}",
                connection.settings_dict["NAME"],
            ]
        )
    return Snapshot(POSTGRES_FILE, counts, migrations, version)


def _postgres_restore(file: Path) -> None:
    connection.close()
    # One transaction: a restore that fails leaves the database as it was. Owners and grants
    # are the old server's roles, which the new one may not have.
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(file),
        ]
    )


def table_counts(tables: list[str]) -> dict[str, int | None]:
    """Rows per table of the configured database; None for a table it lacks."""
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor, include_views=False))
        found = _counts(cursor, [name for name in tables if name in present])
    return {name: found.get(name) for name in tables}


def held_data() -> dict[str, int]:
    """The portal's data the configured database holds, by what a restore would overwrite: its
    user accounts and its committees (a database `migrate` has just created holds neither)."""
    present = set(connection.introspection.table_names(include_views=False))
    held = {}
    for label, model in ((_("user accounts"), get_user_model()), (_("committees"), Committee)):
        if model._meta.db_table in present and (count := model.objects.count()):
            held[label] = count
    return held

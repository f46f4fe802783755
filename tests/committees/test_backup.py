"""`make backup` and `make restore`, end to end, on the database the tests run on: SQLite in
`make test`'s first pass, PostgreSQL in its second (.ci/run). The demo district is loaded once a
module into the test database, a report compiled from it and the whole backed up; the archive is
restored into a fresh database the test creates (a new SQLite file, a new PostgreSQL database),
whose every table must hold as many rows as the source's, and whose report, compiled again,
must be the same JSON.

The report's JSON holds no compile time, run number or file path (those live in the ReportRun
row and the file's folder, media/reports/YEAR/RUN/), and its ages count to the round's deadline,
not to the compile day: nothing in it may differ."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.demo_snapshot import load_demo_once
from tests.test_celery_worker import database_url

# The marker has pytest-django create the test database (a module fixture alone does not ask for it).
pytestmark = pytest.mark.django_db

TIMEOUT = 300
YEAR = 2024


@dataclass
class Database:
    """A database as the subprocesses see it: its DATABASE_URL and its MEDIA_ROOT."""

    url: str
    media: Path
    var: Path

    def env(self) -> dict[str, str]:
        environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
        environment.update(DATABASE_URL=self.url, MEDIA_ROOT=str(self.media), XISHAN_VAR_DIR=str(self.var))
        return environment

    def run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            command, cwd=settings.BASE_DIR, env=self.env(), capture_output=True, text=True, timeout=TIMEOUT
        )
        if check and done.returncode != 0:
            pytest.fail(f"{' '.join(command)} ended with {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done

    def compile_report(self, out: Path) -> tuple[dict, int]:
        """The district's report of YEAR as JSON, and the number of its run."""
        done = self.run(
            str(Path(settings.BASE_DIR) / ".venv/bin/python"), "manage.py", "compile_report",
            "--year", str(YEAR), "--format", "json", "--out", str(out),
        )  # fmt: skip
        run = int(re.search(r"#(\d+)", done.stdout).group(1))
        return json.loads((out / f"report-{YEAR}-XS.json").read_text(encoding="utf-8")), run


def source_counts() -> dict[str, int]:
    """Rows of every table of the test database."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
        return {name: _count(cursor, name) for name in tables}


def _count(cursor, table: str) -> int:
    cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
    return cursor.fetchone()[0]


def media_files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


@dataclass
class Source:
    database: Database
    archive: Path
    counts: dict[str, int]
    report: dict
    run: int


@pytest.fixture(scope="module")
def source(django_db_setup, django_db_blocker, tmp_path_factory) -> Source:
    """The test database with the demo and a compiled report, committed (the subprocesses read
    it), backed up by `make backup`; emptied again after the module, as a live-server test
    leaves it."""
    folder = tmp_path_factory.mktemp("backup-source")
    try:
        with django_db_blocker.unblock():
            load_demo_once()
            database = Database(database_url(connection.settings_dict), folder / "media", folder / "var")
            report, run = database.compile_report(folder / "report")
            counts = source_counts()
        database.run("make", "--no-print-directory", "backup", f"BACKUP_DIR={folder / 'backups'}")
        (archive,) = (folder / "backups").glob("xishan-*.tar.gz")
        yield Source(database, archive, counts, report, run)
    finally:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


def _fresh_postgres(name: str) -> str:
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quoted}")
    return database_url({**connection.settings_dict, "NAME": name})


def restored_counts(database: Database) -> dict[str, int]:
    """Rows of every table of the restored database, read with the database's own client library."""
    if database.url.startswith("sqlite"):
        with sqlite3.connect(database.url.removeprefix("sqlite:///")) as db:
            names = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
            return {name: _count(db.cursor(), name) for (name,) in db.execute(names).fetchall()}
    import psycopg

    with psycopg.connect(database.url) as db, db.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {name: _count(cursor, name) for (name,) in cursor.fetchall()}


@pytest.fixture(scope="module")
def target(source, django_db_blocker, tmp_path_factory):
    """A fresh, empty database (nothing migrated) and media folder, for `make restore`."""
    folder = tmp_path_factory.mktemp("backup-target")
    postgres = connection.vendor == "postgresql"
    name = f"{connection.settings_dict['NAME']}_restore"
    with django_db_blocker.unblock():
        url = _fresh_postgres(name) if postgres else f"sqlite:///{folder / 'restored.sqlite3'}"
    yield Database(url, folder / "media", folder / "var")
    if postgres:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


def restore(database: Database, archive: Path, *, force: bool = False, check: bool = True):
    command = ["make", "--no-print-directory", "restore", f"BACKUP={archive}"] + (["FORCE=1"] if force else [])
    return database.run(*command, check=check)


@pytest.fixture(scope="module")
def restored(source, target) -> subprocess.CompletedProcess:
    return restore(target, source.archive)


def test_the_archive_holds_the_database_the_media_and_a_manifest(source):
    with tarfile.open(source.archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["vendor"] == connection.vendor
    assert manifest["database_file"] in names
    assert manifest["tables"] == source.counts
    assert manifest["media"]["files"] == len(media_files(source.database.media)) == 1
    assert f"media/reports/{YEAR}/{source.run}/report-{YEAR}-XS.json" in names
    assert "0001_initial" in manifest["migrations"]["committees"]
    assert re.fullmatch(r"xishan-\d{8}-\d{6}\.tar\.gz", source.archive.name)
    assert manifest["created_at"].endswith("+08:00")


def test_a_restore_brings_back_every_row_and_the_media(source, target, restored):
    assert "行数与备份清单一致" in restored.stdout
    assert restored_counts(target) == source.counts
    assert media_files(target.media) == media_files(source.database.media)


def test_the_report_compiled_after_a_restore_is_the_same(source, target, restored, tmp_path):
    report, run = target.compile_report(tmp_path)
    assert report == source.report
    assert run == source.run + 1  # the ids go on from the restored ones (sequences, sqlite_sequence)


def test_a_restore_into_a_database_that_holds_data_needs_force(source, target, restored, tmp_path):
    refused = restore(target, source.archive, check=False)
    assert refused.returncode != 0
    assert "目标已有数据" in refused.stderr and "FORCE=1" in refused.stderr
    # Forced, over the data: the manifest says one table had a row more, which the check finds.
    with tarfile.open(source.archive) as tar:
        tar.extractall(tmp_path / "archive", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    manifest = json.loads((tmp_path / "archive" / "manifest.json").read_text())
    manifest["tables"]["committees_committee"] += 1
    (tmp_path / "archive" / "manifest.json").write_text(json.dumps(manifest))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(tampered, "w:gz") as tar:
        for path in sorted((tmp_path / "archive").iterdir()):
            tar.add(path, arcname=path.name)
    forced = restore(target, tampered, force=True, check=False)
    assert forced.returncode != 0
    assert "committees_committee" in forced.stderr and "恢复后的行数与备份清单不一致" in forced.stderr
    assert restored_counts(target) == source.counts  # everything else came back as it was
    assert list(target.media.parent.glob("media.replaced-*"))  # the media folder that was there, kept


def test_a_file_that_is_not_an_archive_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "notes.tar.gz").write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="不是本平台的备份文件"):
        call_command("restore", str(tmp_path / "notes.tar.gz"))
    with pytest.raises(CommandError, match="请指定要恢复的备份文件"):
        call_command("restore")


def test_an_archive_of_the_other_database_kind_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    (tmp_path / "database.dump").write_bytes(b"")
    manifest = {"format": 1, "vendor": other, "database_file": "database.dump", "tables": {}, "media": {"files": 0}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with tarfile.open(tmp_path / "other.tar.gz", "w:gz") as tar:
        for name in ("manifest.json", "database.dump"):
            tar.add(tmp_path / name, arcname=name)
    with pytest.raises(CommandError, match="备份中的数据库是"):
        call_command("restore", str(tmp_path / "other.tar.gz"))


@pytest.mark.parametrize("odd", ["link", "outside", "absolute"])
def test_an_archive_with_a_link_or_a_path_outside_is_refused_whole(tmp_path, settings, odd):
    """Whatever the Python (tarfile's "data" filter came with 3.11.4): a member that is not a plain
    file or folder inside the folder it unpacks into refuses the archive, and nothing is written."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "manifest.json").write_text(json.dumps({"format": 1, "database_file": "db.sqlite3"}))
    with tarfile.open(tmp_path / "odd.tar.gz", "w:gz") as tar:
        tar.add(tmp_path / "manifest.json", arcname="manifest.json")
        member = tarfile.TarInfo({"link": "db.sqlite3", "outside": "../evil.txt", "absolute": "/tmp/evil.txt"}[odd])
        if odd == "link":
            member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
        else:
            member.size = 4
        tar.addfile(member, io.BytesIO(b"evil") if odd != "link" else None)
    with pytest.raises(CommandError, match="不是本平台的备份文件"):
        call_command("restore", str(tmp_path / "odd.tar.gz"))
    assert not (tmp_path / "evil.txt").exists()

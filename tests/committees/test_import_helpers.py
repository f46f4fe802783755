"""Helpers shared by the import tests (a database snapshot, workbooks, uploads), and the tests of
the kept-upload store they rely on."""

from __future__ import annotations

import datetime
import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from committees.imports import TABLES
from committees.imports.uploads import FOLDER, upload_delete, upload_keep, upload_read, uploads_prune
from committees.models import (
    BackboneRole,
    Person,
    PointsRule,
    Post,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from tests.xlsx import book_bytes

REGISTRY = (Person, Post, Volunteer, VolunteerTeam, TutoringStation, BackboneRole, PointsRule)
THROUGH = (Volunteer.backbone_roles.through, VolunteerTeam.members.through)


@pytest.fixture
def media_root(settings, tmp_path):
    """Kept uploads go to a folder of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def snapshot() -> dict:
    """Every registry row, its history count and the many-to-many links: equal before and after
    means the database did not change."""
    state = {}
    for model in REGISTRY:
        state[model.__name__] = list(model.objects.order_by("pk").values())
        state[f"{model.__name__}.history"] = model.history.count()
    for through in THROUGH:
        state[through.__name__] = list(through.objects.order_by("pk").values())
    return state


def headers(table: str) -> list[str]:
    return [c.header for c in TABLES[table].spec().columns]


def workbook(table: str, rows: list[list], *, header: list[str] | None = None, tweak=None, sheet=None) -> bytes:
    """A workbook with the table's sheet: a header row (the spec's unless given) and `rows`."""
    book = Workbook()
    ws = book.active
    ws.title = sheet or TABLES[table].spec().name
    ws.append(header or headers(table))
    for row in rows:
        ws.append(row)
    if tweak:
        tweak(ws)
    return book_bytes(book)


def edited(data: bytes, sheet: str, edit) -> bytes:
    book = load_workbook(io.BytesIO(data))
    edit(book[sheet])
    return book_bytes(book)


def column_of(ws, header: str) -> int:
    return next(c.column for c in ws[1] if c.value == header)


def row_where(ws, header: str, value) -> int:
    column = column_of(ws, header)
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, column).value == value)


def upload(client, table: str, data: bytes, name: str = "registry.xlsx"):
    return client.post(reverse(f"imports:{table}_upload"), {"file": SimpleUploadedFile(name, data)})


def confirm(client, table: str):
    return client.post(reverse(f"imports:{table}_confirm"))


def errors_of(response) -> list[str]:
    """The errors a preview or an upload page shows."""
    if "summary" in response.context:
        return response.context["summary"]["errors"]
    return [response.context["error"]] if response.context.get("error") else []


# The kept-upload store ------------------------------------------------------------------


def test_a_kept_upload_reads_back_and_goes_when_deleted(media_root):
    name = upload_keep(b"PK workbook bytes")
    assert upload_read(name) == b"PK workbook bytes"
    assert (media_root / FOLDER / name).exists()
    upload_delete(name)
    assert upload_read(name) is None


def test_a_name_that_is_not_ours_reads_nothing(media_root):
    (media_root / "secret.txt").parent.mkdir(parents=True, exist_ok=True)
    (media_root / "secret.txt").write_bytes(b"x")
    assert upload_read("../secret.txt") is None
    assert upload_read("") is None


def test_stale_uploads_are_pruned(media_root):
    old, fresh = upload_keep(b"old"), upload_keep(b"fresh")
    day_ago = time.time() - 2 * 24 * 3600
    os.utime(media_root / FOLDER / old, (day_ago, day_ago))
    assert uploads_prune(older_than=datetime.timedelta(days=1)) == 1
    assert upload_read(old) is None and upload_read(fresh) == b"fresh"

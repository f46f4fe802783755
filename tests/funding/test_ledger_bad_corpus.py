"""The bad-input corpus (tests/badfiles.py) through the budgets upload page (upload → preview →
confirm), as tests/test_bad_input_corpus.py puts it through the registry's and the surveys':
every file is refused with an error in Chinese (no 500, no English), nothing is kept for the
confirm, and no table of the ledger gains or loses a row."""

from __future__ import annotations

import logging

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from funding.excel import TABLES
from tests.badfiles import CORPUS, Target
from tests.committees.test_import_helpers import errors_of, media_root  # noqa: F401
from tests.test_bad_input_corpus import assert_chinese
from tests.xlsx import book_bytes

pytestmark = pytest.mark.usefixtures("media_root")


def sheet(table: str, rows: list[list]) -> bytes:
    book = Workbook()
    ws = book.active
    spec = TABLES[table].spec()
    ws.title = spec.name
    ws.append([c.written_header for c in spec.columns])
    for row in rows:
        ws.append(row)
    return book_bytes(book)


def budget(code: str, name: str, amount=3.5) -> list:
    return [code, name, 2022, amount, "是", "锡财〔2022〕1号", ""]


def budget_target() -> Target:
    name = TABLES["budgets"].spec().name
    return Target(
        path="registry",  # read like the registry's imports: no meta sheet (badfiles.tampered_meta)
        data=sheet("budgets", [budget("XS01V01", "东港村关工委"), budget("XS01V02", "港下社区关工委")]),
        sheet=name,
        number=(name, "C2"),
        text=(name, "B2"),
        code=(name, "A2"),
        money=(name, "D2"),
        data_row=2,
        other_town=sheet("budgets", [budget("XS03V01", "甘露村关工委")]),
        other_year=sheet("entries", [[None, "XS01V01", "东港村关工委", 2022, "2022-03-01", 1, "财政拨款"]]),
        extra={"foreign_code": "XS03V01"},
    )


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_app_config("funding").get_models()}


def upload(client, data: bytes):
    return client.post(reverse("funding:budgets_upload"), {"file": SimpleUploadedFile("budgets.xlsx", data)})


def test_the_target_is_accepted(xs, client_for):
    response = upload(client_for(xs.dg_secretary), budget_target().data)
    assert errors_of(response) == [] and response.context["summary"]["counts"]["new"] == 2


@pytest.mark.parametrize("case", CORPUS, ids=list(CORPUS))
def test_a_bad_file_is_refused_on_the_budgets_upload(xs, client_for, case, caplog):
    client = client_for(xs.dg_secretary)
    before = counts()
    response = upload(client, CORPUS[case](budget_target()))
    assert response.status_code in (200, 413)
    assert_chinese(errors_of(response))
    assert "确认导入" not in response.content.decode()
    assert client.post(reverse("funding:budgets_confirm")).status_code == 302  # nothing kept to confirm
    assert counts() == before
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]

"""The bad-input corpus (tests/badfiles.py) through the funding upload pages (upload → preview →
confirm) — budgets, five-old subsidies, donors, study-aid programmes and sessions, donations —
as tests/test_bad_input_corpus.py puts it through the registry's and the surveys': every file is
refused with an error in Chinese (no 500, no English), nothing is kept for the confirm, and no
table of funding/ gains, loses or changes a row."""

from __future__ import annotations

import datetime
import logging
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from committees.models import Kind
from funding import donation_services as services
from funding.donation_models import AidProgramme, AidSession, DonorKind
from funding.excel import TABLES, ledger_export
from funding.models import SubsidyKind, SubsidyPayment
from tests.badfiles import CORPUS, Target
from tests.committees.test_import_helpers import errors_of, media_root  # noqa: F401
from tests.factories import CommitteeFactory, PersonFactory
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


YEAR = 2022
# Each exported table's cells to spoil (the columns of its spec): a whole number, a text (the
# committee's name: checked against the code), the committee code and a money cell.
CELLS = {
    "subsidies": {"number": "A2", "text": "C2", "code": "B2", "money": "I2"},
    "donors": {"number": "D2", "text": "B2", "code": "A2", "money": "D2"},  # no number: the kind's choice
    "programmes": {"number": "D2", "text": "B2", "code": "A2", "money": "D2"},
    "sessions": {"number": "H2", "text": "B2", "code": "A2", "money": "G2"},
    "donations": {"number": "D2", "text": "C2", "code": "B2", "money": "G2"},
}


@pytest.fixture
def records(xs):
    """Two of each record in each town (the exports' rows)."""
    for town, village in ((xs.dg, xs.dg_v1), (xs.eh, xs.eh_v1)):
        enterprise = CommitteeFactory(kind=Kind.ENTERPRISE, parent=town)
        for committee in (town, village):
            SubsidyPayment.objects.create(person=PersonFactory(), committee=committee, year=YEAR,
                                          kind=SubsidyKind.BACKBONE, months=12, computed=Decimal("0.60"),
                                          amount=Decimal("0.60"))  # fmt: skip
            donor = services.donor_add(actor=xs.admin, committee=committee, name=f"{committee.name}捐赠方",
                                       kind=DonorKind.ENTERPRISE, enterprise=enterprise)  # fmt: skip
            programme = services.programme_save(
                actor=xs.admin, programme=AidProgramme(committee=committee), name="助学金", first_year=2010
            )
            services.session_save(actor=xs.admin, session=AidSession(programme=programme), year=YEAR, number=1,
                                  amount=Decimal("1.00"), students=10, awards=10)  # fmt: skip
            services.donation_add(actor=xs.admin, donor=donor, committee=committee, year=YEAR,
                                  date=datetime.date(YEAR, 6, 1), amount=Decimal("2.00"))  # fmt: skip


def export(table: str, user) -> bytes:
    return ledger_export(TABLES[table], user, YEAR if TABLES[table].yearly else None, title="测试")


def target_of(table: str, xs) -> Target:
    if table == "budgets":
        return budget_target()
    name = TABLES[table].spec().name
    cells = {kind: (name, cell) for kind, cell in CELLS[table].items()}
    return Target(
        path="registry",
        data=export(table, xs.dg_secretary),
        sheet=name,
        data_row=2,
        other_town=export(table, xs.eh_secretary),
        other_year=sheet("budgets", [budget("XS01V01", "东港村关工委")]),
        extra={"foreign_code": xs.eh_v1.code},
        **cells,
    )


def snapshot() -> dict[str, list]:
    return {
        m._meta.label: sorted(map(str, m._default_manager.values_list()))
        for m in apps.get_app_config("funding").get_models()
    }


def upload(client, table: str, data: bytes):
    url = reverse(f"funding:{table}_upload")
    return client.post(url, {"file": SimpleUploadedFile(f"{table}.xlsx", data)})


TABLE_NAMES = ["budgets", *CELLS]
# A file that is no workbook is refused before any table reads it: those cases run on the budgets'
# page; every case from the sheets on (sheets, columns, cells, keys, another town) on every page.
SHEET_CASES = list(CORPUS)[list(CORPUS).index("wrong sheet names") :]
PAIRS = [("budgets", case) for case in CORPUS] + [(table, case) for table in CELLS for case in SHEET_CASES]


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_the_target_is_accepted(xs, client_for, records, table):
    response = upload(client_for(xs.dg_secretary), table, target_of(table, xs).data)
    counts = response.context["summary"]["counts"]
    assert errors_of(response) == [] and counts["new"] + counts["unchanged"] == 2


@pytest.mark.parametrize(("table", "case"), PAIRS, ids=[f"{table}: {case}" for table, case in PAIRS])
def test_a_bad_file_is_refused_on_each_funding_upload(xs, client_for, records, table, case, caplog):
    client = client_for(xs.dg_secretary)
    before = snapshot()
    response = upload(client, table, CORPUS[case](target_of(table, xs)))
    assert response.status_code in (200, 413)
    assert_chinese(errors_of(response))
    assert "确认导入" not in response.content.decode()
    assert client.post(reverse(f"funding:{table}_confirm")).status_code == 302  # nothing kept to confirm
    assert snapshot() == before
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]

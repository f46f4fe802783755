"""The bad-input corpus (tests/badfiles.py) through the real upload pages: the registry's volunteers
upload (upload → preview → confirm), a town's survey workbook upload (upload → preview →
confirm) and a spot-check draw's checklist upload (upload → preview → confirm). Every file is
refused on each with an error in Chinese (no 500, no English), nothing is kept for the confirm,
and no table of committees, surveys or evaluations gains or loses a row.
"""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from committees.headers import header_text
from evaluations.draw_services import draw_make
from evaluations.models import SpotCheckDraw
from tests import badfiles
from tests.badfiles import CORPUS, Target
from tests.committees.test_import_helpers import confirm, errors_of, media_root, upload, workbook  # noqa: F401
from tests.corpus_report import record
from tests.surveys import test_excel_plan
from tests.surveys.conftest import registry  # noqa: F401 - a fixture
from tests.surveys.test_excel_plan import post_confirm, post_upload, template

pytestmark = pytest.mark.usefixtures("media_root")
dg_round = test_excel_plan.dg_round  # a fixture

# Words a Chinese message may hold: names of file kinds and programs, and units.
ALLOWED_WORDS = {"excel", "xlsx", "xls", "xlsm", "xlsb", "csv", "ods", "doc", "pdf", "xml", "zip", "mb"}
ALLOWED_WORDS |= {"office", "word", "powerpoint", "opendocument", "wps", "libreoffice"}
QUOTED = re.compile(r"“[^”]*”|（[^）]*）")


def volunteer(code: str, name: str, person: str, birth_year=1956) -> list:
    """A new person's row (no 人员编码 yet)."""
    return [code, name, None, f"志愿者{person}", "男", birth_year, "13900000000", "老教师", "参与层"]


def registry_target(xs) -> Target:
    rows = [volunteer("XS01V01", "东港村关工委", "P9001"), volunteer("XS01V02", "港下社区关工委", "P9002")]
    sheet = "五老志愿者"
    return Target(
        path="registry",
        data=workbook("volunteers", rows),
        sheet=sheet,
        number=(sheet, "F2"),
        text=(sheet, "D2"),
        code=(sheet, "A2"),
        money=(sheet, "F2"),
        data_row=2,
        other_town=workbook("volunteers", [volunteer("XS03V01", "甘露村关工委", "P9003")]),
        other_year=workbook("people", [["XS01V01", "东港村关工委", "P9004", "张三"]]),
        extra={"foreign_code": "XS03V01"},
    )


def survey_target(xs, survey_round) -> Target:
    from tests.surveys.conftest import open_round

    t1, t2 = "表1 班子队伍", "表2 经费落实"
    data = template(survey_round, xs.dg)
    book = load_workbook(io.BytesIO(data), read_only=True)

    def cell(sheet: str, header: str) -> tuple[str, str]:
        """The cell of 东港村关工委 (row 3) under `header`."""
        headers = [header_text(h, {header}) for h in next(book[sheet].iter_rows(max_row=1, values_only=True))]
        return sheet, f"{get_column_letter(headers.index(header) + 1)}3"  # a year's note after it or not

    earlier = open_round(xs, 2023, deadline=survey_round.deadline)
    return Target(
        path="survey",
        data=data,
        sheet=t1,
        number=cell(t1, "班子成员数"),
        text=cell(t1, "主任姓名"),
        code=cell(t1, "单位编码"),
        money=cell(t2, "预算安排(万元)"),
        data_row=3,
        other_town=template(survey_round, xs.eh),
        other_year=template(earlier, xs.dg),
        extra={"foreign_code": "XS03V01"},
    )


def counts() -> dict[str, int]:
    """The row count of every table of committees, surveys and evaluations (their history tables included)."""
    models = [
        model for app in ("committees", "surveys", "evaluations") for model in apps.get_app_config(app).get_models()
    ]
    return {model._meta.label: model._default_manager.count() for model in models}


def english(message: str) -> list[str]:
    """English words in a message, once the values it quotes are taken out."""
    words = re.findall(r"[A-Za-z]{2,}", QUOTED.sub("", message))
    return [w for w in words if w.lower() not in ALLOWED_WORDS]


def assert_chinese(messages: list[str]) -> None:
    assert messages, "no error shown"
    for message in messages:
        assert re.search(r"[\u4e00-\u9fff]", message), message
        assert not english(message), message


def checklist_target(xs, client) -> Target:
    """东港镇's draw of its two villages, both sheets filled in."""
    from tests.evaluations.test_draw_checklist import YEAR, download, fill

    def filled(town, year: int) -> tuple[SpotCheckDraw, bytes]:
        draw = draw_make(actor=xs.admin, committee=town, year=year, method="count", amount=2, seed=1)
        client.force_login(xs.admin)
        return draw, fill(fill(download(client, draw), 0), 1)

    other_town, other_year = filled(xs.eh, YEAR)[1], filled(xs.dg, YEAR - 1)[1]
    draw, data = filled(xs.dg, YEAR)
    sheet = load_workbook(io.BytesIO(data), read_only=True).sheetnames[0]
    return Target(
        path="checklist",
        data=data,
        sheet=sheet,
        number=(sheet, "D6"),
        text=(sheet, "E2"),
        code=(sheet, "C1"),
        money=(sheet, "C2"),
        data_row=6,
        other_town=other_town,
        other_year=other_year,
        extra={"foreign_code": "XS03V01", "draw": draw},
    )


@pytest.fixture
def targets(xs, dg_round, client):
    return {
        "registry": registry_target(xs),
        "survey": survey_target(xs, dg_round),
        "checklist": checklist_target(xs, client),
    }


def checklist_upload(client, target: Target, data: bytes):
    draw = target.extra["draw"]
    file = SimpleUploadedFile("检查表.xlsx", data)
    return client.post(f"/evaluations/draws/{draw.pk}/checklist/upload/", {"file": file})


def checklist_confirm(client, target: Target):
    return client.post(f"/evaluations/draws/{target.extra['draw'].pk}/checklist/confirm/")


def test_the_targets_are_accepted(xs, client_for, dg_round, targets):
    """The corpus spoils files that both pages take: each refusal is the spoiling's doing."""
    client = client_for(xs.dg_secretary)
    response = upload(client, "volunteers", targets["registry"].data, "volunteers.xlsx")
    assert errors_of(response) == [] and response.context["summary"]["counts"]["new"] == 2
    response = post_upload(client, dg_round, xs.dg, targets["survey"].data)
    assert response.context["plan"].ok, [str(e) for e in response.context["plan"].errors]
    plan = checklist_upload(client, targets["checklist"], targets["checklist"].data).context["plan"]
    assert plan.ok and len(plan.to_record) == 2, [str(e) for e in plan.errors]


@pytest.mark.parametrize("case", CORPUS, ids=list(CORPUS))
def test_a_bad_file_is_refused_on_both_upload_pages(xs, client_for, dg_round, targets, case, caplog):
    client = client_for(xs.dg_secretary)

    before = counts()
    data = CORPUS[case](targets["registry"])
    response = upload(client, "volunteers", data, "volunteers.xlsx")
    assert response.status_code in (200, 413)
    assert_chinese(errors_of(response))
    assert "确认导入" not in response.content.decode()
    assert confirm(client, "volunteers").status_code == 302  # nothing kept to confirm
    record(case, "registry", wrote=counts() != before)
    assert counts() == before

    data = CORPUS[case](targets["survey"])
    response = post_upload(client, dg_round, xs.dg, data)
    assert response.status_code in (200, 413)
    plan = response.context.get("plan")
    shown = [e.message for e in plan.errors] if plan else [response.context["error"]]
    assert_chinese(shown)
    assert response.context.get("confirm") is not True
    assert post_confirm(client, dg_round, xs.dg).status_code == 302
    record(case, "survey", wrote=counts() != before)
    assert counts() == before
    # the readers knew the file: no trace logged by their last-resort handlers, no server error
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("case", CORPUS, ids=list(CORPUS))
def test_a_bad_file_is_refused_on_the_checklist_upload(xs, client_for, targets, case, caplog):
    client = client_for(xs.dg_secretary)
    target = targets["checklist"]
    before = counts()
    response = checklist_upload(client, target, CORPUS[case](target))
    assert response.status_code in (200, 413)
    plan = response.context.get("plan")
    assert_chinese([e.message for e in plan.errors] if plan else [response.context["error"]])
    assert "确认导入" not in response.content.decode()
    assert checklist_confirm(client, target).status_code == 302  # nothing kept to confirm
    record(case, "checklist", wrote=counts() != before)
    assert counts() == before
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 60


def test_the_zip_bomb_is_2_megabytes_unpacking_to_400():
    bomb = badfiles.zip_bomb()
    assert len(bomb) < 2.5 * 1024 * 1024
    assert sum(i.file_size for i in badfiles.zipfile.ZipFile(badfiles.io.BytesIO(bomb)).infolist()) >= 400 * 1024**2

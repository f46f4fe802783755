"""The sheets of locked forms (submitted or approved) in an upload
are skipped, not fatal. A town's own workbook uploaded back unchanged imports with 0 errors and
0 changes; a locked sheet with changes is listed as not imported, with its differences, and the
other sheets' changes are written when the user confirms. All through the real pages."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys import services
from surveys.excel import INSTRUCTIONS_SHEET
from surveys.models import State
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.surveys import test_excel_plan
from tests.surveys.conftest import submission
from tests.surveys.test_excel_plan import edited, post_confirm, post_upload, snapshot, values

pytestmark = pytest.mark.usefixtures("media_root")
dg_round = test_excel_plan.dg_round  # a fixture

LOCKED_NOTE = "该表已提交/已审核，如需修改请联系区关工委退回"


@pytest.fixture
def locked(xs, dg_round):
    """东港镇's 表2 submitted and 表3 approved; 表1, 表4 and 表5 in draft."""
    services.submission_submit(actor=xs.dg_secretary, submission=submission(dg_round, xs.dg, 2))
    form3 = services.submission_submit(actor=xs.dg_secretary, submission=submission(dg_round, xs.dg, 3))
    services.submission_approve(actor=xs.staff, submission=form3)
    return dg_round


def downloaded(client, survey_round, town) -> bytes:
    url = reverse("surveys:template_download", kwargs={"year": survey_round.year, "town_pk": town.pk})
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_towns_unchanged_workbook_imports_with_no_error_and_no_change(xs, locked, client_for):
    client = client_for(xs.dg_secretary)
    data = downloaded(client, locked, xs.dg)
    before = snapshot()
    preview = post_upload(client, locked, xs.dg, data)
    plan = preview.context["plan"]
    assert preview.status_code == 200 and plan.errors == [] and not plan.changed
    assert [(s.name, s.changed) for s in plan.skipped] == [
        ("表2 经费落实", False),
        ("表3 五有五好", False),
        ("表3B 企业学校", False),
    ]
    page = preview.content.decode()
    assert "表2已上报，本表与表中数据相同，已跳过" in page
    assert "表3已审核通过，本表与表中数据相同，已跳过" in page
    # Nothing to import: no confirm is offered, and one posted anyway writes nothing.
    assert preview.context["confirm"] is False and "文件与当前填报内容相同" in page
    response = post_confirm(client, locked, xs.dg)
    assert response.status_code == 302 and snapshot() == before


def test_a_changed_locked_sheet_is_reported_and_the_other_sheets_are_written_after_confirming(xs, locked, client_for):
    client = client_for(xs.dg_secretary)
    data = edited(
        downloaded(client, locked, xs.dg),
        ("表1", "XS01", "班子成员数", 9),
        ("表2", "XS01", "预算安排(万元)", 99),
    )
    before = snapshot()
    preview = post_upload(client, locked, xs.dg, data)
    plan = preview.context["plan"]
    assert plan.errors == [] and preview.context["confirm"] is True
    assert [s.name for s in plan.sheets if s.changed] == ["表1 班子队伍"]
    (form2,) = [s for s in plan.skipped if s.changed]
    assert form2.name == "表2 经费落实"
    assert [(c.committee, c.header, c.new) for c in form2.changes] == [
        ("东港镇关工委（XS01）", "预算安排(万元)", "99.00")
    ]
    page = preview.content.decode()
    assert LOCKED_NOTE in page and "不导入" in page
    assert snapshot() == before  # the preview writes nothing
    response = post_confirm(client, locked, xs.dg)
    assert response.status_code == 302
    assert values(locked, xs.dg, 1)["leadership_size"] == 9
    assert values(locked, xs.dg, 2)["budget"] != "99.00"
    assert submission(locked, xs.dg, 2).state == State.SUBMITTED
    assert submission(locked, xs.dg, 3).state == State.APPROVED


def test_a_locked_sheet_with_a_bad_cell_does_not_refuse_the_file(xs, locked, client_for):
    client = client_for(xs.dg_secretary)
    data = edited(
        downloaded(client, locked, xs.dg),
        ("表1", "XS01", "班子成员数", 9),
        ("表2", "XS01V01", "预算安排(万元)", "十万"),
    )
    plan = post_upload(client, locked, xs.dg, data).context["plan"]
    assert plan.errors == []
    (form2,) = [s for s in plan.skipped if s.changed]
    assert [(p.row, p.header, p.value) for p in form2.problems] == [(3, "预算安排(万元)", "十万")]
    post_confirm(client, locked, xs.dg)
    assert values(locked, xs.dg, 1)["leadership_size"] == 9


def test_a_form_locked_after_the_preview_refuses_the_confirm(xs, dg_round, client_for):
    client = client_for(xs.dg_secretary)
    data = edited(
        downloaded(client, dg_round, xs.dg), ("表1", "XS01", "班子成员数", 9), ("表2", "XS01", "预算安排(万元)", 9)
    )
    assert post_upload(client, dg_round, xs.dg, data).context["confirm"] is True
    services.submission_submit(actor=xs.staff, submission=submission(dg_round, xs.dg, 2))
    before = snapshot()
    response = post_confirm(client, dg_round, xs.dg)
    assert response.status_code == 200 and response.context["confirm"] is False
    assert "表2在预览之后已上报或已退回" in response.content.decode()
    assert snapshot() == before


def test_a_form_returned_after_the_preview_refuses_the_confirm(xs, locked, client_for):
    client = client_for(xs.dg_secretary)
    data = edited(
        downloaded(client, locked, xs.dg), ("表1", "XS01", "班子成员数", 9), ("表2", "XS01", "预算安排(万元)", 9)
    )
    assert post_upload(client, locked, xs.dg, data).context["confirm"] is True
    services.submission_return(actor=xs.staff, submission=submission(locked, xs.dg, 2), reason="请核对预算")
    before = snapshot()
    response = post_confirm(client, locked, xs.dg)
    assert response.status_code == 200 and response.context["confirm"] is False
    assert snapshot() == before  # the preview said 表2 would be skipped: it is not written unseen


def test_the_instructions_say_the_locked_sheets_are_skipped(xs, locked, client_for):
    wb = load_workbook(BytesIO(downloaded(client_for(xs.dg_secretary), locked, xs.dg)))
    lines = [row[0] or "" for row in wb[INSTRUCTIONS_SHEET].iter_rows(values_only=True)]
    (line,) = [line for line in lines if "表2 经费落实" in line and "不能修改" in line]
    assert "跳过" in line and "删除" not in line

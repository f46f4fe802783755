"""What no path may store in a submission, refused the same way by the grid and the Excel
import (surveys.validation.storage_issues, checked again by services.submission_save): a cell
with a control character (or a line break in a one-line cell), and more rows in a table than
spec.MAX_ROWS."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from committees.validators import find_control_character
from surveys import imports, services
from surveys.spec import MAX_ROWS
from surveys.validation import storage_issues
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.surveys import test_excel_plan
from tests.surveys.conftest import open_round, submission
from tests.surveys.forms import form, rows
from tests.surveys.test_entry_views import detail_url, grid_data
from tests.surveys.test_excel_plan import edited, plan_of, post_upload, sheet_named, snapshot, template
from tests.xlsx import book_bytes

dg_round = test_excel_plan.dg_round  # a fixture


@pytest.fixture
def round24(xs, registry):
    return open_round(xs, 2024)


def teams(count: int) -> list[dict]:
    return [
        {"committee_code": "XS01", "name": f"东港宣讲团{n}", "team_type": "宣讲团", "members": 3}
        for n in range(1, count + 1)
    ]


# The grid -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "value"), [("director_name", "张\x00三"), ("leadership_size", "7\x1b")])
def test_a_grid_save_with_a_control_character_is_refused_in_chinese_and_writes_nothing(
    xs, round24, client_for, key, value
):
    form1 = submission(round24, xs.dg, 1)
    before = snapshot()
    response = client_for(xs.dg_secretary).post(
        detail_url(form1), grid_data({"main": [{"committee_code": "XS01", key: value}]})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "控制字符" in page and "表1" in page
    assert "\x00" not in page and "\x1b" not in page
    assert snapshot() == before


def test_a_line_break_in_a_one_line_cell_is_refused_and_kept_in_a_multi_line_one(xs, round24):
    form1 = submission(round24, xs.dg, 1)
    with pytest.raises(ValidationError) as raised:
        services.submission_save(
            actor=xs.dg_secretary,
            submission=form1,
            rows={"main": [{"committee_code": "XS01", "director_name": "张\n三"}]},
        )
    assert "U+000A" in " ".join(raised.value.messages)
    services.submission_save(
        actor=xs.dg_secretary, submission=form1, rows={"main": [{"committee_code": "XS01", "notes": "一\n二"}]}
    )


def test_the_grid_refuses_more_rows_than_the_limit(xs, round24, client_for):
    form4 = submission(round24, xs.dg, 4)
    before = snapshot()
    response = client_for(xs.dg_secretary).post(detail_url(form4), grid_data({"B": teams(MAX_ROWS + 1)}))
    assert response.status_code == 200
    assert f"最多 {MAX_ROWS} 行，现有 {MAX_ROWS + 1} 行" in response.content.decode()
    assert snapshot() == before


def test_saving_refuses_more_rows_than_the_limit_whatever_the_path(xs, round24):
    form4 = submission(round24, xs.dg, 4)
    before = snapshot()
    with pytest.raises(ValidationError) as raised:
        services.submission_save(actor=xs.dg_secretary, submission=form4, rows={"B": teams(MAX_ROWS + 1)})
    assert f"最多 {MAX_ROWS} 行" in " ".join(raised.value.messages)
    assert snapshot() == before


def test_the_check_counts_filled_rows_and_names_the_sheet():
    section = form(4).section("B")
    assert storage_issues(section, [*teams(MAX_ROWS), {}, {"name": ""}]) == []
    (issue,) = storage_issues(section, teams(MAX_ROWS + 1))
    assert issue.is_error and issue.sheet == "表4B 志愿团队" and issue.rule == "too_many_rows"
    assert str(MAX_ROWS + 1) in issue.message


# The Excel import ---------------------------------------------------------------------------------


def with_teams(data: bytes, count: int) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet_named(wb, "表4B")]
    headers = [c.value for c in ws[1]]
    ws.delete_rows(2, ws.max_row)
    labels = {"committee_code": "单位编码", "name": "团队名称", "team_type": "团队类型", "members": "成员数"}
    for number, team in enumerate(teams(count), start=2):
        for key, header in labels.items():
            ws.cell(number, headers.index(header) + 1).value = team[key]
    return book_bytes(wb)


@pytest.mark.usefixtures("media_root")
def test_an_upload_with_more_rows_than_the_limit_is_refused_naming_the_sheet(xs, dg_round, client_for):
    data = with_teams(template(dg_round, xs.dg), MAX_ROWS + 1)
    plan = plan_of(xs, dg_round, data)
    assert not plan.ok
    refused = [i for i in plan.errors if i.rule == "too_many_rows"]
    assert [(i.sheet, i.row) for i in refused] == [("表4B 志愿团队", None)]
    before = snapshot()
    response = post_upload(client_for(xs.dg_secretary), dg_round, xs.dg, data)
    page = response.content.decode()
    assert "表4B 志愿团队" in page and f"最多 {MAX_ROWS} 行" in page
    with pytest.raises(ValidationError):
        imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    assert snapshot() == before


def test_an_upload_at_the_limit_is_planned(xs, dg_round):
    plan = plan_of(xs, dg_round, with_teams(template(dg_round, xs.dg), MAX_ROWS))
    assert [i for i in plan.errors if i.rule == "too_many_rows"] == []


@pytest.mark.parametrize(
    ("prefix", "header", "value"),
    [("表4B", "团队名称", "东港\r\n宣讲团"), ("表1", "备注", "说明\x9b31m")],
)
def test_an_upload_with_a_line_break_in_a_name_or_a_control_character_is_refused(xs, dg_round, prefix, header, value):
    row = 2 if prefix == "表4B" else "XS01"
    plan = plan_of(xs, dg_round, edited(template(dg_round, xs.dg), (prefix, row, header, value)))
    assert not plan.ok
    # Refused by the workbook reader (a control character) or by the form's rule (a line break).
    (issue,) = [i for i in plan.errors if "控制字符" in i.message]
    assert issue.sheet.startswith(prefix) and issue.header == header
    assert find_control_character(str(issue.value or "")) is None  # never echoed as it is


def test_a_line_break_in_a_multi_line_cell_of_an_upload_is_kept(xs, dg_round):
    plan = plan_of(xs, dg_round, edited(template(dg_round, xs.dg), ("表1", "XS01", "备注", "第一行\n第二行")))
    assert plan.ok
    imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    form1 = submission(dg_round, xs.dg, 1)
    assert form1.rows.get(committee__code="XS01").values["notes"] == "第一行\n第二行"


def test_the_valid_rows_of_every_form_have_nothing_unstorable():
    for number in range(1, 6):
        for name, section_rows in rows(number).items():
            assert storage_issues(form(number).section(name), section_rows) == []

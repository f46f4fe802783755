"""The report's rule "rectification_overdue" (整改逾期) and its 问题清单's list of the 五有五好
rectifications open on the report's date, with their age in days as of that date."""

from __future__ import annotations

import datetime
import io
import json

from openpyxl import load_workbook

from evaluations.models import ReviewKind, ReviewResult
from evaluations.selectors import standard_in_force
from evaluations.services import record_review
from surveys.report import html, json_output, workbook
from surveys.report.models import ReportRun
from surveys.report.runs import report_data_build
from tests.evaluations.helpers import all_met, regression
from tests.surveys.conftest import open_round

REPORT_DATE = datetime.date(2024, 10, 10)


def _report(xs):
    survey_round = open_round(xs, 2024)
    run = ReportRun(survey_round=survey_round, scope=xs.district, report_date=REPORT_DATE)
    return report_data_build(survey_round=survey_round, scope=xs.district, run=run)


def test_overdue_and_open_rectifications_as_of_the_reports_date(xs):
    regression(xs.staff, xs.dg_v1, datetime.date(2024, 6, 1), due=datetime.date(2024, 9, 1))  # overdue
    regression(xs.staff, xs.dg_v2, datetime.date(2024, 9, 1), due=datetime.date(2024, 12, 1))  # open, not due
    regression(xs.staff, xs.eh_v1, datetime.date(2024, 11, 1))  # opened after the report's date
    verified_later = regression(xs.staff, xs.eh_v2, datetime.date(2024, 3, 1), due=datetime.date(2024, 5, 1))
    standard = standard_in_force(datetime.date(2024, 11, 5))
    record_review(
        actor=xs.staff,
        committee=xs.eh_v2,
        kind=ReviewKind.SPOT_CHECK,
        day=datetime.date(2024, 11, 5),
        standard=standard,
        results=all_met(standard),
        result=ReviewResult.IMPROVED,
    )
    verified_later.refresh_from_db()
    assert verified_later.verified_by is not None  # verified today, but still open on 2024-10-10

    report = _report(xs)

    fired = [p for p in report.problems if p["rule"] == "rectification_overdue"]
    assert [(p["committee"], p["value"]) for p in fired] == [("XS01V01", 131), ("XS03V02", 223)]
    assert "已逾期39天" in fired[0]["message"] and "有活动经费" in fired[0]["message"]
    listed = {(r["committee"], r["overdue"], r["age_days"]) for r in report.rectifications}
    assert listed == {("XS01V01", True, 131), ("XS01V02", False, 39), ("XS03V02", True, 223)}


def test_the_workbook_the_html_and_the_json_list_them(xs):
    regression(xs.staff, xs.dg_v1, datetime.date(2024, 6, 1), due=datetime.date(2024, 9, 1))
    report = _report(xs)

    sheet = load_workbook(io.BytesIO(workbook.build(report)))[workbook.PROBLEMS_SHEET]
    cells = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert [
        "序号",
        "单位编码",
        "单位名称",
        "所属镇（街道）",
        "整改事项",
        "检查日期",
        "整改期限",
        "是否逾期",
        "已历天数",
    ] in cells
    assert [
        1,
        "XS01V01",
        "东港村关工委",
        "东港镇关工委",
        "有活动经费",
        "2024-06-01",
        "2024-09-01",
        "逾期",
        131,
    ] in cells
    body = html.render_body(report)
    assert 'id="report-rectifications"' in body and "截至2024年10月10日" in body
    data = json.loads(json_output.build(report))
    assert data["rectifications"] == [
        {"committee": "XS01V01", "due_date": "2024-09-01", "overdue": True, "age_days": 131}
    ]


def test_a_report_with_no_rectification_says_none(xs):
    report = _report(xs)
    assert report.rectifications == []
    assert not [p for p in report.problems if p["rule"] == "rectification_overdue"]
    body = html.render_body(report)
    section = body[body.index("“五有五好”整改情况") :]
    assert section.index("<p>无</p>") < section.index("</section>")

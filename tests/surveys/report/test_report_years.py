"""The demo's 2023 report says which year each figure is (docs/FORMS.md "Which year a figure
describes"): its money and activity sentences and the workbook's headers name 2022, the round's
data year; the draft is dated by the round and titled per report."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys.report import docx as report_docx
from surveys.report import form_sheets, runs, workbook
from surveys.report.models import ReportFormat
from surveys.report.narrative import num, wan
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from surveys.spec import Period
from tests.surveys.report.conftest import district, town, user
from tests.surveys.report.sheets import form_headers

pytestmark = pytest.mark.usefixtures("demo")

# A data-year indicator and how the draft writes its figure ({} is the figure).
DATA_YEAR_FIGURES = {
    "funds_budget_wan": "预算安排工作经费{}万元",
    "funds_in_place_wan": "实际到位{}万元",
    "exec_deputy_meetings": "常务副主任例会{}次",
    "joint_meetings": "联席会议{}次",
    "field_visits": "调研走访{}次",
    "station_activities": "开展活动{}场次",
    "internship_enterprises": "{}家企业为大学生提供实习基地",
    "study_aid_donations_wan": "捐资助学金额达到{}万元",
    "family_lectures": "家庭教育讲座{}场次",
    "articles": "宣传稿件{}篇",
}


def sentences(document) -> list[str]:
    return [s for p in document.paragraphs for s in p.text.split("。") if s]


def test_every_money_and_activity_sentence_names_the_data_year():
    data = report_data_build(survey_round=round_for_year(2023), scope=district())
    assert data.data_year == 2022
    found = sentences(docx.Document(io.BytesIO(report_docx.build(data))))
    for key, phrase in DATA_YEAR_FIGURES.items():
        value = data.value(key)
        text = phrase.format(wan(value) if key.endswith("_wan") else num(value))
        (sentence, *_more) = [s for s in found if text in s] or [""]
        assert sentence, (key, text)
        assert "2022年度" in sentence and "2023年度" not in sentence, sentence
    assert any(s.startswith("2022年度，全区爱心企业捐资助学金额达到334.82万元") for s in found)
    short = data.fired("funds_below_standard")
    assert short and all(p["message"].startswith("2022年度工作经费实际到位") for p in short)  # the 问题清单's 说明


def group_headers(ws) -> list[str | None]:
    """Each column's group header (the upper header row, its merged cell's text over each column)."""
    upper = [c.value for c in ws[form_sheets.GROUP_ROW]]
    for merged in ws.merged_cells.ranges:
        if merged.min_row == merged.max_row == form_sheets.GROUP_ROW:
            for column in range(merged.min_col, merged.max_col + 1):
                upper[column - 1] = upper[merged.min_col - 1]
    return upper


def test_the_workbooks_headers_name_the_data_year():
    data = report_data_build(survey_round=round_for_year(2023), scope=district())
    book = load_workbook(io.BytesIO(workbook.build(data)))
    note = "（2022年度）"
    for form in data.forms.values():
        for section in form.spec.sections:
            ws = book[section.sheet]
            for f, own, group in zip(section.fields, form_headers(ws), group_headers(ws), strict=True):
                # A data-year figure's column names the year, or its group does (all of whose
                # columns are of the data year); a figure at the reference date names none.
                named = own.endswith(note) or (group or "").endswith(note)
                assert named == (f.period == Period.DATA), (section.sheet, own, group)
                assert "年度）" not in own.removesuffix(note)
    assert "捐资助学（2022年度）" in group_headers(book["表5 制度品牌"])
    assert {"经费标准（2022年度）", "五老补贴（2022年度）"} <= set(group_headers(book["表2 经费落实"]))
    assert "预算安排(万元)（2022年度）" in form_headers(book["表2 经费落实"])
    summary = [c.value for row in book[workbook.SUMMARY_SHEET].iter_rows() for c in row]
    assert "捐资助学金额（2022年度）" in summary and "实际到位（2022年度）" in summary
    assert "村（社区）数" in summary  # a count at the reference date names no data year


def compiled_draft(actor, survey_round, scope, **kwargs) -> list[str]:
    run = runs.report_run_start(
        actor=actor, survey_round=survey_round, scope=scope, formats=["docx"], queue=False, **kwargs
    )
    runs.report_run_execute(run)
    stored = run.files.get(format=ReportFormat.DOCX)
    with stored.file.open("rb") as handle:
        return [p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs]


@pytest.mark.usefixtures("media_root")
def test_the_draft_is_dated_by_its_round_and_titled_per_report():
    staff, year_2023, year_2022 = user("staff"), round_for_year(2023), round_for_year(2022)
    first = compiled_draft(staff, year_2023, district())
    assert first[0] == "持之以恒不断加强关工委基层基础建设"  # the district's first report: the seed's title
    assert "锡山区关工委　2023年10月10日" in first  # signed on the round's deadline, not the compile day
    again = compiled_draft(staff, year_2023, district())
    assert again[0] == first[0]  # the same round's report keeps it
    other_year = compiled_draft(staff, year_2022, district())
    assert other_year[:2] == ["锡山区关工委基层基础建设调研报告（2022年）", "（初稿）"]
    assert "锡山区关工委　2022年10月10日" in other_year
    chosen = compiled_draft(
        staff, year_2023, district(), title="锡山区关工委基层基础建设专题调研", report_date=datetime.date(2024, 1, 8)
    )
    assert chosen[0] == "锡山区关工委基层基础建设专题调研" and "锡山区关工委　2024年1月8日" in chosen
    town_draft = compiled_draft(staff, year_2023, town("XS01"))
    assert town_draft[0] == "东港镇关工委基层基础建设调研报告（2023年）"


def test_the_compile_form_sets_the_title_and_date(client_for):
    client = client_for(user("staff"))
    url = reverse("surveys:report_runs", kwargs={"year": 2023})
    form = client.get(url).context["form"]
    assert form["report_date"].initial == datetime.date(2023, 10, 10)
    response = client.post(
        url, {"scope": district().pk, "formats": ["json"], "title": "专题报告", "report_date": "2024-01-08"}
    )
    assert response.status_code == 302
    run = district().report_runs.get()
    assert (run.title, run.report_date) == ("专题报告", datetime.date(2024, 1, 8))

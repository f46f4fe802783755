"""One rule for a change from last round, in every output: signed (+12, -3), a share's in
percentage points ("+3.9个百分点", never "3.9%"): the workbook's 汇总 as LibreOffice shows it,
the HTML report's key indicators and the Word draft's appendix say the same. No database."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import docx
import pytest

from surveys.report import docx as report_docx
from surveys.report import html, workbook
from surveys.report.changes import change_format, change_number, change_text
from surveys.report.data import summary_lines
from tests import libreoffice
from tests.surveys.report.test_workbook import make_report


@pytest.mark.parametrize(
    ("kind", "value", "text"),
    [
        ("share", 0.039, "+3.9个百分点"),
        ("share", -0.008, "-0.8个百分点"),
        ("share", -0.0004, "0.0个百分点"),  # rounds to nothing: no sign, as the spreadsheet shows it
        ("share", 0.0, "0.0个百分点"),
        ("count", 12, "+12"),
        ("count", -3, "-3"),
        ("count", 0, "0"),
        ("money", "15.25", "+15.25"),
        ("money", "-1.8", "-1.80"),
        ("avg", 0.1, "+0.1"),
        ("age", 1.0, "+1.0"),
        ("count", None, "—"),
        ("count", {"a": 1}, "—"),
    ],
)
def test_a_change_is_signed_and_a_shares_is_in_points(kind, value, text):
    assert change_text(kind, value) == text


def test_the_spreadsheet_format_writes_what_the_text_writes():
    assert change_format("share") == '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"'
    assert change_format("count") == "+0;-0;0"
    assert change_format("money") == "+0.00;-0.00;0.00"
    assert change_number("share", 0.039) == Decimal("3.9")  # the workbook's number: points


def bare(label: str) -> str:
    """An indicator's name without the year note a money or activity line carries."""
    return re.sub(r"（\d{4}年度）$", "", label)


def _html_changes(report) -> dict[str, str]:
    body = html.render_body(report)
    table = body[body.index('<table class="summary">') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<tr><td>(.*?)</td><td>.*?</td>(?:<td class=\"num\">(.*?)</td>){3}</tr>", table)
    return {unescape(label): unescape(change) for label, change in cells}


def _draft_changes(report) -> dict[str, str]:
    document = docx.Document(io.BytesIO(report_docx.build(report)))
    table = document.tables[-1]
    return {row.cells[0].text: row.cells[-1].text for row in table.rows[1:]}


# As libreoffice.CSV_EVERY_SHEET, with the cells' text as their number formats show it (the 9th
# option): what a reader sees, "+0.8个百分点" rather than the number 0.8.
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def _workbook_changes(report, tmp_path: Path) -> dict[str, str]:
    source = tmp_path / "report.xlsx"
    source.write_bytes(workbook.build(report))
    libreoffice.run(source, CSV_AS_SHOWN, tmp_path)
    text = (tmp_path / f"report-{workbook.SUMMARY_SHEET}.csv").read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text)))
    return {line[1]: line[5] for line in lines[workbook.FIRST_DATA_ROW - 1 :] if len(line) > 5 and line[1]}


def test_the_workbook_the_html_and_the_draft_write_every_change_alike(tmp_path: Path):
    report = make_report()
    report.indicators["funds_below_standard"]["change"] = -2
    shown = _workbook_changes(report, tmp_path)
    on_page, in_draft = _html_changes(report), _draft_changes(report)
    # A money or activity line names its year ("预算安排（2022年度）"): read here by its name.
    shown, on_page, in_draft = ({bare(label): text for label, text in d.items()} for d in (shown, on_page, in_draft))

    share = "由“五老”担任常务副主任的村（社区）占比"
    assert shown[share] == on_page[share] == in_draft[share] == "+0.8个百分点"
    assert shown["骨干70至80岁占比"] == on_page["骨干70至80岁占比"] == "+2.5个百分点"
    assert shown["志愿者团队"] == on_page["志愿者团队"] == in_draft["志愿者团队"] == "+3"
    assert shown["经费未足额的关工委"] == on_page["经费未足额的关工委"] == "-2"
    assert shown["捐资助学金额"] == on_page["捐资助学金额"] == "+34.82"
    checked = 0
    for label, _unit, _value, _previous, change, kind in summary_lines(report):
        if change is None:
            continue
        label = bare(label)
        assert shown[label] == on_page[label] == in_draft[label] == change_text(kind, change), label
        checked += 1
    assert checked > 40
    assert not [text for text in shown.values() if text.endswith("%")]

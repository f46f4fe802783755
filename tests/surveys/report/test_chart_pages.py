"""The 图表 sheet on paper, for the demo's 2023 district report and 东港镇's own: no chart is cut
by a page break (in the sheet: every chart between two row breaks, each page within the page's
height; in LibreOffice's PDF: the sheet prints on as many pages as it has breaks, and each chart's
title, its table and its axis or legend on one page), and a town's report charts its villages."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from committees.models import VILLAGE_KINDS, Committee
from surveys.models import State, Submission
from surveys.report import html, workbook
from surveys.report.charts import chart_data
from surveys.report.data import ReportData
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from tests import libreoffice
from tests.surveys.report.conftest import district, town

pytestmark = pytest.mark.usefixtures("demo")

YEAR = 2023
EMU_PER_PT = 12700
A4_LANDSCAPE_PT = (29.7 / 2.54 * 72, 21.0 / 2.54 * 72)
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"


@dataclass(frozen=True)
class Built:
    report: ReportData
    xlsx: bytes


@pytest.fixture(scope="module")
def built(demo_db, django_db_blocker) -> dict[str, Built]:
    """The district's and 东港镇's 2023 reports and workbooks, built once for the module."""
    with django_db_blocker.unblock():
        found = {}
        for scope in (district(), town("XS01")):
            data = report_data_build(survey_round=round_for_year(YEAR), scope=scope)
            found[scope.code] = Built(data, workbook.build(data))
        return found


def _chart_boxes(xlsx: bytes, sheet_index: int) -> list[tuple[float, float]]:
    """Each chart's top and bottom (points from the sheet's top) on the sheet, from its drawing."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as files:
        rels = files.read(f"xl/worksheets/_rels/sheet{sheet_index}.xml.rels").decode()
        drawing = re.search(r'Target="[./]*(?:xl/)?(drawings/drawing\d+\.xml)"', rels).group(1)
        root = ElementTree.fromstring(files.read(f"xl/{drawing}"))
    boxes = []
    for anchor in root:
        assert anchor.tag == f"{XDR}absoluteAnchor", anchor.tag  # placed by points, not by cells
        top = int(anchor.find(f"{XDR}pos").get("y")) / EMU_PER_PT
        boxes.append((top, top + int(anchor.find(f"{XDR}ext").get("cy")) / EMU_PER_PT))
    return boxes


def _pages(ws) -> list[tuple[float, float]]:
    """The top and bottom (points) of the rows each printed page holds, between the row breaks."""
    last = max(ws.max_row, *ws.row_dimensions)  # the rows under the last chart hold no cell
    heights = [ws.row_dimensions[r].height for r in range(1, last + 1)]
    assert all(heights), "every row of the 图表 sheet has a set height"
    tops = [sum(heights[:r]) for r in range(len(heights) + 1)]  # tops[r]: the top of row r + 1
    breaks = [b.id for b in ws.row_breaks.brk]
    edges = [0, *breaks, len(heights)]
    return [(tops[a], tops[b]) for a, b in zip(edges, edges[1:], strict=False)]


@pytest.mark.parametrize("code", ["XS", "XS01"])
def test_no_chart_crosses_a_page_break_of_the_sheet(built, code):
    book = load_workbook(io.BytesIO(built[code].xlsx))
    ws = book[workbook.CHARTS_SHEET]
    scale = int(ws.page_setup.scale) / 100
    margins = ws.page_margins
    page_pt = A4_LANDSCAPE_PT[1] - (margins.top + margins.bottom) * 72
    title_pt = ws.row_dimensions[1].height  # repeated at the top of every page after the first
    pages = _pages(ws)
    for number, (top, bottom) in enumerate(pages):
        repeated = title_pt if number else 0
        assert (bottom - top + repeated) * scale <= page_pt, f"page {number + 1} of {code}'s 图表 overflows"
    boxes = _chart_boxes(built[code].xlsx, book.sheetnames.index(workbook.CHARTS_SHEET) + 1)
    assert len(boxes) == len(chart_data(built[code].report)) >= 3
    for top, bottom in boxes:
        assert any(first <= top and bottom <= last for first, last in pages), (code, top, bottom, pages)


def _page_texts(pdf: Path) -> list[str]:
    pages = int(
        re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1]
    )
    texts = []
    for number in range(1, pages + 1):
        result = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"], capture_output=True, text=True
        )
        texts.append(re.sub(r"\s+", "", result.stdout))  # a chart's labels print with spaces between glyphs
    return texts


@pytest.mark.parametrize("code", ["XS", "XS01"])
def test_each_chart_prints_whole_on_one_page_beside_its_table(built, code, tmp_path: Path):
    source = tmp_path / f"report-{code}.xlsx"
    source.write_bytes(built[code].xlsx)
    texts = _page_texts(libreoffice.convert(source, "pdf", tmp_path))
    report = built[code].report
    sheet_title = f"{report.scope_name}{YEAR}年度基层基础建设图表"
    chart_pages = [text for text in texts if sheet_title in text]
    ws = load_workbook(io.BytesIO(built[code].xlsx))[workbook.CHARTS_SHEET]
    assert len(chart_pages) == len(ws.row_breaks.brk) + 1  # LibreOffice broke no page of its own
    items = chart_data(report)
    for item in items:
        title = re.sub(r"\s+", "", item.chart.title)
        block = next(i for i in items if i.chart.source == item.chart.source).chart.title  # its table's title
        found = [text for text in chart_pages if re.sub(r"\s+", "", block) in text]
        assert len(found) == 1, (code, item.chart.title)
        page = found[0]
        assert title in page, (code, item.chart.title)
        for category in item.table.categories:
            # In the table, and on the chart's axis or legend: the chart is not cut off the page.
            assert page.count(re.sub(r"\s+", "", category)) >= 2, (code, item.chart.title, category)


def _village_names(code: str) -> list[str]:
    """The villages of a town whose 表2 row is in the approved 2023 form, by the database."""
    submission = Submission.objects.get(
        survey_round=round_for_year(YEAR), town__code=code, form=2, state=State.APPROVED
    )
    codes = {row.committee.code for row in submission.rows.select_related("committee")}
    villages = Committee.objects.filter(parent__code=code, kind__in=VILLAGE_KINDS, code__in=codes)
    return sorted(villages.values_list("name", flat=True))


def test_a_towns_report_charts_its_villages_funds(built):
    report = built["XS01"].report
    funds = next(item for item in chart_data(report) if item.chart.key == "funds")
    villages = _village_names("XS01")
    assert len(villages) > 5
    assert sorted(funds.table.categories) == villages
    assert funds.table.header == "村（社区）"
    # The workbook's table under the chart's title, and the HTML's chart, name the same villages.
    ws = load_workbook(io.BytesIO(built["XS01"].xlsx))[workbook.CHARTS_SHEET]
    column = [c.value for c in ws["A"]]
    start = column.index(funds.chart.title) + 2
    assert sorted(column[start : start + len(villages)]) == villages
    specs = [json.loads(unescape(s)) for s in re.findall(r'data-report-chart="([^"]*)"', html.render_body(report))]
    drawn = next(s for s in specs if s["title"] == funds.chart.title)
    assert sorted(drawn["categories"]) == villages
    # The district's report charts its towns.
    towns = next(i for i in chart_data(built["XS"].report) if i.chart.key == "funds").table.categories
    assert "东港镇关工委" in towns and not set(towns) & set(villages)

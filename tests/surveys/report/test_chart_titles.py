"""The HTML report and the workbook's 图表 sheet draw the same charts, in the same order, under
the same titles; each of the workbook's data tables is titled as its chart."""

from __future__ import annotations

import io
import json
import re
import zipfile
from html import unescape

from openpyxl import load_workbook

from surveys.report import html, workbook
from tests.surveys.report.test_workbook import make_report


def _html_titles(report) -> list[str]:
    specs = re.findall(r'data-report-chart="([^"]*)"', html.render_body(report))
    return [json.loads(unescape(spec))["title"] for spec in specs]


def _workbook_titles(package: bytes) -> list[str]:
    # openpyxl does not read charts' titles back: read them from each chart's part, in order.
    with zipfile.ZipFile(io.BytesIO(package)) as files:
        names = sorted(
            (n for n in files.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)),
            key=lambda n: int(re.search(r"\d+", n).group()),
        )
        parts = [files.read(n).decode("utf-8") for n in names]
    titles = []
    for part in parts:
        # The chart's own title (not an axis's), with or without the c: prefix of its namespace.
        title = re.search(r"<(?:c:)?chart><(?:c:)?title>(.*?)</(?:c:)?title>", part, re.S).group(1)
        titles.append("".join(re.findall(r"<a:t>([^<]*)</a:t>", title)))
    return titles


def test_the_html_and_the_workbook_draw_the_same_charts_under_the_same_titles():
    report = make_report()
    package = workbook.build(report)
    titles = _html_titles(report)

    assert len(titles) == 4  # the 建成覆盖 pie of 128 villages out of 128 is left out: one slice
    assert _workbook_titles(package) == titles
    sheet = load_workbook(io.BytesIO(package))[workbook.CHARTS_SHEET]
    # A data table's title: a heading font without the column headers' fill, from row 4.
    heading = workbook.HEADER_FONT.get("font_name")
    tables = [c.value for c in sheet["A"][3:] if c.value and c.font.name == heading and c.fill.fill_type is None]
    assert tables == ["骨干“五老”年龄段", "经费实际到位与标准下限", "“五有五好”回头看结果"]
    assert set(tables) <= set(titles)

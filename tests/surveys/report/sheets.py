"""Reading the report workbook's sheets back in tests: a form sheet's headers and its table."""

from __future__ import annotations

from openpyxl.cell.cell import MergedCell

from surveys.report import form_sheets, workbook
from surveys.spec import sheet_prefix


def form_headers(ws) -> list[str]:
    """Each column's own header: the lower header row, or the upper one where it is merged down."""
    lower = ws[form_sheets.FIELD_ROW]
    upper = ws[form_sheets.GROUP_ROW]
    return [u.value if isinstance(c, MergedCell) else c.value for c, u in zip(lower, upper, strict=True)]


def table_rows(ws) -> list[tuple]:
    """A sheet's lines under its header: a form sheet's down to its 合计 (not the sign-off block
    under it), another sheet's to the end."""
    first = form_sheets.FIRST_DATA_ROW if sheet_prefix(ws.title) else workbook.FIRST_DATA_ROW
    rows = list(ws.iter_rows(min_row=first, values_only=True))
    totals = [index for index, row in enumerate(rows) if row[0] == workbook.TOTAL]
    return rows[: totals[-1] + 1] if totals else rows

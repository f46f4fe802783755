"""The Excel file of a year's five-old points: one row a volunteer, ranked as the page ranks them.
Every cell through committees.xlsx_write; the rows come in already loaded (no database here)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .xlsx_write import put

WIDTHS = (8, 16, 28, 12, 12, 12)


def _headers() -> list[str]:
    return [_("rank"), _("name"), _("committee"), _("layer"), _("points of the year"), _("entries")]


def _row(volunteer) -> list:
    return [
        volunteer.rank,
        volunteer.person.name,
        volunteer.committee.name,
        volunteer.get_layer_display(),
        volunteer.year_points,
        volunteer.year_entries,
    ]


def points_workbook(volunteers, *, title: str) -> bytes:
    """The volunteers (selectors.year_totals) as a workbook's bytes."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Five-old points")
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    for column, header in enumerate(_headers(), start=1):
        cell = put(ws, 2, column, header)
        cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center")
    for row, volunteer in enumerate(volunteers, start=3):
        for column, value in enumerate(_row(volunteer), start=1):
            cell = put(ws, row, column, value)
            if column == 5:
                cell.number_format = "0.00"
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""The Excel file of the meetings and visits log: one row an entry, as the log page lists it.
Every cell through committees.xlsx_write; the rows come in already loaded (no database here)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .selectors import with_participant_names
from .xlsx_write import put

WIDTHS = (12, 24, 20, 40, 36, 40, 40)


def _headers() -> list[str]:
    return [
        _("meeting date"),
        _("kind of meeting"),
        _("convened by"),
        _("committees taking part or visited"),
        _("topics"),
        _("decisions"),
        _("visit findings"),
    ]


def _row(meeting) -> list:
    return [
        meeting.date,
        meeting.get_kind_display(),
        meeting.convenor.name,
        "、".join(meeting.participant_names),
        meeting.topics,
        meeting.decisions,
        meeting.findings,
    ]


def meetings_workbook(meetings, *, title: str) -> bytes:
    """The entries (a queryset of selectors.meeting_log) as a workbook's bytes."""
    meetings = list(meetings)
    with_participant_names(meetings)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Meetings and visits")
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    for column, header in enumerate(_headers(), start=1):
        cell = put(ws, 2, column, header)
        cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center")
    for row, meeting in enumerate(meetings, start=3):
        for column, value in enumerate(_row(meeting), start=1):
            cell = put(ws, row, column, value)
            if column == 1:
                cell.number_format = "yyyy-mm-dd"
            elif column > 3:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

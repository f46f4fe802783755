"""The workbook's 汇总 sheet: the key indicators with last round's value and the change, under a
merged row for each section of the report (sections.SUMMARY_SECTIONS: 班子队伍, 经费保障, …).

A change is written as every output writes it (surveys.report.changes): a number with a
format that signs it, a share's in percentage points ("+0.8个百分点").
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from committees.xlsx_write import put
from surveys.report.changes import change_format, change_number
from surveys.report.data import ReportData, comparison_note, incomplete_banner, money, summary_groups
from surveys.report.workbook import (
    BORDER,
    FIRST_DATA_ROW,
    FORMATS,
    HEADER_ROW,
    NOTICE_FONT,
    SUMMARY_SHEET,
    TITLE,
    TOTAL_FILL,
    _headers,
    _print_setup,
    _put,
    _source_note,
    _title,
    _widths,
)

SECTION_FONT = Font(name=TITLE, size=11)
SECTION_HEIGHT = 22


def _as_number(kind: str, value):
    if value is None or isinstance(value, (dict, list)):
        return None
    if kind == "money":
        return money(value)
    return value


def _notices(ws, report: ReportData) -> None:
    notices = [text for text in (incomplete_banner(report), comparison_note(report)) if text]
    if notices:
        # Above the table, in the merged row under the title: the first thing read, on paper too.
        cell = put(ws, 2, 1, "\n".join([*notices, _source_note(report)]))
        cell.font = NOTICE_FONT
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        ws.row_dimensions[2].height = 18 * (len(notices) * 2 + 1)


def _section_row(ws, row: int, title: str, width: int) -> None:
    for column in range(1, width + 1):
        cell = ws.cell(row, column)
        cell.border = BORDER
        cell.fill = TOTAL_FILL
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    cell = put(ws, row, 1, title)
    cell.font = SECTION_FONT
    cell.alignment = Alignment(horizontal="left", vertical="center")
    ws.row_dimensions[row].height = SECTION_HEIGHT


def summary_sheet(book, report: ReportData) -> None:
    """The 汇总 sheet, as the workbook's first (active) sheet."""
    ws = book.active
    ws.title = SUMMARY_SHEET
    headers = ["序号", "指标", "单位", f"{report.year}年调查", f"{report.year - 1}年调查", "增减"]
    title = f"{report.scope_name}{report.year}年度基层基础建设调研汇总表"
    _title(ws, title, _source_note(report), len(headers))
    _notices(ws, report)
    _headers(ws, HEADER_ROW, headers)
    row, number = FIRST_DATA_ROW, 0
    for section, lines in summary_groups(report):
        _section_row(ws, row, section, len(headers))
        row += 1
        for label, unit, value, previous, change, kind in lines:
            number += 1
            fmt = FORMATS.get(kind)
            _put(ws, row, 1, number)
            _put(ws, row, 2, label)
            _put(ws, row, 3, unit)
            for column, figure in ((4, value), (5, previous)):
                _put(ws, row, column, _as_number(kind, figure), number_format=fmt)
            _put(ws, row, 6, change_number(kind, change), number_format=change_format(kind))
            row += 1
    _widths(ws, {1: 8, 2: 44, 3: 12, 4: 16, 5: 16, 6: 18})
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")

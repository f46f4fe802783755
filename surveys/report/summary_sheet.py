"""The workbook's 汇总 sheet: the key indicators with last round's value and the change, under a
merged row for each section of the report (sections.SUMMARY_SECTIONS: 班子队伍, 经费保障, …).

A change is written as every output writes it (surveys.report.changes): a number with a
format that signs it, a share's in percentage points ("+0.8个百分点").
"""

from __future__ import annotations

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
    _sheet,
    _source_note,
    _title,
    font,
    style,
)

SECTION_FONT = font(TITLE, 11)
SECTION_HEIGHT = 22
SECTION = style(BORDER, TOTAL_FILL, SECTION_FONT, align="left", valign="vcenter")
SECTION_REST = style(BORDER, TOTAL_FILL)


def _as_number(kind: str, value):
    if value is None or isinstance(value, (dict, list)):
        return None
    if kind == "money":
        return money(value)
    return value


def _title_rows(ws, report: ReportData, title: str, width: int) -> None:
    """The title, and under it the source line; with the notices above it when there are any:
    the first thing read, on paper too."""
    notices = [text for text in (incomplete_banner(report), comparison_note(report)) if text]
    if not notices:
        _title(ws, title, _source_note(report), width)
        return
    ws.height(2, 18 * (len(notices) * 2 + 1))
    _title(ws, title, "\n".join([*notices, _source_note(report)]), width, note_font=NOTICE_FONT)


def _section_row(ws, row: int, title: str, width: int) -> None:
    ws.height(row, SECTION_HEIGHT)
    ws.merge(row, 1, row, width)
    ws.put(row, 1, title, SECTION)
    for column in range(2, width + 1):
        ws.put(row, column, None, SECTION_REST)


def summary_sheet(book, formats, report: ReportData) -> None:
    """The 汇总 sheet, as the workbook's first (active) sheet."""
    ws = _sheet(book, formats, SUMMARY_SHEET, {1: 8, 2: 44, 3: 12, 4: 16, 5: 16, 6: 18})
    headers = ["序号", "指标", "单位", f"{report.year}年调查", f"{report.year - 1}年调查", "增减"]
    _title_rows(ws, report, f"{report.scope_name}{report.year}年度基层基础建设调研汇总表", len(headers))
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
    ws.ws.freeze_panes(FIRST_DATA_ROW - 1, 0)
    _print_setup(ws, (HEADER_ROW, HEADER_ROW))
    ws.close()

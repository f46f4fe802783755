"""The district report as an Excel workbook, pure: ReportData in, .xlsx bytes out. Written with
xlsxwriter in constant-memory mode, one row at a time (committees/xlsx_stream.py): a province's
workbook holds a million cells. So each sheet knows its column widths before its first row,
and writes its rows in order, a merge and a row's height declared before the row is left.

Sheets: 汇总 (the key indicators with last round and the change, the exceptions, the missing
forms), one sheet per form section with every town's rows, a 小计 row per town and a 合计 row
for the district, 问题清单 (every flagged problem), and 图表 (the charts with their data).
The 汇总 and 图表 sheets are written by summary_sheet.py and chart_sheet.py, with this module's styles.

Layout of a form sheet (form_sheets.py: its two header rows, the sign-off block under it; and
every sheet's row heights): row 1 the merged title, row 2 the source line, rows 3–4 the spec's
Chinese headers, data from row 5. Subtotal rows carry "小计" in column A (单位编码) and the town's name in
column B; the last row carries "合计" in column A. The 小计 and 合计 rows add up as surveys/report/totals.py
does it.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

from committees.xlsx_stream import SheetStream
from committees.xlsx_write import PLAIN, Formats, Style
from surveys.report import rectifications
from surveys.report.catalogue import rule_label
from surveys.report.data import (
    STATE_LABELS,
    ReportData,
    money,
    problem_value_label,
)
from surveys.report.totals import SUBTOTAL, TOTAL, section_table  # noqa: F401 (re-exported)
from surveys.spec import BOOL_LABELS

SUMMARY_SHEET = "汇总"
PROBLEMS_SHEET = "问题清单"
APPENDIX_SHEET = "附表"
CHARTS_SHEET = "图表"
FIRST_DATA_ROW = 4
HEADER_ROW = 3

BODY = "宋体"
TITLE = "黑体"
MONEY_FORMAT = "0.00"
PERCENT_FORMAT = "0.0%"
COUNT_FORMAT = "0"
AVG_FORMAT = "0.0"
FORMATS = {"count": COUNT_FORMAT, "share": PERCENT_FORMAT, "money": MONEY_FORMAT, "avg": AVG_FORMAT, "age": AVG_FORMAT}


def style(*parts: Style, **props) -> Style:
    """One style of the parts' properties (a later part's win) and `props`."""
    merged: dict = {}
    for part in parts:
        merged.update(part.props)
    return Style(tuple({**merged, **props}.items()))


def font(name: str, size: float, **props) -> Style:
    return Style((("font_name", name), ("font_size", size), *props.items()))


A4 = 9  # the paper size's number in a workbook
FOOTER = '&C&"宋体"第 &P 页，共 &N 页'
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.7, "bottom": 0.7}  # inches
BORDER = Style((("border", 1), ("border_color", "#000000")))  # thin, on all four sides
HEADER_FILL = Style((("pattern", 1), ("bg_color", "#DDE3EA")))
SUBTOTAL_FILL = Style((("pattern", 1), ("bg_color", "#F2F2F2")))
TOTAL_FILL = Style((("pattern", 1), ("bg_color", "#E2E8F0")))
TITLE_FONT = font(TITLE, 16)
HEADER_FONT = font(TITLE, 10)
BODY_FONT = font(BODY, 10.5)
BOLD_FONT = font(BODY, 10.5, bold=True)
NOTE_FONT = font(BODY, 10)
NOTICE_FONT = font(TITLE, 11, bold=True, font_color="#B91C1C")
CENTER = Style((("align", "center"), ("valign", "vcenter"), ("text_wrap", True)))
LEFT = Style((("align", "left"), ("valign", "vcenter"), ("text_wrap", True)))
RIGHT = Style((("align", "right"), ("valign", "vcenter")))
HEADER = style(HEADER_FONT, HEADER_FILL, BORDER, CENTER)
TITLE_STYLE = style(TITLE_FONT, CENTER)

# Sheet formatting ------------------------------------------------------------------------------


def _print_setup(ws: SheetStream, title_rows: tuple[int, int] | None) -> None:
    """A4 landscape, one page wide (as many down as needed), centred, `title_rows` on every page."""
    sheet = ws.ws
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(**MARGINS)
    sheet.set_header("", margin=0.5)
    sheet.set_footer(FOOTER, margin=0.5)
    if title_rows:
        sheet.repeat_rows(title_rows[0] - 1, title_rows[1] - 1)


def _title(ws: SheetStream, title: str, note: str, width: int, *, note_font: Style = NOTE_FONT) -> None:
    """Row 1 the title, row 2 the note (a narrow sheet's wraps), each merged across `width` columns."""
    last = max(width, 1)
    ws.height(1, 32)
    ws.merge(1, 1, 1, last)
    ws.put(1, 1, title, TITLE_STYLE)
    ws.merge(2, 1, 2, last)
    ws.put(2, 1, note, _note_style(note_font))


_NOTE_STYLES: dict[Style, Style] = {}


def _note_style(note_font: Style) -> Style:
    if note_font not in _NOTE_STYLES:
        _NOTE_STYLES[note_font] = style(note_font, LEFT)
    return _NOTE_STYLES[note_font]


def _headers(ws: SheetStream, row: int, headers: list[str]) -> None:
    ws.height(row, 30)
    for index, header in enumerate(headers, start=1):
        ws.put(row, index, header, HEADER)


_STYLES: dict[tuple, Style] = {}


def _put(ws: SheetStream, row: int, column: int, value, *, number_format: str | None = None, font=BODY_FONT, fill=None):
    """A table's cell: bordered, numbers right-aligned in `number_format`, text left and wrapped."""
    numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    key = (font, fill, numeric, number_format if numeric else None)
    found = _STYLES.get(key)
    if found is None:
        parts = [BORDER, font, fill or PLAIN, RIGHT if numeric else LEFT]
        found = _STYLES[key] = style(*parts, **({"num_format": number_format} if numeric and number_format else {}))
    ws.put(row, column, value, found)


def _sheet(book, formats: Formats, name: str, widths: dict[int, int]) -> SheetStream:
    """A new sheet with its columns' widths (characters, between 6 and 40)."""
    return SheetStream(book, formats, name, {column: min(max(width, 6), 40) for column, width in widths.items()})


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _source_note(report: ReportData) -> str:
    return (
        f"汇总单位：{report.scope_name}　　数据：各镇（街道）审核通过的{report.year}年度调查表　　"
        f"金额单位：万元　　生成时间：{_local(report.generated_at):%Y-%m-%d %H:%M}"
    )


# The sheets ----------------------------------------------------------------------------------------


def _appendix_sheet(book, formats: Formats, report: ReportData) -> None:
    """The exception villages and the forms left out, on a sheet of their own: on the summary
    sheet they would print under its repeated 指标 header."""
    ws = _sheet(book, formats, APPENDIX_SHEET, {1: 8, 2: 36, 3: 14, 4: 20, 5: 14})
    _title(ws, f"{report.scope_name}{report.year}年度基层基础建设调研附表", _source_note(report), 5)
    row = HEADER_ROW
    exceptions = report.value("village_exec_deputy_exceptions") or []
    ws.put(row, 1, "常务副主任不是“五老”的村（社区）", HEADER_FONT)
    row += 1
    _headers(ws, row, ["序号", "单位名称", "单位编码", "是否配备五老副主任"])
    row += 1
    if not exceptions:
        _put(ws, row, 1, "无")
        row += 1
    for number, item in enumerate(exceptions, start=1):
        _put(ws, row, 1, number)
        _put(ws, row, 2, item.get("name"))
        _put(ws, row, 3, item.get("committee"))
        _put(ws, row, 4, BOOL_LABELS[bool(item.get("has_five_old_deputy"))])
        row += 1

    row += 1
    ws.put(row, 1, "未审核通过（未计入）的调查表", HEADER_FONT)
    row += 1
    _headers(ws, row, ["序号", "镇（街道）", "单位编码", "调查表", "状态"])
    row += 1
    if not report.missing:
        _put(ws, row, 1, "无")
    for number, item in enumerate(report.missing, start=1):
        _put(ws, row, 1, number)
        _put(ws, row, 2, item.get("town_name") or report.town_name(item["town"]))
        _put(ws, row, 3, item["town"])
        _put(ws, row, 4, f"表{item['form']}")
        _put(ws, row, 5, STATE_LABELS.get(item["state"], item["state"]))
        row += 1
    _print_setup(ws, None)
    ws.close()


def _problem_value(problem: dict) -> tuple[object, str | None]:
    """A problem's value as its cell holds it, and the cell's number format."""
    value = problem.get("value")
    if isinstance(value, float) and problem["rule"] == "backbone_aging":
        return value, PERCENT_FORMAT
    if isinstance(value, Decimal) or (isinstance(value, str) and money(value) is not None):
        return money(value), MONEY_FORMAT
    if isinstance(value, (dict, list)):
        return str(value), None
    return problem_value_label(value), None


def _problems_sheet(book, formats: Formats, report: ReportData) -> None:
    ws = _sheet(book, formats, PROBLEMS_SHEET, {1: 6, 2: 36, 3: 12, 4: 24, 5: 10, 6: 60})
    headers = ["序号", "问题", "单位编码", "单位名称", "数值", "说明"]
    _title(ws, f"{report.scope_name}{report.year}年度基层基础建设问题清单", _source_note(report), len(headers))
    _headers(ws, HEADER_ROW, headers)
    if not report.problems:
        _put(ws, FIRST_DATA_ROW, 1, "无")
    for number, problem in enumerate(report.problems, start=FIRST_DATA_ROW):
        value, fmt = _problem_value(problem)
        _put(ws, number, 1, number - FIRST_DATA_ROW + 1)
        _put(ws, number, 2, rule_label(problem["rule"]))
        _put(ws, number, 3, problem.get("committee"))
        _put(ws, number, 4, problem.get("committee_name"))
        _put(ws, number, 5, value, number_format=fmt)
        _put(ws, number, 6, problem.get("message"))
    _rectifications(ws, report, FIRST_DATA_ROW + max(len(report.problems), 1) + 1)
    ws.ws.freeze_panes(FIRST_DATA_ROW - 1, 0)
    _print_setup(ws, (HEADER_ROW, HEADER_ROW))
    ws.close()


def _rectifications(ws: SheetStream, report: ReportData, row: int) -> None:
    """Under the problems: the 五有五好 rectifications open on the report's date, with their age."""
    ws.put(row, 1, rectifications.heading(report), BOLD_FONT)
    _headers(ws, row + 1, rectifications.HEADERS)
    lines = rectifications.rows(report)
    if not lines:
        _put(ws, row + 2, 1, rectifications.NONE)
    for offset, line in enumerate(lines, start=row + 2):
        for column, value in enumerate(line, start=1):
            _put(ws, offset, column, value, number_format=COUNT_FORMAT if isinstance(value, int) else None)


def _created(report: ReportData) -> datetime.datetime:
    """The report's generated time in UTC, naive as xlsxwriter writes it: the file's creation date,
    so that two compilations of one run are the same bytes."""
    moment = report.generated_at
    return timezone.make_naive(moment, datetime.UTC) if timezone.is_aware(moment) else moment


def build(report: ReportData) -> bytes:
    """The report workbook as .xlsx bytes, written sheet by sheet and row by row (constant memory)."""
    # The sheets of their own modules use this module's styles: imported here, not at the top.
    from surveys.report import chart_sheet, form_sheets
    from surveys.report.summary_sheet import summary_sheet

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    formats = Formats(book)
    summary_sheet(book, formats, report)
    for number in sorted(report.forms):
        data = report.forms[number]
        for section in data.spec.sections:
            form_sheets.form_sheet(book, formats, report, section, data.towns(section.section))
    _problems_sheet(book, formats, report)
    _appendix_sheet(book, formats, report)
    anchors = chart_sheet.charts_sheet(book, formats, report)
    book.set_properties(
        {
            "title": f"{report.scope_name}{report.year}年度基层基础建设调研报告",
            "author": report.scope_name,
            "created": _created(report),
        }
    )
    book.close()
    return chart_sheet.absolute_anchors(out.getvalue(), anchors)

"""The district report as an Excel workbook (openpyxl), pure: ReportData in, .xlsx bytes out.

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
from copy import copy
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from committees.xlsx_rows import fit_rows
from committees.xlsx_write import put, write
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

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
TOTAL_FILL = PatternFill("solid", fgColor="E2E8F0")
TITLE_FONT = Font(name=TITLE, size=16)
HEADER_FONT = Font(name=TITLE, size=10)
BODY_FONT = Font(name=BODY, size=10.5)
BOLD_FONT = Font(name=BODY, size=10.5, bold=True)
NOTE_FONT = Font(name=BODY, size=10)
NOTICE_FONT = Font(name=TITLE, size=11, bold=True, color="B91C1C")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")

# Sheet formatting ------------------------------------------------------------------------------


def _print_setup(ws, title_rows: str | None) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = BODY
    ws.evenFooter.center.text = "第 &P 页，共 &N 页"


def _title(ws, title: str, note: str, width: int) -> None:
    last = get_column_letter(max(width, 1))
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    cell = put(ws, 1, 1, title)
    cell.font = TITLE_FONT
    cell.alignment = CENTER
    ws.row_dimensions[1].height = 32
    cell = put(ws, 2, 1, note)
    cell.font = NOTE_FONT
    cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)  # a narrow sheet's wraps


def _headers(ws, row: int, headers: list[str]) -> None:
    for index, header in enumerate(headers, start=1):
        cell = put(ws, row, index, header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = CENTER
    ws.row_dimensions[row].height = 30


def _put(ws, row: int, column: int, value, *, number_format: str | None = None, font=BODY_FONT, fill=None):
    cell = ws.cell(row, column)
    numeric = isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    # Setting a style attribute makes openpyxl hash the style objects to find their index: three
    # quarters of a large workbook's time. A combination's indexes are worked out once per
    # workbook and copied after (the styles are module constants, so their ids are stable keys).
    cache: dict = ws.parent.__dict__.setdefault("_xishan_styles", {})
    key = (id(font), id(fill), numeric, number_format if numeric else None)
    if key in cache:
        cell._style = copy(cache[key])
        return write(cell, value)  # after the style: text that looks like a formula adds to it
    cell.border = BORDER
    cell.font = font
    if fill is not None:
        cell.fill = fill
    if numeric:
        cell.alignment = RIGHT
        if number_format:
            cell.number_format = number_format
    else:
        cell.alignment = LEFT
    cache[key] = copy(cell._style)
    return write(cell, value)


def _widths(ws, widths: dict[int, int]) -> None:
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(max(width, 6), 40)


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _source_note(report: ReportData) -> str:
    return (
        f"汇总单位：{report.scope_name}　　数据：各镇（街道）审核通过的{report.year}年度调查表　　"
        f"金额单位：万元　　生成时间：{_local(report.generated_at):%Y-%m-%d %H:%M}"
    )


# The sheets ----------------------------------------------------------------------------------------


def _appendix_sheet(book: Workbook, report: ReportData) -> None:
    """The exception villages and the forms left out, on a sheet of their own: on the summary
    sheet they would print under its repeated 指标 header."""
    ws = book.create_sheet(APPENDIX_SHEET)
    _title(ws, f"{report.scope_name}{report.year}年度基层基础建设调研附表", _source_note(report), 5)
    row = HEADER_ROW
    exceptions = report.value("village_exec_deputy_exceptions") or []
    put(ws, row, 1, "常务副主任不是“五老”的村（社区）").font = HEADER_FONT
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
    put(ws, row, 1, "未审核通过（未计入）的调查表").font = HEADER_FONT
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
    _widths(ws, {1: 8, 2: 36, 3: 14, 4: 20, 5: 14})
    _print_setup(ws, None)


def _problems_sheet(book: Workbook, report: ReportData) -> None:
    ws = book.create_sheet(PROBLEMS_SHEET)
    headers = ["序号", "问题", "单位编码", "单位名称", "数值", "说明"]
    _title(ws, f"{report.scope_name}{report.year}年度基层基础建设问题清单", _source_note(report), len(headers))
    _headers(ws, HEADER_ROW, headers)
    if not report.problems:
        _put(ws, FIRST_DATA_ROW, 1, "无")
    for number, problem in enumerate(report.problems, start=FIRST_DATA_ROW):
        value, fmt = problem.get("value"), None
        if isinstance(value, float) and problem["rule"] == "backbone_aging":
            fmt = PERCENT_FORMAT
        elif isinstance(value, Decimal) or (isinstance(value, str) and money(value) is not None):
            value, fmt = money(value), MONEY_FORMAT
        elif isinstance(value, (dict, list)):
            value = str(value)
        else:
            value = problem_value_label(value)
        _put(ws, number, 1, number - FIRST_DATA_ROW + 1)
        _put(ws, number, 2, rule_label(problem["rule"]))
        _put(ws, number, 3, problem.get("committee"))
        _put(ws, number, 4, problem.get("committee_name"))
        _put(ws, number, 5, value, number_format=fmt)
        _put(ws, number, 6, problem.get("message"))
    _rectifications(ws, report, FIRST_DATA_ROW + max(len(report.problems), 1) + 1)
    _widths(ws, {1: 6, 2: 36, 3: 12, 4: 24, 5: 10, 6: 60})
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")


def _rectifications(ws, report: ReportData, row: int) -> None:
    """Under the problems: the 五有五好 rectifications open on the report's date, with their age."""
    put(ws, row, 1, rectifications.heading(report)).font = BOLD_FONT
    _headers(ws, row + 1, rectifications.HEADERS)
    lines = rectifications.rows(report)
    if not lines:
        _put(ws, row + 2, 1, rectifications.NONE)
    for offset, line in enumerate(lines, start=row + 2):
        for column, value in enumerate(line, start=1):
            _put(ws, offset, column, value, number_format=COUNT_FORMAT if isinstance(value, int) else None)


def build(report: ReportData) -> bytes:
    """The report workbook as .xlsx bytes."""
    # The sheets of their own modules use this module's styles: imported here, not at the top.
    from surveys.report import form_sheets
    from surveys.report.chart_sheet import charts_sheet
    from surveys.report.summary_sheet import summary_sheet

    book = Workbook()
    summary_sheet(book, report)
    for number in sorted(report.forms):
        data = report.forms[number]
        for section in data.spec.sections:
            form_sheets.form_sheet(book, report, section, data.towns(section.section))
    _problems_sheet(book, report)
    _appendix_sheet(book, report)
    charts_sheet(book, report)
    for ws in book.worksheets:
        if ws.title != CHARTS_SHEET:  # it sets its rows' heights itself, the charts placed by them
            fit_rows(ws)
    book.properties.title = f"{report.scope_name}{report.year}年度基层基础建设调研报告"
    book.properties.creator = report.scope_name
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The district report as an Excel workbook (openpyxl), pure: ReportData in, .xlsx bytes out.

Sheets: 汇总 (the key indicators with last round and the change, the exceptions, the missing
forms), one sheet per form section with every town's rows, a 小计 row per town and a 合计 row
for the district, 问题清单 (every flagged problem), and 图表 (the charts with their data).

Layout of a form sheet: row 1 the merged title, row 2 the source line, row 3 the spec's Chinese
headers, data from row 4. Subtotal rows carry "小计" in column A (单位编码) and the town's name in
column B; the last row carries "合计" in column A. Only int and decimal fields are summed (years,
yes/no and enumerations are left blank in those rows). Towns whose section has one row per town
(表3B, 表4, 表5) get no 小计: the row is its own subtotal.
"""

from __future__ import annotations

import datetime
import io
from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from committees.xlsx_write import put, write
from surveys.report.catalogue import rule_label
from surveys.report.charts import ChartData, chart_data
from surveys.report.data import (
    STATE_LABELS,
    ReportData,
    TownRows,
    comparison_note,
    incomplete_banner,
    money,
    problem_value_label,
    summary_lines,
)
from surveys.spec import BOOL_LABELS, FieldType, RowKind, SectionSpec, display_value, year_note

SUBTOTAL = "小计"
TOTAL = "合计"
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

SUMMABLE = (FieldType.INT, FieldType.DECIMAL)


# Form tables (shared with the HTML report) ---------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    kind: str  # "row", "subtotal" or "total"
    cells: list  # display values, one per field of the section (None for a blank cell)


def cell_value(field, value):
    """A stored value as the report shows it: 是/否, enumeration labels, Decimal for money."""
    if field.type == FieldType.BOOL and isinstance(value, bool):
        return BOOL_LABELS[value]
    return display_value(field, value)


def _sums(section: SectionSpec, rows: list[dict]) -> dict[str, int | Decimal]:
    sums: dict[str, int | Decimal] = {}
    for f in section.fields:
        if f.type not in SUMMABLE:
            continue
        total: int | Decimal = Decimal("0.00") if f.type == FieldType.DECIMAL else 0
        for row in rows:
            value = row.get(f.key)
            if value is None or value == "":
                continue
            total += money(value) if f.type == FieldType.DECIMAL else int(value)
        sums[f.key] = total
    return sums


def _label_row(section: SectionSpec, first: str, second: str, sums: dict) -> list:
    cells = [sums.get(f.key) for f in section.fields]
    cells[0] = first
    if len(cells) > 1:
        cells[1] = second
    return cells


def section_table(section: SectionSpec, towns: list[TownRows], scope_name: str) -> list[TableRow]:
    """Every town's rows, a 小计 after each town (not for one-row-per-town sections), then 合计."""
    table: list[TableRow] = []
    every_row: list[dict] = []
    for town in towns:
        rows = town["rows"]
        every_row.extend(rows)
        for row in rows:
            table.append(TableRow("row", [cell_value(f, row.get(f.key)) for f in section.fields]))
        if section.row_kind != RowKind.TOWN:
            table.append(TableRow("subtotal", _label_row(section, SUBTOTAL, town["name"], _sums(section, rows))))
    table.append(TableRow("total", _label_row(section, TOTAL, scope_name, _sums(section, every_row))))
    return table


# Sheet formatting ------------------------------------------------------------------------------


def _text_width(value) -> int:
    text = f"{value:.2f}" if isinstance(value, Decimal) else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


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
    cell.alignment = Alignment(horizontal="left", vertical="center")


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


def _form_sheet(book: Workbook, report: ReportData, section: SectionSpec, towns: list[TownRows]) -> None:
    ws = book.create_sheet(section.sheet)
    fields = section.fields
    _title(ws, f"{section.title}（{report.year}年调查）", _source_note(report), len(fields))
    _headers(ws, HEADER_ROW, [section.header_of(f) for f in fields])  # "（2022年度）": a data-year figure
    # A header wraps on two lines, its year's note ("（2022年度）") on a third, one line wide.
    notes = [year_note(f.period, section.data_year) for f in fields]
    widths = {
        i: max((_text_width(f.header) + 3) // 2 + 2, _text_width(n) + 1)
        for i, (f, n) in enumerate(zip(fields, notes, strict=True), start=1)
    }
    if any(notes):
        ws.row_dimensions[HEADER_ROW].height = 45
    formats = [
        MONEY_FORMAT if f.type == FieldType.DECIMAL else COUNT_FORMAT if f.type == FieldType.INT else None
        for f in fields
    ]
    styles = {"row": (BODY_FONT, None), "subtotal": (BOLD_FONT, SUBTOTAL_FILL), "total": (BOLD_FONT, TOTAL_FILL)}
    for number, line in enumerate(section_table(section, towns, report.scope_name), start=FIRST_DATA_ROW):
        font, fill = styles[line.kind]
        for index, value in enumerate(line.cells, start=1):
            _put(ws, number, index, value, number_format=formats[index - 1], font=font, fill=fill)
            if value is not None:
                widths[index] = max(widths[index], _text_width(value) + 2)
    _widths(ws, widths)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 3 if len(fields) > 2 else 1)
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")


def _as_number(kind: str, value):
    if value is None or isinstance(value, (dict, list)):
        return None
    if kind == "money":
        return money(value)
    return value


def _summary_sheet(book: Workbook, report: ReportData) -> None:
    ws = book.active
    ws.title = SUMMARY_SHEET
    headers = ["序号", "指标", "单位", f"{report.year}年调查", f"{report.year - 1}年调查", "增减"]
    _title(ws, f"{report.scope_name}{report.year}年度基层基础建设调研汇总表", _source_note(report), len(headers))
    notices = [text for text in (incomplete_banner(report), comparison_note(report)) if text]
    if notices:
        # Above the table, in the merged row under the title: the first thing read, on paper too.
        cell = put(ws, 2, 1, "\n".join([*notices, _source_note(report)]))
        cell.font = NOTICE_FONT
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        ws.row_dimensions[2].height = 18 * (len(notices) * 2 + 1)
    _headers(ws, HEADER_ROW, headers)
    row = FIRST_DATA_ROW
    for number, (label, unit, value, previous, change, kind) in enumerate(summary_lines(report), start=1):
        fmt = FORMATS.get(kind)
        _put(ws, row, 1, number)
        _put(ws, row, 2, label)
        _put(ws, row, 3, unit)
        for column, figure in ((4, value), (5, previous), (6, change)):
            _put(ws, row, column, _as_number(kind, figure), number_format=fmt)
        row += 1

    _widths(ws, {1: 8, 2: 44, 3: 12, 4: 16, 5: 16, 6: 14})
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")


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
    _widths(ws, {1: 6, 2: 36, 3: 12, 4: 24, 5: 10, 6: 60})
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    _print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")


CHART_ROWS = 18  # rows a chart block takes (a 7.5 cm chart, its table and a gap)


def _data_block(ws, row: int, title: str, headers: list[str], lines: list[list], fmt: str = COUNT_FORMAT) -> int:
    """A small table (title, headers, lines) at column A; returns the row of its first line."""
    put(ws, row, 1, title).font = HEADER_FONT
    _headers(ws, row + 1, headers)
    for offset, line in enumerate(lines, start=row + 2):
        for column, value in enumerate(line, start=1):
            _put(ws, offset, column, value, number_format=fmt)
    return row + 2


def _bar(title: str, y_title: str, *, horizontal: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.height, chart.width = 7.5, 15
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    return chart


def _chart(item: ChartData, ws, first: int, last: int):
    """The openpyxl chart of `item`, drawing the data table whose lines are rows first..last."""
    chart, table = item.chart, item.table
    data = Reference(ws, min_col=2, max_col=1 + len(table.series), min_row=first - 1, max_row=last)
    if chart.kind == "pie":
        drawn = PieChart()
        drawn.title = chart.title
        drawn.height, drawn.width = 7.5, 11
        drawn.dataLabels = DataLabelList()
        drawn.dataLabels.showPercent = True
    else:
        drawn = _bar(chart.title, chart.unit)
        drawn.width = max(15, 2 * len(table.categories))
    drawn.add_data(data, titles_from_data=True)
    drawn.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    return drawn


def _charts_sheet(book: Workbook, report: ReportData) -> None:
    """The charts of charts.CHARTS (as the HTML draws them), each beside its data table; charts
    drawn from one indicator share its table."""
    ws = book.create_sheet(CHARTS_SHEET)
    _title(ws, f"{report.scope_name}{report.year}年度基层基础建设图表", _source_note(report), 12)
    row = 4
    blocks: list[list[ChartData]] = []
    for item in chart_data(report):
        if blocks and blocks[-1][0].chart.source == item.chart.source:
            blocks[-1].append(item)
        else:
            blocks.append([item])
    for block in blocks:
        table = block[0].table
        lines = [[category, *[s.data[i] for s in table.series]] for i, category in enumerate(table.categories)]
        fmt = MONEY_FORMAT if block[0].chart.unit == "万元" else COUNT_FORMAT
        headers = [table.header, *[s.name for s in table.series]]
        first = _data_block(ws, row, block[0].chart.title, headers, lines, fmt)
        last = first + len(lines) - 1
        column = len(headers) + 2  # a gap column after the table
        for item in block:
            drawn = _chart(item, ws, first, last)
            ws.add_chart(drawn, f"{get_column_letter(column)}{row}")
            column += 9 if item.chart.kind == "bar" else 7
        row += max(CHART_ROWS, len(lines) + 4)
    _widths(ws, {1: 22, 2: 14, 3: 14})
    _print_setup(ws, "1:1")


def build(report: ReportData) -> bytes:
    """The report workbook as .xlsx bytes."""
    book = Workbook()
    _summary_sheet(book, report)
    for number in sorted(report.forms):
        data = report.forms[number]
        for section in data.spec.sections:
            _form_sheet(book, report, section, data.towns(section.section))
    _problems_sheet(book, report)
    _appendix_sheet(book, report)
    _charts_sheet(book, report)
    book.properties.title = f"{report.scope_name}{report.year}年度基层基础建设调研报告"
    book.properties.creator = report.scope_name
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The workbook's 图表 sheet: the charts of charts.CHARTS (as the HTML draws them), each block a
titled data table with its chart(s) beside it; charts drawn from one indicator share its table.

Laid out for paper: A4 landscape at a fixed print scale worked out from the sheet's width, every
row a fixed height, and a row break before a block that would not fit on the page: no chart is
cut by a page break (a chart is never taller than a page). A block is

    row r      the block's title (the first chart's title)
    row r + 1  the table's headers
    rows …     one line per category; the charts are anchored at row r, beside the table
    …          empty rows down to the charts' foot, then one row of space
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText
from openpyxl.drawing.spreadsheet_drawing import AbsoluteAnchor
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.drawing.xdr import XDRPoint2D, XDRPositiveSize2D
from openpyxl.utils import get_column_letter
from openpyxl.utils.units import cm_to_EMU, inch_to_EMU
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from committees.xlsx_rows import fit_rows, text_width
from committees.xlsx_write import put
from surveys.report.charts import ChartData, chart_data
from surveys.report.data import ReportData
from surveys.report.workbook import (
    CHARTS_SHEET,
    COUNT_FORMAT,
    HEADER_FONT,
    MONEY_FORMAT,
    _headers,
    _print_setup,
    _put,
    _source_note,
    _title,
)

FIRST_BLOCK_ROW = 4
TITLE_ROWS = "1:1"  # the sheet's title, repeated at the top of every page
ROW_HEIGHT = 15.0  # points, every row but the title and the headers
PT_PER_CM = 72 / 2.54
PT_PER_INCH = 72
# A column's width is counted in characters: Excel prints one as 7 pixels at 96 dpi (0.185 cm),
# LibreOffice as 7 points (0.247 cm). The charts are placed at a fixed distance from the sheet's
# corner (an absolute anchor), right of the table as the wider of the two prints it, and the
# print scale is worked out with that width too: the sheet fits the page's width in both.
CM_PER_CHARACTER = 7 / 72 * 2.54
PAGE_CM = (29.7, 21.0)  # A4 landscape: width, height
SAFETY_PT = 36.0  # the page's height kept free of rows: the footer, rounding in the spreadsheet
GAP_CM = 0.3  # between the table and a chart, and between two charts

# Charts (cm). Bars run across (horizontal) once there are more categories than fit under a
# column chart's axis, and grow with them; a pie sits beside a bar drawn from the same table.
COLUMN_SIZE = (12.5, 7.5)
PIE_SIZE = (10.0, 7.5)
ACROSS_WIDTH = 16.0
ACROSS_AFTER = 5  # categories a column chart takes; more are drawn as bars across
CM_PER_BAR_ROW = 0.6  # a category of a bars-across chart
LABEL_SIZE = 8  # points: the names beside the bars across
EVERY_NAME_UP_TO = 40  # categories whose names all fit beside bars across a page's height
TABLE_WIDTHS = (12, 30)  # the category column's width (characters): at least, at most
SERIES_WIDTH = 9
GAP_WIDTH = 2


@dataclass(frozen=True)
class Block:
    """One data table and the charts drawn from it."""

    charts: list[ChartData]

    @property
    def table(self):
        return self.charts[0].table

    @property
    def lines(self) -> list[list]:
        table = self.table
        return [[category, *[s.data[i] for s in table.series]] for i, category in enumerate(table.categories)]


def blocks(report: ReportData) -> list[Block]:
    """The report's charts grouped by the table they are drawn from, in order."""
    found: list[list[ChartData]] = []
    for item in chart_data(report):
        if found and found[-1][0].chart.source == item.chart.source:
            found[-1].append(item)
        else:
            found.append([item])
    return [Block(charts) for charts in found]


def _across(item: ChartData) -> bool:
    return item.chart.kind == "bar" and len(item.table.categories) > ACROSS_AFTER


def chart_size(item: ChartData, page_cm: float) -> tuple[float, float]:
    """A chart's width and height (cm): no taller than `page_cm`, the height a page holds."""
    if item.chart.kind == "pie":
        return PIE_SIZE
    if _across(item):
        height = max(COLUMN_SIZE[1], 2.5 + CM_PER_BAR_ROW * len(item.table.categories))
        return ACROSS_WIDTH, min(height, page_cm)
    return COLUMN_SIZE


def _font_size(points: float) -> RichText:
    size = CharacterProperties(sz=int(points * 100))
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)])


def _bar(item: ChartData, width: float, height: float) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if _across(item) else "col"
    chart.title = item.chart.title
    chart.y_axis.title = item.chart.unit
    chart.width, chart.height = width, height
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.y_axis.number_format = "0"  # whole numbers on the values' axis (万元 too): they stay level
    if _across(item):
        chart.x_axis.scaling.orientation = "maxMin"  # the first category at the top, as in the table
        chart.y_axis.crosses = "max"  # and the values' axis under the bars
        if len(item.table.categories) <= EVERY_NAME_UP_TO:
            chart.x_axis.tickLblSkip = 1  # every name, not every other (more would overprint)
        chart.x_axis.txPr = _font_size(LABEL_SIZE)
    if len(item.table.series) == 1:
        chart.legend = None  # one series: its name heads the table
    return chart


def _pie(item: ChartData, width: float, height: float) -> PieChart:
    chart = PieChart()
    chart.title = item.chart.title
    chart.width, chart.height = width, height
    labels = DataLabelList()
    labels.showPercent = True
    labels.showVal = labels.showCatName = labels.showSerName = labels.showLegendKey = False
    chart.dataLabels = labels
    return chart


def _chart(item: ChartData, ws, first: int, last: int, size: tuple[float, float]):
    """The openpyxl chart of `item`, drawing the data table whose lines are rows first..last."""
    drawn = _pie(item, *size) if item.chart.kind == "pie" else _bar(item, *size)
    columns = len(item.table.series)
    drawn.add_data(
        Reference(ws, min_col=2, max_col=1 + columns, min_row=first - 1, max_row=last), titles_from_data=True
    )
    drawn.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    return drawn


def _anchor(left_cm: float, top_pt: float, size: tuple[float, float]) -> AbsoluteAnchor:
    position = XDRPoint2D(cm_to_EMU(left_cm), inch_to_EMU(top_pt / PT_PER_INCH))
    return AbsoluteAnchor(pos=position, ext=XDRPositiveSize2D(cm_to_EMU(size[0]), cm_to_EMU(size[1])))


@dataclass(frozen=True)
class Layout:
    """The sheet's columns and its print scale, and the height (points) a page holds."""

    widths: dict[int, float]  # column → width in characters: the table's, a gap, the charts'
    table_cm: float  # the table's width and the gap after it, as LibreOffice prints them
    scale: int  # the print scale, percent
    page_pt: float  # what a page holds at that scale (the repeated title row to take off)

    @property
    def page_cm(self) -> float:
        return (self.page_pt - ROW_HEIGHT) / PT_PER_CM  # a chart under its block's title row


def _charts_cm(block: Block, page_cm: float) -> float:
    return sum(chart_size(item, page_cm)[0] + GAP_CM for item in block.charts)


def layout(ws, found: list[Block]) -> Layout:
    """Columns: the category, one per series, a gap, then one as wide as the widest block's charts."""
    categories = [text for block in found for text in [block.table.header, *block.table.categories]]
    width = max([TABLE_WIDTHS[0], *(text_width(text) + 2 for text in categories)])
    series = max([1, *(len(block.table.series) for block in found)])
    widths = {1: min(width, TABLE_WIDTHS[1]), **{1 + i: SERIES_WIDTH for i in range(1, series + 1)}}
    widths[series + 2] = GAP_WIDTH
    table_cm = sum(widths.values()) * CM_PER_CHARACTER + GAP_CM
    charts_cm = max([0.0, *(_charts_cm(block, PAGE_CM[1]) for block in found)])
    margins = ws.page_margins
    printable_cm = PAGE_CM[0] - (margins.left + margins.right) * 2.54
    # The last column spans the charts (the title is centred over them), and the page at least.
    widths[series + 3] = math.ceil(max(charts_cm, printable_cm - table_cm) / CM_PER_CHARACTER)
    scale = min(100, math.floor(100 * printable_cm / (table_cm + charts_cm)))
    printable_pt = PAGE_CM[1] * PT_PER_CM - (margins.top + margins.bottom) * PT_PER_INCH
    return Layout(widths, table_cm, scale, printable_pt * 100 / scale - SAFETY_PT)


def _block(ws, row: int, top_pt: float, block: Block, plan: Layout) -> tuple[int, float]:
    """Write `block` from `row` (`top_pt` below the sheet's top); its last row (the row of space
    after it) and the height (points) of its rows."""
    table = block.table
    fmt = MONEY_FORMAT if block.charts[0].chart.unit == "万元" else COUNT_FORMAT
    put(ws, row, 1, block.charts[0].chart.title).font = HEADER_FONT
    _headers(ws, row + 1, [table.header, *[s.name for s in table.series]])
    first = row + 2
    for offset, line in enumerate(block.lines):
        for column, value in enumerate(line, start=1):
            _put(ws, first + offset, column, value, number_format=fmt)
    last = first + len(block.lines) - 1
    left, tallest = plan.table_cm, 0.0
    for item in block.charts:
        size = chart_size(item, plan.page_cm)
        ws.add_chart(_chart(item, ws, first, last, size), _anchor(left, top_pt, size))
        left += size[0] + GAP_CM
        tallest = max(tallest, size[1] * PT_PER_CM)
    height, end = ROW_HEIGHT + (ws.row_dimensions[row + 1].height or ROW_HEIGHT), row + 1
    while end < last or height < tallest:
        end += 1
        ws.row_dimensions[end].height = ROW_HEIGHT
        height += ROW_HEIGHT
    ws.row_dimensions[row].height = ROW_HEIGHT
    ws.row_dimensions[end + 1].height = ROW_HEIGHT  # the row of space
    return end + 1, height + ROW_HEIGHT


def charts_sheet(book, report: ReportData) -> None:
    """The 图表 sheet: every chart block, none cut by a page break."""
    ws = book.create_sheet(CHARTS_SHEET)
    found = blocks(report)
    _print_setup(ws, TITLE_ROWS)
    plan = layout(ws, found)
    _title(ws, f"{report.scope_name}{report.year}年度基层基础建设图表", _source_note(report), len(plan.widths))
    title = ws.row_dimensions[1].height or ROW_HEIGHT
    plan = replace(plan, page_pt=plan.page_pt - title)  # below the title, repeated on every page
    for column, width in plan.widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    for row in (2, 3):
        ws.row_dimensions[row].height = ROW_HEIGHT
    fit_rows(ws)  # the source line may wrap: rows 2 and 3, on page 1 only, as tall as they need
    intro = ws.row_dimensions[2].height + ws.row_dimensions[3].height
    row, top, used = FIRST_BLOCK_ROW, title + intro, intro
    if not found:
        _put(ws, row, 1, "无")
    for block in found:
        end, height = _block(ws, row, top, block, plan)
        if used > 0 and used + height - ROW_HEIGHT > plan.page_pt:
            ws.row_breaks.append(Break(id=row - 1))  # the block starts a page
            used = 0.0
        used += height
        row, top = end + 1, top + height
    ws.page_setup.scale = plan.scale
    ws.page_setup.fitToWidth = ws.page_setup.fitToHeight = None
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)

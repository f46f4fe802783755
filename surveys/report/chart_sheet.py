"""The workbook's 图表 sheet: the charts of charts.CHARTS (as the HTML draws them), each block a
titled data table with its chart(s) beside it; charts drawn from one indicator share its table.

Laid out for paper: A4 landscape at a fixed print scale worked out from the sheet's width, every
row a fixed height, and a row break before a block that would not fit on the page: no chart is
cut by a page break (a chart is never taller than a page). A block is

    row r      the block's title (the first chart's title)
    row r + 1  the table's headers
    rows …     one line per category; the charts are anchored at row r, beside the table
    …          empty rows down to the charts' foot, then one row of space

The charts are xlsxwriter's; xlsxwriter anchors a chart to cells, measured in its own units
(7 pixels a character), so the file's anchors are rewritten as absolute ones once it is written
(absolute_anchors): a chart then sits where the layout puts it, whatever a program's units.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass, replace

from committees.xlsx_rows import text_width
from committees.xlsx_stream import SheetStream
from surveys.report.charts import ChartData, chart_data
from surveys.report.data import ReportData
from surveys.report.workbook import (
    CHARTS_SHEET,
    COUNT_FORMAT,
    HEADER_FONT,
    MARGINS,
    MONEY_FORMAT,
    _headers,
    _print_setup,
    _put,
    _source_note,
    _title,
)

FIRST_BLOCK_ROW = 4
TITLE_ROWS = (1, 1)  # the sheet's title, repeated at the top of every page
ROW_HEIGHT = 15.0  # points, every row but the title and the headers
HEADERS_HEIGHT = 30.0  # a block's headers (workbook._headers)
PT_PER_CM = 72 / 2.54
PT_PER_INCH = 72
EMU_PER_CM = 360000
EMU_PER_PT = 12700
PX_PER_CM = 96 / 2.54
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

Anchor = tuple[int, int, int, int]  # a chart's left, top, width and height, in EMU


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


def _bar(book, item: ChartData):
    """A bar chart: columns, or bars across (the first category at the top, as in the table, and
    the values' axis under the bars). xlsxwriter calls a bar chart's value axis its x axis."""
    across = _across(item)
    chart = book.add_chart({"type": "bar" if across else "column"})
    # No tick marks: LibreOffice leaves out every other name beside bars across when they have some.
    plain = {"major_tick_mark": "none", "minor_tick_mark": "none"}
    values = {**plain, "name": item.chart.unit, "num_format": "0", "major_gridlines": {"visible": True}}
    names = dict(plain)
    if across:
        names |= {"reverse": True, "num_font": {"size": LABEL_SIZE}, "crossing": "max"}
        if len(item.table.categories) <= EVERY_NAME_UP_TO:
            names["interval_unit"] = 1  # every name, not every other (more would overprint)
        chart.set_x_axis(values)
        chart.set_y_axis(names)
    else:
        chart.set_x_axis(names)
        chart.set_y_axis(values)
    if len(item.table.series) == 1:
        chart.set_legend({"none": True})  # one series: its name heads the table
    return chart


def _chart(book, item: ChartData, first: int, last: int, size: tuple[float, float]):
    """The chart of `item`, drawing the data table whose lines are rows first..last (from 1)."""
    pie = item.chart.kind == "pie"
    chart = book.add_chart({"type": "pie"}) if pie else _bar(book, item)
    chart.set_title({"name": item.chart.title})
    for column in range(1, len(item.table.series) + 1):
        series = {
            "name": [CHARTS_SHEET, first - 2, column],
            "categories": [CHARTS_SHEET, first - 1, 0, last - 1, 0],
            "values": [CHARTS_SHEET, first - 1, column, last - 1, column],
        }
        if pie:
            series["data_labels"] = {"percentage": True}
        chart.add_series(series)
    chart.set_size({"width": round(size[0] * PX_PER_CM), "height": round(size[1] * PX_PER_CM)})
    return chart


def _anchor(left_cm: float, top_pt: float, size: tuple[float, float]) -> Anchor:
    return (
        round(left_cm * EMU_PER_CM),
        round(top_pt * EMU_PER_PT),
        round(size[0] * EMU_PER_CM),
        round(size[1] * EMU_PER_CM),
    )


TWO_CELL = re.compile(rb"<xdr:twoCellAnchor[^>]*>.*?</xdr:to>(.*?)</xdr:twoCellAnchor>", re.S)


def absolute_anchors(data: bytes, anchors: list[Anchor]) -> bytes:
    """The workbook `data` with its charts' anchors (the 图表 sheet's drawing: the workbook's one)
    made absolute at `anchors`, in the order the charts were inserted."""
    if not anchors:
        return data
    places = iter(anchors)

    def absolute(match: re.Match) -> bytes:
        x, y, cx, cy = next(places)
        position = f'<xdr:absoluteAnchor><xdr:pos x="{x}" y="{y}"/><xdr:ext cx="{cx}" cy="{cy}"/>'
        return position.encode() + match.group(1) + b"</xdr:absoluteAnchor>"

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/drawings/drawing1.xml":
                content = TWO_CELL.sub(absolute, content)
            target.writestr(info, content)
    return out.getvalue()


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


def layout(found: list[Block]) -> Layout:
    """Columns: the category, one per series, a gap, then one as wide as the widest block's charts."""
    categories = [text for block in found for text in [block.table.header, *block.table.categories]]
    width = max([TABLE_WIDTHS[0], *(text_width(text) + 2 for text in categories)])
    series = max([1, *(len(block.table.series) for block in found)])
    widths = {1: min(width, TABLE_WIDTHS[1]), **{1 + i: SERIES_WIDTH for i in range(1, series + 1)}}
    widths[series + 2] = GAP_WIDTH
    table_cm = sum(widths.values()) * CM_PER_CHARACTER + GAP_CM
    charts_cm = max([0.0, *(_charts_cm(block, PAGE_CM[1]) for block in found)])
    printable_cm = PAGE_CM[0] - (MARGINS["left"] + MARGINS["right"]) * 2.54
    # The last column spans the charts (the title is centred over them), and the page at least.
    widths[series + 3] = math.ceil(max(charts_cm, printable_cm - table_cm) / CM_PER_CHARACTER)
    scale = min(100, math.floor(100 * printable_cm / (table_cm + charts_cm)))
    printable_pt = PAGE_CM[1] * PT_PER_CM - (MARGINS["top"] + MARGINS["bottom"]) * PT_PER_INCH
    return Layout(widths, table_cm, scale, printable_pt * 100 / scale - SAFETY_PT)


def _block_end(row: int, block: Block, plan: Layout) -> tuple[int, float]:
    """The last row of `block` written from `row` (the row of space after it) and the height
    (points) of its rows: its table's, or its charts' when they are taller."""
    last = row + 1 + len(block.lines)
    tallest = max(chart_size(item, plan.page_cm)[1] * PT_PER_CM for item in block.charts)
    height, end = ROW_HEIGHT + HEADERS_HEIGHT, row + 1
    while end < last or height < tallest:
        end += 1
        height += ROW_HEIGHT
    return end + 1, height + ROW_HEIGHT


def _block(book, ws: SheetStream, row: int, top_pt: float, block: Block, plan: Layout) -> list[Anchor]:
    """Write `block` from `row` (`top_pt` below the sheet's top); the anchors of its charts."""
    table = block.table
    fmt = MONEY_FORMAT if block.charts[0].chart.unit == "万元" else COUNT_FORMAT
    end, _height = _block_end(row, block, plan)
    ws.height(row, ROW_HEIGHT)
    ws.put(row, 1, block.charts[0].chart.title, HEADER_FONT)
    _headers(ws, row + 1, [table.header, *[s.name for s in table.series]])
    first = row + 2
    for offset, line in enumerate(block.lines):
        ws.height(first + offset, ROW_HEIGHT)
        for column, value in enumerate(line, start=1):
            _put(ws, first + offset, column, value, number_format=fmt)
    for empty in range(first + len(block.lines), end + 1):
        ws.height(empty, ROW_HEIGHT)
    last = first + len(block.lines) - 1
    left, anchors = plan.table_cm, []
    for item in block.charts:
        size = chart_size(item, plan.page_cm)
        chart = _chart(book, item, first, last, size)
        ws.ws.insert_chart(row - 1, 0, chart, {"object_position": 3})
        anchors.append(_anchor(left, top_pt, size))
        left += size[0] + GAP_CM
    return anchors


def charts_sheet(book, formats, report: ReportData) -> list[Anchor]:
    """The 图表 sheet: every chart block, none cut by a page break; the charts' anchors."""
    found = blocks(report)
    plan = layout(found)
    ws = SheetStream(book, formats, CHARTS_SHEET, plan.widths)
    # Every row is written with its height, 15 points too: a sheet's default row height set apart
    # from it makes xlsxwriter write it (a row without one is as tall as the program makes it).
    ws.ws.set_default_row(14.25)
    _print_setup(ws, TITLE_ROWS)
    _title(ws, f"{report.scope_name}{report.year}年度基层基础建设图表", _source_note(report), len(plan.widths))
    ws.height(2, ROW_HEIGHT)
    ws.height(3, ROW_HEIGHT)
    ws.flush_to(FIRST_BLOCK_ROW)  # the source line may wrap: rows 2 and 3, on page 1 only, as tall as they need
    ws.fit = False
    title = ws.heights[1]
    plan = replace(plan, page_pt=plan.page_pt - title)  # below the title, repeated on every page
    intro = ws.heights[2] + ws.heights[3]
    row, top, used = FIRST_BLOCK_ROW, title + intro, intro
    if not found:
        _put(ws, row, 1, "无")
    breaks, anchors = [], []
    for block in found:
        end, height = _block_end(row, block, plan)
        anchors += _block(book, ws, row, top, block, plan)
        if used > 0 and used + height - ROW_HEIGHT > plan.page_pt:
            breaks.append(row - 1)  # the block starts a page
            used = 0.0
        used += height
        row, top = end + 1, top + height
    ws.ws.set_h_pagebreaks(breaks)
    ws.ws.set_print_scale(plan.scale)  # not one page wide: the charts keep their size
    ws.close()
    return anchors

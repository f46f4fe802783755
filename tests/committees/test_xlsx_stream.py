"""A sheet written row by row (xlsxwriter, constant memory): its rows as tall as fit_rows makes
an openpyxl sheet of the same cells, merges down rows, widths as given, rows only in order."""

import io
import math

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from committees.xlsx_rows import fit_rows, text_height
from committees.xlsx_stream import SheetStream
from committees.xlsx_write import Formats, Style, put

WRAP = Style((("text_wrap", True), ("font_size", 10.5)))
LONG = "五老志愿者参加关心下一代工作的情况说明，" * 4
CELLS = [(1, 1, LONG), (1, 2, "短"), (2, 2, "十二个字的名称不会折行吧"), (3, 1, "一\n二\n三")]


def streamed(build) -> object:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = SheetStream(book, Formats(book), "表", {1: 20, 2: 9})
    build(ws)
    ws.close()
    book.close()
    return load_workbook(io.BytesIO(out.getvalue())).active


def test_rows_are_as_tall_as_fit_rows_makes_them():
    ws = streamed(lambda ws: [ws.put(row, column, text, WRAP) for row, column, text in CELLS])
    reference = Workbook().active
    reference.column_dimensions["A"].width, reference.column_dimensions["B"].width = 20, 9
    for row, column, text in CELLS:
        cell = put(reference, row, column, text)
        cell.font, cell.alignment = Font(sz=10.5), Alignment(wrap_text=True)
    fit_rows(reference)
    heights = {r: d.height for r, d in reference.row_dimensions.items() if d.height}
    assert len(heights) == 3
    assert {r: d.height for r, d in ws.row_dimensions.items() if d.height} == heights
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (20, 9)


def test_a_merge_down_rows_grows_its_last_row_and_a_set_height_is_never_lowered():
    def build(ws):
        ws.height(1, 20)
        ws.height(2, 40)
        ws.merge(1, 1, 2, 1)
        ws.put(1, 1, LONG, WRAP)
        ws.put(1, 2, "右", WRAP)
        ws.put(2, 2, None, WRAP)
        ws.height(5, 18)  # a row of no cell, written for its height

    ws = streamed(build)
    needed = text_height(LONG, 20, 10.5)
    assert needed > 60
    assert ws.row_dimensions[1].height == 20
    assert ws.row_dimensions[2].height == max(40, math.ceil(needed - 20))  # the rest of what it needs
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:A2"]
    assert ws.row_dimensions[5].height == 18


def test_it_refuses_a_row_above_the_one_written():
    def build(ws):
        ws.put(2, 1, "二")
        ws.put(3, 1, "三")
        ws.put(2, 2, "晚了")

    with pytest.raises(ValueError, match="row 2 is above row 3"):
        streamed(build)


@pytest.mark.parametrize("text", ["12345", "东港镇关工委", "abc 东港", "“五老”" * 9, "a\nb" * 3])
def test_the_quick_one_line_answer_agrees_with_counting(text):
    for width in (6, 9, 20, 40):
        room = max(width - 2, 1)
        lines = sum(max(1, -(-sum(2 if ord(c) > 0x2E7F else 1 for c in part) // room)) for part in text.split("\n"))
        assert (text_height(text, width, 10.5) == 15.0) is (lines <= 1)

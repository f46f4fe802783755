"""The one cell writer: text stays text, numbers and dates keep their type, and every workbook
builder writes through it."""

import ast
import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils.escape import unescape

from committees.xlsx_write import Formats, Style, cell_put, looks_like_formula, put
from tests.surveys.test_dependencies import ROOT
from tests.xlsx import assert_no_formula

TEXTS = ['=HYPERLINK("http://x"&A1,"点我")', "+1", "-2", "@SUM(A1)", "=cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def saved_with_openpyxl(values: list) -> bytes:
    book = Workbook()
    for row, value in enumerate(values, start=1):
        put(book.active, row, 1, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def saved_with_xlsxwriter(values: list) -> bytes:
    """The same cells through the writer's xlsxwriter path, in constant memory as the report writes."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws, formats = book.add_worksheet(), Formats(book)
    for row, value in enumerate(values):
        cell_put(ws, formats, row, 0, value)
    book.close()
    return out.getvalue()


@pytest.fixture(params=[saved_with_openpyxl, saved_with_xlsxwriter], ids=["openpyxl", "xlsxwriter"])
def saved(request):
    """Write values down column A with either path; the file and its cells read back by openpyxl."""

    def save(values: list) -> tuple[bytes, list[Cell]]:
        data = request.param(values)
        cells = [row[0] for row in load_workbook(io.BytesIO(data)).active.iter_rows()]
        for cell in cells:
            # xlsxwriter escapes a control character as _x000D_ (ECMA-376's ST_Xstring), which
            # spreadsheets and calamine read back as the character, openpyxl's reader as written.
            if isinstance(cell.value, str):
                cell._value = unescape(cell.value)
        return data, cells

    return save


def test_text_that_looks_like_a_formula_is_quote_prefixed_text(saved):
    data, cells = saved(list(TEXTS))
    assert [c.value for c in cells] == list(TEXTS)
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert_no_formula(data)


def test_other_text_is_plain_text_and_an_error_code_is_text_too(saved):
    _data, cells = saved(["张三", "#N/A", "a=b", "1-2"])
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        ("张三", "s", False),
        ("#N/A", "s", False),
        ("a=b", "s", False),
        ("1-2", "s", False),
    ]


def test_numbers_dates_and_booleans_keep_their_type(saved):
    _data, cells = saved([Decimal("12.50"), -3, 2.5, datetime.date(2013, 6, 13), True, None, "末行"])
    assert [c.value for c in cells[:3]] == [12.5, -3, 2.5] and all(c.data_type == "n" for c in cells[:3])
    assert cells[3].is_date and cells[3].value == datetime.datetime(2013, 6, 13)
    assert (cells[4].value, cells[4].data_type) == (True, "b")
    assert cells[5].value is None


def test_numbers_that_are_text_stay_text(saved):
    _data, cells = saved(["0012", "1e5", "3.50"])
    assert [(c.value, c.data_type) for c in cells] == [("0012", "s"), ("1e5", "s"), ("3.50", "s")]


def test_the_xlsxwriter_path_keeps_the_styles_format_and_quotes_only_formula_like_text():
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws, formats = book.add_worksheet(), Formats(book)
    dated = Style((("num_format", "yyyy年m月d日"), ("bold", True)))
    cell_put(ws, formats, 0, 0, datetime.date(2024, 1, 2), dated)
    cell_put(ws, formats, 1, 0, datetime.date(2024, 1, 2))
    cell_put(ws, formats, 2, 0, "=1+1", dated)
    cell_put(ws, formats, 3, 0, None, dated)
    book.close()
    cells = [row[0] for row in load_workbook(io.BytesIO(out.getvalue())).active.iter_rows()]
    assert (cells[0].number_format, cells[0].font.b, cells[0].is_date) == ("yyyy年m月d日", True, True)
    assert (cells[1].number_format, cells[1].value) == ("yyyy-mm-dd", datetime.datetime(2024, 1, 2))
    assert (cells[2].value, cells[2].quotePrefix, cells[2].font.b) == ("=1+1", True, True)
    assert (cells[3].value, cells[3].font.b) == (None, True)  # a styled blank
    assert not cells[0].quotePrefix
    assert_no_formula(out.getvalue())


def test_it_keeps_a_date_format_the_cell_already_has():
    ws = Workbook().active
    cell = ws.cell(1, 1)
    cell.number_format = "yyyy年m月d日"
    put(ws, 1, 1, datetime.date(2024, 1, 2))
    assert cell.number_format == "yyyy年m月d日"


@pytest.mark.parametrize("text, expected", [("=1", True), ("-", True), ("张=", False), ("", False), (" =1", False)])
def test_what_looks_like_a_formula(text, expected):
    assert looks_like_formula(text) is expected


def _direct_writes(path) -> list[str]:
    """Places in a module that set a cell's value other than through committees.xlsx_write."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "cell" and (len(node.args) >= 3 or any(k.arg == "value" for k in node.keywords)):
                found.append(f"{path}:{node.lineno} .cell(row, column, value)")
            receiver = node.func.value
            if node.func.attr == "append" and isinstance(receiver, ast.Name) and receiver.id in SHEET_NAMES:
                found.append(f"{path}:{node.lineno} {receiver.id}.append(…)")
            sheet = isinstance(receiver, ast.Name) and receiver.id in SHEET_NAMES
            if node.func.attr in XLSXWRITER_WRITES or (node.func.attr == "write" and sheet):
                found.append(f"{path}:{node.lineno} .{node.func.attr}(…) (xlsxwriter)")
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
        )
        for target in targets:
            # `self.value = …` is an object's own field (a CellError's), not a cell.
            is_self = (
                isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"
            )
            if isinstance(target, ast.Attribute) and target.attr == "value" and not is_self:
                found.append(f"{path}:{node.lineno} ….value = …")
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id in SHEET_NAMES
            ):
                found.append(f"{path}:{node.lineno} {target.value.id}[…] = …")
    return found


SHEET_NAMES = {"ws", "sheet", "worksheet"}
# xlsxwriter's cell writes: only xlsx_write.cell_put calls them (merge_range writes cells too).
XLSXWRITER_WRITES = {
    "write_string",
    "write_number",
    "write_datetime",
    "write_boolean",
    "write_blank",
    "write_formula",
    "write_array_formula",
    "write_url",
    "write_rich_string",
    "write_row",
    "write_column",
    "merge_range",
}


def test_no_module_writes_a_cell_but_through_the_one_writer():
    """A builder that writes cells itself (ws.cell(r, c, v), ws.append, ws["A1"] = …, cell.value = …;
    xlsxwriter's ws.write(…), write_string(…), merge_range(…)) lets the library take text beginning
    with "=" for a formula: it must call xlsx_write.put/write (openpyxl) or cell_put (xlsxwriter)."""
    modules = [
        path
        for app in ("committees", "surveys", "funding", "evaluations", "xishan_portal")
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and path != ROOT / "committees" / "xlsx_write.py"
    ]
    assert len(modules) > 50
    assert [place for path in modules for place in _direct_writes(path)] == []


def test_the_scan_finds_each_kind_of_direct_write(tmp_path):
    module = tmp_path / "builder.py"
    module.write_text(
        "ws.cell(1, 2, name)\nws.cell(1, 2, value=name)\nws.append(row)\nws['A1'] = name\ncell.value = name\n"
        "ws.cell(1, 2).font = bold\nrows.append(row)\nput(ws, 1, 2, name)\n"
        "ws.write(0, 0, name)\nsheet.write_string(0, 0, name)\nbook.sheet.merge_range(0, 0, 0, 3, name)\n"
        "out.write(data)\n"
    )
    assert len(_direct_writes(module)) == 8

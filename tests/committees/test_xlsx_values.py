"""The uploads' two readers give the same rows: calamine for a sheet of plain values, openpyxl's
parser for any other; a sheet that needs openpyxl (a formula, an Excel error) still goes to it."""

import datetime
import io

import pytest
from openpyxl import Workbook

from committees.excel import read_sheets
from committees.imports import TABLES
from committees.imports.common import table_export, table_template
from committees.models import Committee, Role, RoleAssignment
from committees.xlsx_open import open_workbook
from funding.excel import TABLES as FUND_TABLES
from funding.excel.export import ledger_export
from funding.models import FundEntry
from tests.badfiles import raw_cell
from tests.committees.test_import_helpers import workbook


def rows_by_both(data: bytes) -> dict[str, tuple[list, list]]:
    """Each sheet's rows holding a value, as (number, values, value types), by calamine and by openpyxl."""
    both = {}
    with open_workbook(data) as fast, open_workbook(data) as slow:
        for sheet in fast.sheetnames:
            slow._plain[sheet] = None  # openpyxl's parser, as before calamine
            both[sheet] = (_rows(fast, sheet), _rows(slow, sheet))
        assert any(fast._plain.values()), "no sheet was read by calamine"
    return both


def _rows(book, sheet: str) -> list:
    out = []
    for number, cells in book.rows(sheet):
        cells = list(cells)
        while cells and cells[-1].value is None:  # openpyxl keeps a styled empty cell
            cells.pop()
        if cells:
            out.append((number, [c.value for c in cells], [type(c.value).__name__ for c in cells]))
    return out


def assert_same_rows(data: bytes) -> int:
    count = 0
    for sheet, (fast, slow) in rows_by_both(data).items():
        assert fast == slow, sheet
        count += len(fast)
    return count


def book_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_registry_exports_and_templates_read_the_same(demo_district):
    district = Committee.objects.get(parent__isnull=True)
    rows = 0
    for table in TABLES.values():
        rows += assert_same_rows(table_export(table, district))
        assert_same_rows(table_template(table, district))
    assert rows > 100  # the demo's rows were compared, not only headers


def test_the_ledger_exports_read_the_same(demo_district):
    admin = RoleAssignment.objects.filter(role=Role.DISTRICT_ADMIN).first().user
    year = FundEntry.objects.order_by("-year").values_list("year", flat=True).first()
    rows = sum(assert_same_rows(ledger_export(t, admin, year, title="对照")) for t in FUND_TABLES.values())
    assert rows > 50


def test_values_keep_openpyxls_types():
    book = Workbook()
    ws = book.active
    ws.title = "数据"
    ws.append(["整数", "小数", "日期", "日期时间", "文本", None, "末列"])
    ws.append([1940, 12.5, datetime.date(2024, 3, 1), datetime.datetime(2024, 3, 1, 8, 30), "张三", None, 0])
    ws["C2"].number_format = ws["D2"].number_format = "yyyy-mm-dd"
    data = book_bytes(book)

    with open_workbook(data) as opened:
        values = list(opened.values("数据"))
        assert opened._plain["数据"] is not None  # read by calamine

    assert values[1] == (
        2,
        (1940, 12.5, datetime.datetime(2024, 3, 1), datetime.datetime(2024, 3, 1, 8, 30), "张三", None, 0),
    )
    assert [type(v) for v in values[1][1][:2]] == [int, float]
    assert_same_rows(data)


@pytest.mark.parametrize(
    "value, data_type",
    [("=1+1", "f"), ("=SUM(B1:B2)", "f")],
)
def test_a_sheet_with_a_formula_goes_to_openpyxl_which_marks_it(value, data_type):
    book = Workbook()
    book.active.append(["数量", 3])
    book.active.append(["合计", value])
    with open_workbook(book_bytes(book)) as opened:
        cells = dict(opened.rows(book.active.title))
        assert opened._plain[book.active.title] is None
    assert cells[2][1].data_type == data_type
    assert cells[2][1].value == value


def test_an_error_cell_goes_to_openpyxl_which_marks_it():
    book = Workbook()
    book.active.append(["数量", 3])
    data = raw_cell(book_bytes(book), (book.active.title, "B1"), ' t="e"><v>#DIV/0!</v>')
    with open_workbook(data) as opened:
        cells = dict(opened.rows(book.active.title))
    assert (cells[1][1].value, cells[1][1].data_type) == ("#DIV/0!", "e")  # calamine would read it as empty


def test_merged_ranges_are_read_on_a_plain_sheet():
    book = Workbook()
    ws = book.active
    ws.append(["标题", None])
    ws.append(["甲", "乙"])
    ws.merge_cells("A2:B2")
    with open_workbook(book_bytes(book)) as opened:
        list(opened.rows(ws.title))
        assert opened._plain[ws.title] is not None
        assert [r.coord for r in opened.merged_ranges(ws.title)] == ["A2:B2"]


def test_a_control_character_on_a_plain_sheet_is_an_error_naming_its_cell():
    data = workbook("volunteers", [volunteer_row("张三"), volunteer_row("李\x80四")])
    with open_workbook(data) as opened:
        grid = opened.grid("五老志愿者", min_row=2, width=9)
        assert opened._plain["五老志愿者"] is not None  # read by calamine, checked in one search
    assert list(grid.odd) == [(1, 3)]
    _parsed, errors = read_sheets(data, [TABLES["volunteers"].spec()])
    assert [str(e) for e in errors] == [
        "工作表“五老志愿者”，第3行，“姓名”列，值“李\ufffd四”：文字中含有不可见的控制字符（U+0080），请删除。"
    ]


def volunteer_row(name: str) -> list:
    return ["XS01V01", "东港村关工委", None, name, "男", 1956, "13900000000", "老教师", "参与层"]

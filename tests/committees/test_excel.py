"""The pure workbook reader and writer: every bad input is an error naming sheet, row, column, value."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from committees.excel import Column, SheetSpec, WorkbookError, build_workbook, read_workbook
from tests.xlsx import book_bytes

SPEC = SheetSpec(
    name="五老志愿者",
    columns=(
        Column("单位编码", "committee", required=True, locked=True),
        Column("姓名", "name", required=True),
        Column("出生年份", "birth_year", type="int", required=True, minimum=1920, maximum=2006),
        Column("层级", "layer", type="choice", choices=("骨干层", "参与层"), required=True),
        Column("是否五老", "is_five_old", type="bool"),
        Column("补贴(万元)", "subsidy", type="decimal", minimum=0),
    ),
    key=("committee", "name", "birth_year"),
)
HEADERS = [c.header for c in SPEC.columns]
GOOD = [["XS01V01", "张建国", 1950, "骨干层", "是", 0.5], ["XS01V01", "李秀英", 1948, "参与层", "否", None]]


def workbook(rows, headers=HEADERS, title_rows=0, sheet=SPEC.name, tweak=None) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for _ in range(title_rows):
        ws.append(["锡山区五老志愿者名册"])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    if tweak:
        tweak(ws)
    return book_bytes(book)


def errors_of(data: bytes) -> list[str]:
    with pytest.raises(WorkbookError) as error:
        read_workbook(data, [SPEC])
    return [str(e) for e in error.value.errors]


def test_it_reads_good_rows():
    rows = read_workbook(workbook(GOOD), [SPEC])[SPEC.name].rows
    assert rows[0] == {
        "_row": 2,
        "committee": "XS01V01",
        "name": "张建国",
        "birth_year": 1950,
        "layer": "骨干层",
        "is_five_old": True,
        "subsidy": Decimal("0.5"),
    }
    assert rows[1]["is_five_old"] is False and rows[1]["subsidy"] is None


def test_it_finds_the_header_below_title_rows_and_in_any_order():
    headers = list(reversed(HEADERS))
    rows = [list(reversed(r)) for r in GOOD]
    parsed = read_workbook(workbook(rows, headers=headers, title_rows=2), [SPEC])[SPEC.name]
    assert [r["name"] for r in parsed.rows] == ["张建国", "李秀英"]
    assert parsed.rows[0]["_row"] == 4


def test_an_extra_column_is_a_warning():
    parsed = read_workbook(workbook([r + ["x"] for r in GOOD], headers=HEADERS + ["备用"]), [SPEC])[SPEC.name]
    assert "备用" in str(parsed.warnings[0])


def test_a_missing_header_is_named():
    errors = errors_of(workbook([r[:2] + r[3:] for r in GOOD], headers=HEADERS[:2] + HEADERS[3:]))
    assert errors == ["工作表“五老志愿者”，第1行，“出生年份”列：缺少必填列。"]


def test_a_renamed_header_is_a_missing_column():
    errors = errors_of(workbook(GOOD, headers=["单位编码", "姓 名x", *HEADERS[2:]]))
    assert any("“姓名”列：缺少必填列" in e for e in errors)


def test_text_in_a_number_column_names_the_cell():
    errors = errors_of(workbook([["XS01V01", "张建国", "一九五〇", "骨干层", "是", 0]]))
    assert errors == ["工作表“五老志愿者”，第2行，“出生年份”列，值“一九五〇”：应填数字。"]


def test_a_birth_year_that_makes_a_minor_is_refused():
    errors = errors_of(workbook([["XS01V01", "小明", 2015, "参与层", "否", 0]]))
    assert "第2行，“出生年份”列，值“2015”" in errors[0] and "2006" in errors[0]


def test_a_value_outside_the_choices_is_refused():
    errors = errors_of(workbook([["XS01V01", "张建国", 1950, "核心层", "是", 0]]))
    assert "值“核心层”" in errors[0] and "骨干层" in errors[0]


def test_more_than_two_decimals_are_refused():
    errors = errors_of(workbook([["XS01V01", "张建国", 1950, "骨干层", "是", 0.125]]))
    assert "“补贴(万元)”列" in errors[0]


def test_duplicate_rows_are_refused():
    errors = errors_of(workbook([GOOD[0], GOOD[1], GOOD[0]]))
    assert errors == [
        "工作表“五老志愿者”，第4行，“单位编码、姓名、出生年份”列，值“XS01V01 / 张建国 / 1950”：与第2行重复。"
    ]


def test_an_empty_sheet_is_refused():
    assert errors_of(workbook([])) == ["工作表“五老志愿者”：工作表中没有数据行。"]


def test_a_missing_sheet_is_refused():
    assert errors_of(workbook(GOOD, sheet="Sheet1")) == ["工作表“五老志愿者”：缺少该工作表。"]


def test_a_formula_is_refused():
    def formula(ws):
        ws["C2"] = "=1900+50"

    errors = errors_of(workbook(GOOD, tweak=formula))
    assert errors == ["工作表“五老志愿者”，第2行，“出生年份”列，值“=1900+50”：不接受公式，请粘贴数值。"]


def test_merged_cells_are_refused():
    errors = errors_of(workbook(GOOD, tweak=lambda ws: ws.merge_cells("A2:A3")))
    assert any("合并单元格" in e and "第2行" in e for e in errors)


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf\xe5\x8d\x95\xe4\xbd\x8d\xe7\xbc\x96\xe7\xa0\x81,name\nXS01V01,a\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        b"PK\x03\x04broken",
    ],
    ids=["renamed-csv", "renamed-xls", "corrupt-zip"],
)
def test_a_file_that_is_not_xlsx_is_refused(data):
    errors = errors_of(data)
    assert len(errors) == 1 and ".xlsx" in errors[0]


def test_a_20_mb_file_is_refused_before_it_is_opened():
    errors = errors_of(b"PK" + b"\0" * (20 * 1024 * 1024))
    assert errors == ["文件超过 10 MB。"]


def test_the_template_round_trips():
    rows = [
        {
            "committee": "XS01V01",
            "name": "张建国",
            "birth_year": 1950,
            "layer": "骨干层",
            "is_five_old": True,
            "subsidy": Decimal("0.50"),
        }
    ]
    data = build_workbook([(SPEC, rows)], instructions=["每行一名五老志愿者。"], title="五老志愿者名册")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [SPEC.name, "填表说明"]
    ws = book[SPEC.name]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws.protection.sheet is True and ws["A2"].protection.locked and not ws["B2"].protection.locked
    assert any("骨干层,参与层" in v.formula1 for v in ws.data_validations.dataValidation)
    parsed = read_workbook(data, [SPEC])[SPEC.name].rows
    assert parsed[0] | {"subsidy": Decimal("0.50")} == {"_row": 2, **rows[0]}


def test_every_exported_row_has_its_columns_style():
    rows = [
        {"committee": f"XS01V0{i}", "name": f"人{i}", "birth_year": 1950, "subsidy": Decimal("0.50")}
        for i in range(1, 4)
    ]
    ws = load_workbook(io.BytesIO(build_workbook([(SPEC, rows)])))[SPEC.name]

    for row in (2, 3, 4):
        locked, free, money = ws[f"A{row}"], ws[f"B{row}"], ws.cell(row, HEADERS.index("补贴(万元)") + 1)
        assert locked.protection.locked and locked.fill.fgColor.rgb == ws["A2"].fill.fgColor.rgb
        assert not free.protection.locked and free.font.name == ws["B2"].font.name
        assert free.border.left.style == "thin"
        assert money.number_format == "0.00"
    assert ws["A2"].fill.fgColor.rgb != ws["B2"].fill.fgColor.rgb  # locked keys look locked


def test_a_wrong_stored_dimension_does_not_hide_rows():
    source = zipfile.ZipFile(io.BytesIO(workbook(GOOD)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', content)
            target.writestr(item, content)
    rows = read_workbook(out.getvalue(), [SPEC])[SPEC.name].rows
    assert [r["name"] for r in rows] == ["张建国", "李秀英"]


def test_a_merged_title_above_the_header_is_fine():
    def title(ws):
        ws.merge_cells("A1:F1")

    rows = read_workbook(workbook(GOOD, title_rows=1, tweak=title), [SPEC])[SPEC.name].rows
    assert [r["_row"] for r in rows] == [3, 4]


def test_dates_and_read_only_columns():
    spec = SheetSpec(
        name="表",
        columns=(
            Column("名称", "name", required=True),
            Column("日期", "day", type="date"),
            Column("人数", "count", type="int", readonly=True),
        ),
    )
    data = build_workbook([(spec, [{"name": "甲", "day": datetime.date(2024, 5, 6), "count": "不读"}])])
    assert read_workbook(data, [spec])["表"].rows == [{"_row": 2, "name": "甲", "day": datetime.date(2024, 5, 6)}]

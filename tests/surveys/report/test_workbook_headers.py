"""The report's form tables under the two-level headers the spec declares (Field.group), in the
workbook and the HTML page, and the workbook's row heights fitted to wrapped text. No database."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from committees import xlsx_rows
from surveys.report import form_sheets, html, workbook
from surveys.spec import AGE_BAND_KEYS, CATEGORY_KEYS, find_form, form_specs
from tests.surveys.forms import ITEMS
from tests.surveys.report.test_workbook import make_report

GROUPS = ["五有"] * 5 + ["五好"] * 5


def _merged(ws) -> dict[str, str]:
    """Each merged range of the header rows ("D3:G3") and the text it shows."""
    return {
        str(r): ws.cell(r.min_row, r.min_col).value
        for r in ws.merged_cells.ranges
        if r.min_row in (form_sheets.GROUP_ROW, form_sheets.FIELD_ROW)
    }


def test_a_group_is_one_run_of_consecutive_columns():
    for form in form_specs(2023, ITEMS, GROUPS):
        for section in form.sections:
            runs = [group for group, _fields in section.header_groups if group]
            assert len(runs) == len(set(runs)), section.sheet
            assert [f for _group, fields in section.header_groups for f in fields] == list(section.fields)


def test_the_spec_groups_the_columns_the_form_groups():
    forms = form_specs(2023, ITEMS, GROUPS)
    groups = {
        section.sheet: {group: [f.key for f in fields] for group, fields in section.header_groups if group}
        for form in forms
        for section in form.sections
    }
    assert groups["表1 班子队伍"]["常务副主任"] == [
        "exec_deputy_name",
        "exec_deputy_birth_year",
        "exec_deputy_source",
        "exec_deputy_five_old",
    ]
    assert groups["表4 五老队伍"]["“五老”类别"] == list(CATEGORY_KEYS)
    assert groups["表4 五老队伍"]["骨干年龄段"] == list(AGE_BAND_KEYS)
    items = find_form(forms, 3).main
    assert [len(groups["表3 五有五好"][g]) for g in ("五有", "五好")] == [5, 5]
    assert groups["表3 五有五好"]["五有"][0] == "fhfg_item_1"
    # Without the standard's groups the items stand on their own.
    assert not find_form(form_specs(2023, ITEMS), 3).main.field("fhfg_item_1").group
    assert items.field("fhfg_item_1").header == ITEMS[0]  # the template keeps the item's name


def test_the_workbook_merges_a_group_over_its_columns_and_a_lone_column_down_both_rows():
    book = load_workbook(io.BytesIO(workbook.build(make_report())))
    ws = book["表1 班子队伍"]
    merged = _merged(ws)
    assert merged["G3:J3"] == "常务副主任"
    assert [ws.cell(form_sheets.FIELD_ROW, c).value for c in range(7, 11)] == ["姓名", "出生年份", "来源", "是否五老"]
    assert merged["A3:A4"] == "单位编码" and merged["O3:O4"] == "备注"
    assert ws.print_title_rows == "$3:$4"  # both header rows on every page
    merged = _merged(book["表4 五老队伍"])
    assert merged["E3:I3"] == "“五老”类别" and merged["J3:M3"] == "骨干年龄段"
    assert [book["表4 五老队伍"].cell(4, c).value for c in range(10, 14)] == [
        "60岁以下",
        "60至69岁",
        "70至80岁",
        "80岁以上",
    ]


def test_the_html_tables_carry_the_same_two_header_rows():
    body = html.render_body(make_report())
    table = body[body.index("表1 关工委班子队伍情况表") :]
    head = table[table.index("<thead>") : table.index("</thead>")]
    rows = re.findall(r"<tr>(.*?)</tr>", head)
    assert len(rows) == 2
    assert '<th colspan="4">常务副主任</th>' in rows[0]
    assert '<th rowspan="2">单位编码</th>' in rows[0]
    assert "<th>出生年份</th>" in rows[1]


def test_a_wrapped_cell_gets_the_height_of_its_lines():
    # Twenty CJK characters are forty characters wide: two lines in a column 25 wide; as many
    # Latin letters fit on one.
    cjk, latin = "说" * 20, "a" * 20
    assert xlsx_rows.text_height(latin, 25, 10.5) == xlsx_rows.DEFAULT_HEIGHT
    two = xlsx_rows.text_height(cjk, 25, 10.5)
    assert two == xlsx_rows.text_height(f"{'说' * 5}\n{'说' * 5}", 25, 10.5) > xlsx_rows.DEFAULT_HEIGHT
    assert xlsx_rows.text_height(cjk * 2, 25, 10.5) > two
    report = make_report()
    report.problems[1]["message"] = "工作经费实际到位2.50万元，低于标准下限3.00万元（未足额）。" * 3
    ws = load_workbook(io.BytesIO(workbook.build(report)))[workbook.PROBLEMS_SHEET]
    heights = []
    for row in range(workbook.FIRST_DATA_ROW, workbook.FIRST_DATA_ROW + len(report.problems)):
        message = ws.cell(row, 6).value
        needed = xlsx_rows.text_height(message, ws.column_dimensions["F"].width, 10.5)
        heights.append(ws.row_dimensions[row].height or xlsx_rows.DEFAULT_HEIGHT)
        assert heights[-1] >= needed, message
    assert heights[1] >= 3 * 10.5 * xlsx_rows.LINE_SPACING  # three lines and more

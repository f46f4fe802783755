"""The spec's shape against docs/FORMS.md: sheets, exact headers, enumerations, row kinds."""

from decimal import Decimal

import pytest

from committees.excel import SheetSpec
from committees.models import Kind, PostSource, TeamType
from surveys.spec import (
    COMMITTEE_KINDS,
    SPEC_VERSION,
    FieldType,
    RowKind,
    Severity,
    excel_row,
    form_specs,
    instructions,
    section_for_sheet,
    sheet_prefix,
    sheet_spec,
    sheet_specs,
)
from tests.surveys.forms import FORMS, ITEMS, form

HEADERS = {
    "表1 班子队伍": ["单位编码", "单位名称", "层级", "班子成员数", "主任姓名", "主任是否党政负责人兼任", "常务副主任姓名",
                 "常务副主任出生年份", "常务副主任来源", "常务副主任是否五老", "副主任人数", "是否配备五老副主任",
                 "办公室负责人", "年轻工作人员数", "备注"],
    "表2 经费落实": ["单位编码", "单位名称", "年度", "标准下限(万元)", "标准上限(万元)", "预算安排(万元)", "实际到位(万元)",
                 "是否纳入财政预算", "专项经费(万元)", "五老补贴人数", "五老补贴金额(万元)", "社会筹措(万元)", "备注"],
    "表3 五有五好": ["单位编码", "单位名称", "是否建成五有五好", "建成年份", "创建轮次", *ITEMS, "回头看结果", "整改措施"],
    "表3B 企业学校": ["单位编码", "单位名称", "学校关工委数", "企业关工委数", "其中五有五好企业数"],
    "表4 五老队伍": ["单位编码", "单位名称", "骨干层人数", "参与层人数", "老干部", "老战士", "老专家", "老教师", "老模范",
                 "骨干60岁以下", "骨干60至69岁", "骨干70至80岁", "骨干80岁以上", "本年新加入", "本年退出", "志愿者团队数"],
    "表4B 志愿团队": ["单位编码", "团队名称", "团队类型", "成员数", "成立年份", "服务内容"],
    "表5 制度品牌": ["单位编码", "单位名称", "列入党政考核", "考核分值", "下发村级考核办法", "常务副主任例会次数", "联席会议次数",
                 "调研走访次数", "校外教育辅导站数", "一站多点村数", "辅导站活动场次", "受益学生人次", "家庭教育讲座场次",
                 "家庭教育受众人次", "捐资助学金额(万元)", "受助学生人数", "实习基地企业数", "推荐就业人数", "宣传稿件数"],
    "表5B 品牌项目": ["单位编码", "品牌名称", "类别", "起始年份", "简介", "关键数字"],
}  # fmt: skip


def test_the_five_forms_have_the_sheets_of_forms_md():
    assert [f.number for f in FORMS] == [1, 2, 3, 4, 5]
    assert [s.sheet for f in FORMS for s in f.sections] == list(HEADERS)
    assert [(s.form, s.section) for f in FORMS for s in f.sections] == [
        (1, "main"), (2, "main"), (3, "main"), (3, "B"), (4, "main"), (4, "B"), (5, "main"), (5, "B"),
    ]  # fmt: skip


@pytest.mark.parametrize("sheet", list(HEADERS))
def test_headers_are_exactly_those_of_forms_md(sheet):
    section = next(s for f in FORMS for s in f.sections if s.sheet == sheet)
    assert list(section.headers) == HEADERS[sheet]
    assert len(set(section.keys)) == len(section.keys)


def test_row_kinds_follow_forms_md():
    kinds = {s.sheet: s.row_kind for f in FORMS for s in f.sections}
    assert kinds == {
        "表1 班子队伍": RowKind.TOWN_AND_VILLAGES,
        "表2 经费落实": RowKind.TOWN_AND_VILLAGES,
        "表3 五有五好": RowKind.VILLAGES,
        "表3B 企业学校": RowKind.TOWN,
        "表4 五老队伍": RowKind.TOWN,
        "表4B 志愿团队": RowKind.FREE,
        "表5 制度品牌": RowKind.TOWN,
        "表5B 品牌项目": RowKind.FREE,
    }


def test_form_3_columns_come_from_the_standard_given():
    forms = form_specs(2023, ["有班子", "有队伍", "有阵地"])
    section = forms[2].main
    assert [f.header for f in section.fields if f.key.startswith("fhfg_item_")] == ["有班子", "有队伍", "有阵地"]
    assert section.field("fhfg_item_3").labels == ("达标", "基本达标", "未达标")


def test_a_round_needs_the_standards_items():
    with pytest.raises(ValueError):
        form_specs(2023, [])


def test_year_bounds_move_with_the_round():
    assert form_specs(2024, ITEMS)[0].main.field("exec_deputy_birth_year").maximum == 2006
    assert form_specs(2024, ITEMS)[1].main.field("year").minimum == 2023
    assert form_specs(2024, ITEMS)[2].main.field("built_year").maximum == 2024


def test_keys_names_and_district_values_are_locked():
    locked = {(s.sheet, f.key) for f_ in FORMS for s in f_.sections for f in s.fields if f.locked}
    assert ("表1 班子队伍", "level") in locked and ("表2 经费落实", "standard_lower") in locked
    assert ("表2 经费落实", "year") in locked and ("表4 五老队伍", "committee_code") in locked
    assert ("表4B 志愿团队", "committee_code") not in locked  # a new team row names its committee


def test_money_fields_are_decimals_and_yes_no_fields_are_bools():
    assert form(2).main.field("in_place").type == FieldType.DECIMAL
    assert form(5).main.field("study_aid").type == FieldType.DECIMAL
    assert form(1).main.field("exec_deputy_five_old").type == FieldType.BOOL
    assert form(5).main.field("assessment_weight").maximum == Decimal("100")


def test_enumerations_are_stored_as_the_registrys_values():
    assert {c.value for c in form(1).main.field("exec_deputy_source").choices} == set(PostSource.values)
    assert {c.value for c in form(4).section("B").field("team_type").choices} == set(TeamType.values)
    assert {c.value for c in COMMITTEE_KINDS} == {Kind.TOWN, Kind.SUBDISTRICT, Kind.VILLAGE, Kind.COMMUNITY}
    assert form(1).main.field("exec_deputy_source").labels == (
        "退二线领导", "退休领导", "退休校长", "退休教师", "其他五老", "在职干部",
    )  # fmt: skip


def test_every_rule_names_a_field_of_its_section_and_a_severity():
    for f in FORMS:
        for section in f.sections:
            for rule in section.rules:
                assert section.has_field(rule.field), rule.id
                assert rule.severity in (Severity.ERROR, Severity.WARNING)
    warnings = {r.id for f in FORMS for s in f.sections for r in s.rules if r.severity == Severity.WARNING}
    assert warnings == {
        "exec_deputy_not_five_old_without_deputy",
        "no_young_staff",
        "funds_below_standard",
        "assessment_weight_high",
    }


def test_sheets_are_found_by_their_prefix():
    assert sheet_prefix("表3B 企业学校") == "表3B"
    assert sheet_prefix("表3 随便写") == "表3"
    assert sheet_prefix("填表说明") is None
    assert section_for_sheet(FORMS, "表3b（修改）").sheet == "表3B 企业学校"
    assert section_for_sheet(FORMS, "表3 五有五好（东港镇）").sheet == "表3 五有五好"
    assert section_for_sheet(FORMS, "表6 其他") is None


def test_each_section_converts_to_a_committees_excel_sheet():
    sheet = sheet_spec(form(1).main)
    assert isinstance(sheet, SheetSpec) and sheet.name == "表1 班子队伍" and sheet.key == ("committee_code",)
    birth = sheet.column("exec_deputy_birth_year")
    assert (birth.header, birth.type, birth.minimum, birth.maximum) == ("常务副主任出生年份", "int", 1920, 2005)
    assert sheet.column("exec_deputy_source").choices[0] == "退二线领导"
    assert sheet.column("committee_code").locked and not sheet.column("director_name").locked
    assert sheet_spec(form(2).main).column("in_place").type == "decimal" and sheet.column("notes").required is False
    assert [s.name for s in sheet_specs(FORMS)] == list(HEADERS)
    assert sheet_specs(FORMS)[5].key == ("committee_code", "name")


def test_stored_rows_become_excel_rows_with_labels():
    row = excel_row(form(1).main, {"committee_code": "XS01", "exec_deputy_source": "retired_principal", "deputies": 2})
    assert row["exec_deputy_source"] == "退休校长" and row["deputies"] == 2 and row["notes"] is None
    assert excel_row(form(5).main, {"study_aid": "334.82"})["study_aid"] == Decimal("334.82")


def test_the_instructions_list_the_rules():
    lines = instructions(FORMS, year=2023)
    assert SPEC_VERSION in lines[0] and "2023" in lines[0]
    assert any(line.startswith("表4 五老队伍：") and "表4B" in line for line in lines)

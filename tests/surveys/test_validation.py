"""Every docs/FORMS.md rule broken once: the issue's severity, sheet, row, header, value and message."""

from decimal import Decimal

import pytest

from surveys.spec import Severity
from surveys.validation import (
    CellInputError,
    Issue,
    changed_cells,
    derive_form,
    normalize_cell,
    normalize_row,
    parse_cell,
)
from tests.surveys.forms import CTX, FORMS, check, form, rows


def only(issues: list[Issue], rule: str) -> Issue:
    found = [i for i in issues if i.rule == rule]
    assert len(found) == 1, [str(i) for i in issues]
    return found[0]


def broken(number: int, section: str, index: int, **changes) -> list[Issue]:
    sections = rows(number)
    sections[section][index].update(changes)
    return check(number, sections)


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_the_valid_forms_have_no_issues(number):
    assert check(number, rows(number)) == []


# Keys, names, rows --------------------------------------------------------------------------


def test_the_unit_code_is_required():
    issue = only(broken(1, "main", 1, committee_code=""), "required")
    assert (issue.severity, issue.sheet, issue.row, issue.header) == ("error", "表1 班子队伍", 2, "单位编码")
    assert "必填" in issue.message


def test_a_unit_code_outside_the_town_is_an_error():
    issues = broken(2, "main", 2, committee_code="XS03V01", committee_name="甘露村关工委")
    issue = only(issues, "unknown_committee")
    assert issue.is_error and issue.value == "XS03V01" and issue.header == "单位编码"
    assert "XS03V01" in issue.message and "东港镇关工委" in issue.message


def test_the_unit_name_must_match_the_code_naming_both():
    issue = only(broken(1, "main", 1, committee_name="东港新村关工委"), "name_mismatch")
    assert issue.is_error and issue.header == "单位名称" and issue.committee == "XS01V01"
    assert "东港新村关工委" in issue.message and "东港村关工委" in issue.message


def test_the_level_must_match_the_registry():
    issue = only(broken(1, "main", 2, level="村"), "level_mismatch")
    assert issue.is_error and issue.header == "层级"
    assert "村" in issue.message and "社区" in issue.message


def test_a_committee_of_another_kind_has_no_row():
    sections = rows(1)
    sections["main"].append({"committee_code": "XS01S01", "committee_name": "东港中学关工委"})
    issue = only(check(1, sections), "wrong_row_committee")
    assert issue.is_error and issue.row == 4 and "东港中学关工委" in issue.message


def test_a_town_row_in_the_village_sheet_is_an_error():
    sections = rows(3)
    sections["main"].append({**sections["main"][0], "committee_code": "XS01", "committee_name": "东港镇关工委"})
    issue = only(check(3, sections), "wrong_row_committee")
    assert issue.sheet == "表3 五有五好" and "村（社区）" in issue.message


def test_a_repeated_row_is_an_error():
    sections = rows(2)
    sections["main"].append(dict(sections["main"][1]))
    issue = only(check(2, sections), "duplicate_row")
    assert issue.is_error and issue.row == 4 and "第 2 行" in issue.message


def test_a_missing_row_is_an_error():
    sections = rows(1)
    del sections["main"][2]
    issue = only(check(1, sections), "missing_row")
    assert issue.is_error and issue.committee == "XS01V02" and issue.row is None
    assert "港下社区关工委" in issue.message


def test_rows_carry_their_sheet_row_number_when_given():
    sections = rows(1)
    sections["main"][1]["_row"] = 7
    sections["main"][1]["deputies"] = -1
    issue = only(check(1, sections), "range")
    assert issue.row == 7


# 表1 ----------------------------------------------------------------------------------------


def test_leadership_size_is_a_whole_number():
    issue = only(broken(1, "main", 0, leadership_size="7.5"), "type")
    assert issue.header == "班子成员数" and issue.value == "7.5" and "整数" in issue.message


def test_counts_cannot_be_negative():
    issue = only(broken(1, "main", 1, deputies=-1), "range")
    assert issue.header == "副主任人数" and "负数" in issue.message


def test_the_director_name_is_required():
    issue = only(broken(1, "main", 1, director_name="  "), "required")
    assert issue.header == "主任姓名"


def test_director_concurrent_is_yes_or_no():
    issue = only(broken(1, "main", 0, director_concurrent="兼任"), "type")
    assert issue.header == "主任是否党政负责人兼任" and "“是”或“否”" in issue.message


def test_exec_deputy_birth_year_is_at_least_1920():
    issue = only(broken(1, "main", 1, exec_deputy_birth_year=1919), "range")
    assert issue.header == "常务副主任出生年份" and "1920 至 2005" in issue.message


def test_exec_deputy_birth_year_is_at_most_round_year_minus_18():
    issue = only(broken(1, "main", 1, exec_deputy_birth_year=2006), "range")
    assert "2005" in issue.message
    assert broken(1, "main", 1, exec_deputy_birth_year=2005) == []  # the bound is inclusive


def test_exec_deputy_birth_year_is_a_year():
    issue = only(broken(1, "main", 1, exec_deputy_birth_year="五五年"), "type")
    assert "四位年份" in issue.message


def test_exec_deputy_source_is_one_of_the_list():
    issue = only(broken(1, "main", 1, exec_deputy_source="返聘"), "choice")
    assert issue.header == "常务副主任来源" and "退二线领导" in issue.message and "在职干部" in issue.message


def test_an_in_office_exec_deputy_cannot_be_a_five_old():
    issue = only(
        broken(1, "main", 2, exec_deputy_source="在职干部", exec_deputy_five_old="是"),
        "in_office_exec_deputy_not_five_old",
    )
    assert issue.is_error and issue.header == "常务副主任是否五老" and issue.value == "是"
    assert "在职干部" in issue.message


def test_exec_deputy_not_five_old_without_a_five_old_deputy_is_a_warning():
    issues = broken(1, "main", 2, exec_deputy_source="在职干部", exec_deputy_five_old="否", five_old_deputy="否")
    issue = only(issues, "exec_deputy_not_five_old_without_deputy")
    assert issue.severity == Severity.WARNING and issue.header == "是否配备五老副主任"
    assert not [i for i in issues if i.is_error]


def test_a_five_old_deputy_answers_for_a_non_five_old_exec_deputy():
    assert broken(1, "main", 2, exec_deputy_source="在职干部", exec_deputy_five_old="否", five_old_deputy="是") == []


def test_the_office_head_is_required_for_towns():
    issue = only(broken(1, "main", 0, office_head=""), "office_head_required_for_towns")
    assert issue.is_error and issue.header == "办公室负责人" and issue.committee == "XS01"


def test_villages_may_leave_the_office_head_blank():
    assert broken(1, "main", 1, office_head="") == []


def test_no_young_staff_is_a_warning():
    issue = only(broken(1, "main", 1, young_staff=0), "no_young_staff")
    assert issue.severity == Severity.WARNING and issue.header == "年轻工作人员数" and issue.value == "0"


def test_notes_are_optional_but_not_endless():
    assert broken(1, "main", 1, notes="") == []
    issue = only(broken(1, "main", 1, notes="很" * 1001), "length")
    assert "1000" in issue.message


# 表2 ----------------------------------------------------------------------------------------


def test_the_year_is_the_rounds_data_year():
    issue = only(broken(2, "main", 1, year=2023), "range")
    assert issue.header == "年度" and "2022" in issue.message


def test_the_standard_lower_bound_is_the_funding_standard():
    issue = only(broken(2, "main", 1, standard_lower="2"), "standard_lower_matches_standard")
    assert issue.is_error and "3.00" in issue.message and "2022" in issue.message


def test_the_standard_upper_bound_is_the_funding_standard():
    issue = only(broken(2, "main", 0, standard_upper="12"), "standard_upper_matches_standard")
    assert issue.is_error and "10.00" in issue.message


def test_money_has_at_most_two_decimals():
    issue = only(broken(2, "main", 1, budget="4.125"), "decimals")
    assert issue.header == "预算安排(万元)" and "两位小数" in issue.message


def test_money_is_a_number():
    issue = only(broken(2, "main", 1, special_funds="三万"), "type")
    assert issue.header == "专项经费(万元)" and "数字" in issue.message


def test_money_cannot_be_negative():
    issue = only(broken(2, "main", 1, raised="-0.5"), "range")
    assert issue.header == "社会筹措(万元)"


def test_funds_in_place_below_the_lower_bound_are_flagged_short():
    issue = only(broken(2, "main", 2, in_place="2.5"), "funds_below_standard")
    assert issue.severity == Severity.WARNING and issue.header == "实际到位(万元)" and issue.value == "2.50"
    assert "未足额" in issue.message and "3.00" in issue.message


def test_subsidy_amount_is_zero_when_nobody_is_subsidised():
    issue = only(broken(2, "main", 1, subsidy_people=0), "subsidy_amount_without_people")
    assert issue.is_error and issue.header == "五老补贴金额(万元)" and "0.60" in issue.message
    assert broken(2, "main", 1, subsidy_people=0, subsidy_amount="0") == []


def test_in_fiscal_budget_is_required():
    issue = only(broken(2, "main", 0, in_fiscal_budget=None), "required")
    assert issue.header == "是否纳入财政预算"


# 表3 / 表3B ---------------------------------------------------------------------------------


def test_the_built_year_is_required_when_built():
    issue = only(broken(3, "main", 0, built_year=""), "built_year_required")
    assert issue.is_error and issue.header == "建成年份"
    assert broken(3, "main", 0, fhfg_built="否", built_year="", creation_round="") == []


def test_the_built_year_lies_between_2001_and_the_round_year():
    assert "2001 至 2023" in only(broken(3, "main", 0, built_year=2000), "range").message
    assert only(broken(3, "main", 0, built_year=2024), "range").header == "建成年份"


def test_the_creation_round_is_required_when_built():
    issue = only(broken(3, "main", 1, creation_round=""), "creation_round_required")
    assert issue.header == "创建轮次"


def test_the_creation_round_is_one_of_the_list():
    issue = only(broken(3, "main", 1, creation_round="第三轮"), "choice")
    assert "第一轮、第二轮、新建" in issue.message


def test_item_columns_are_the_standard_items_and_take_the_three_results():
    issue = only(broken(3, "main", 0, fhfg_item_7="良好"), "choice")
    assert issue.header == "骨干队伍作用好" and "达标、基本达标、未达标" in issue.message


def test_an_item_result_is_required():
    assert only(broken(3, "main", 0, fhfg_item_1=""), "required").header == "有组织班子"


def test_the_lookback_result_is_one_of_the_list():
    issue = only(broken(3, "main", 0, lookback="合格"), "choice")
    assert issue.header == "回头看结果" and "巩固、提升、退化、未检查" in issue.message


def test_rectification_is_required_when_regressed():
    issue = only(broken(3, "main", 1, lookback="退化"), "rectification_required_when_regressed")
    assert issue.is_error and issue.header == "整改措施" and issue.committee == "XS01V02"
    assert broken(3, "main", 1, lookback="退化", rectification="调整班子，年底前复查") == []


def test_fhfg_enterprises_cannot_exceed_enterprises():
    issue = only(broken(3, "B", 0, fhfg_enterprises=11), "fhfg_enterprises_at_most_enterprises")
    assert issue.is_error and issue.sheet == "表3B 企业学校" and issue.header == "其中五有五好企业数"
    assert "11" in issue.message and "10" in issue.message


def test_school_count_cannot_be_negative():
    assert only(broken(3, "B", 0, schools=-2), "range").header == "学校关工委数"


# 表4 / 表4B ---------------------------------------------------------------------------------


def test_categories_sum_to_backbone_plus_participants():
    issue = only(broken(4, "main", 0, teachers=21), "categories_sum_to_layers")
    assert issue.is_error and issue.header == "老干部"
    assert "51" in issue.message and "50" in issue.message


def test_age_bands_sum_to_backbone():
    issue = only(broken(4, "main", 0, backbone_70_80=5), "age_bands_sum_to_backbone")
    assert issue.is_error and issue.header == "骨干60岁以下" and "9" in issue.message and "10" in issue.message


def test_volunteer_teams_are_the_rows_of_the_team_list_whatever_was_typed():
    sections = rows(4)
    sections["B"].pop()
    sections["B"].append({"committee_code": "", "name": "  ", "team_type": None})  # a blank row is no team
    sections["main"][0]["volunteer_teams"] = 7
    derived = derive_form(form(4), sections)
    assert derived["main"][0]["volunteer_teams"] == 1
    assert sections["main"][0]["volunteer_teams"] == 7  # the rows given are left as they were
    assert derive_form(form(4), {"main": sections["main"]})["main"][0]["volunteer_teams"] == 0
    assert check(4, sections) == []  # nothing to type, so nothing to disagree with


def test_blank_rows_of_a_list_are_ignored():
    sections = rows(4)
    sections["B"].append({"committee_code": "", "name": "  ", "team_type": None})
    assert check(4, sections) == []


def test_a_team_type_is_one_of_the_list():
    issue = only(broken(4, "B", 0, team_type="合唱团"), "choice")
    assert issue.sheet == "表4B 志愿团队" and "宣讲团、讲师团、志愿服务队、帮教团、其他" in issue.message


def test_a_team_needs_its_member_count():
    assert only(broken(4, "B", 1, members=""), "required").header == "成员数"


def test_a_team_founded_after_the_round_year_is_refused():
    assert only(broken(4, "B", 0, founded_year=2024), "range").header == "成立年份"


def test_a_team_listed_twice_is_an_error():
    sections = rows(4)
    sections["B"].append(dict(sections["B"][0]))
    sections["main"][0]["volunteer_teams"] = 3
    issue = only(check(4, sections), "duplicate_row")
    assert issue.row == 3 and issue.header == "团队名称"


def test_a_team_of_another_town_is_an_error():
    issue = only(broken(4, "B", 1, committee_code="XS03"), "unknown_committee")
    assert issue.sheet == "表4B 志愿团队" and issue.row == 2


def test_a_team_may_belong_to_any_committee_of_the_town():
    assert broken(4, "B", 1, committee_code="XS01S01") == []


# 表5 / 表5B ---------------------------------------------------------------------------------


def test_the_assessment_weight_is_at_most_100():
    issue = only(broken(5, "main", 0, assessment_weight="120"), "range")
    assert issue.header == "考核分值" and "100" in issue.message


def test_an_assessment_weight_over_10_is_a_warning():
    issue = only(broken(5, "main", 0, assessment_weight="12.5"), "assessment_weight_high")
    assert issue.severity == Severity.WARNING and "12.50" in issue.message


def test_hub_villages_cannot_exceed_the_villages_of_the_town():
    issue = only(broken(5, "main", 0, hub_villages=3), "hub_villages_at_most_villages")
    assert issue.is_error and issue.header == "一站多点村数" and "3" in issue.message and "2" in issue.message


def test_study_aid_is_money():
    assert only(broken(5, "main", 0, study_aid="1.234"), "decimals").header == "捐资助学金额(万元)"


def test_a_brand_category_is_one_of_the_list():
    issue = only(broken(5, "B", 0, category="文化"), "choice")
    assert issue.sheet == "表5B 品牌项目" and "一站多点、助大扶小、三家教育、宣传、其他" in issue.message


def test_a_brand_needs_a_name():
    assert only(broken(5, "B", 0, name=""), "required").header == "品牌名称"


# Cells ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [("是", True), ("否", False), (1, True), (0, False), ("1", True), ("0", False), ("Y", True), ("n", False),
     ("TRUE", True), ("false", False), (True, True), (1.0, True)],
)  # fmt: skip
def test_yes_no_cells_accept_the_usual_words(raw, expected):
    assert parse_cell(form(2).main.field("in_fiscal_budget"), raw) is expected


def test_whole_numbers_accept_excel_floats_but_not_fractions():
    f = form(4).main.field("backbone")
    assert parse_cell(f, 12.0) == 12
    assert parse_cell(f, " 12 ") == 12
    with pytest.raises(CellInputError, match="整数"):
        parse_cell(f, 12.5)
    with pytest.raises(CellInputError, match="整数"):
        parse_cell(f, True)


def test_money_is_exact():
    f = form(5).main.field("study_aid")
    assert parse_cell(f, 334.82) == Decimal("334.82")
    assert parse_cell(f, "1,234.5") == Decimal("1234.50")
    assert normalize_cell(f, 334.8) == "334.80"


def test_choices_accept_the_label_or_the_stored_value():
    f = form(1).main.field("exec_deputy_source")
    assert parse_cell(f, "退休校长") == parse_cell(f, "retired_principal") == "retired_principal"


def test_a_draft_keeps_what_does_not_parse():
    section = form(1).main
    stored = normalize_row(section, {"deputies": "两个", "leadership_size": "8", "notes": "  ", "unknown": 1})
    assert stored == {"deputies": "两个", "leadership_size": 8, "notes": None}


def test_one_bad_cell_does_not_set_off_the_rules_that_use_it():
    issues = broken(4, "main", 0, backbone="十")
    assert [i.rule for i in issues] == ["type"]


def test_cells_changed_from_the_registry_are_found():
    section = form(4).main
    values = {"backbone": 12, "participants": 40, "joined": 3}
    prefill = {"backbone": 10, "participants": 40}
    assert changed_cells(section, values, prefill) == {"backbone"}


def test_an_issue_reads_as_one_line_and_as_json():
    issue = only(broken(1, "main", 1, deputies=-1), "range")
    assert str(issue).startswith("错误：表1 班子队伍 第2行")
    assert "“副主任人数”" in str(issue) and "值“-1”" in str(issue)
    assert issue.as_dict() == {
        "severity": "error",
        "sheet": "表1 班子队伍",
        "row": 2,
        "committee": "XS01V01",
        "header": "副主任人数",
        "value": -1,
        "message": "不能为负数。",
        "rule": "range",
        "key": "deputies",
    }


def test_every_rule_of_the_spec_is_broken_by_a_test_here():
    import pathlib

    source = pathlib.Path(__file__).read_text()
    rules = {r.id for f in FORMS for s in f.sections for r in s.rules}
    assert rules and all(f'"{rule}"' in source for rule in rules)
    assert CTX.town.code == "XS01"

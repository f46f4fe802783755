"""Valid rows of every form for a small town (东港镇 with a village, a community and a school),
for tests to break one rule at a time. Pure: no database."""

from __future__ import annotations

import copy
import re
from decimal import Decimal

from surveys.spec import FormSpec, find_form, form_specs
from surveys.validation import CommitteeRef, TownContext, validate_form

YEAR = 2023


def plain_header(value) -> str:
    """A template's header without the year note after it ("预算安排(万元)（2022年度）" → "预算安排(万元)")."""
    return re.sub(r"（\d{4}年度）$", "", str(value or "")).strip()


ITEMS = [
    "有组织班子",
    "有骨干队伍",
    "有活动阵地",
    "有工作制度",
    "有活动经费",
    "领导班子建设好",
    "骨干队伍作用好",
    "制度健全执行好",
    "活动经常效果好",
    "积极探索创新好",
]
# The form sheets of a town's workbook and of the report's, in order: written out here (not read
# from the spec) so that a test notices a renamed sheet.
T1, T2, T3, T3B, T4, T4B, T5, T5B = SHEETS = (
    "表1 班子队伍",
    "表2 经费落实",
    "表3 五有五好",
    "表3B 企业学校",
    "表4 五老队伍",
    "表4B 志愿团队",
    "表5 制度品牌",
    "表5B 品牌项目",
)
TOWN = CommitteeRef("XS01", "东港镇关工委", "town")
VILLAGE = CommitteeRef("XS01V01", "东港村关工委", "village")
COMMUNITY = CommitteeRef("XS01V02", "港下社区关工委", "community")
SCHOOL = CommitteeRef("XS01S01", "东港中学关工委", "school")
FUNDING = {
    "town": (Decimal("8.00"), Decimal("10.00")),
    "subdistrict": (Decimal("8.00"), Decimal("10.00")),
    "village": (Decimal("3.00"), Decimal("5.00")),
    "community": (Decimal("3.00"), Decimal("5.00")),
}
CTX = TownContext(YEAR, TOWN, (TOWN, VILLAGE, COMMUNITY, SCHOOL), FUNDING)
FORMS = form_specs(YEAR, ITEMS)


def form(number: int) -> FormSpec:
    return find_form(FORMS, number)


def _unit(c: CommitteeRef) -> dict:
    return {"committee_code": c.code, "committee_name": c.name}


def _leadership(c: CommitteeRef) -> dict:
    town = c.kind == "town"
    return {
        **_unit(c),
        "level": {"town": "镇", "village": "村", "community": "社区"}[c.kind],
        "leadership_size": 8 if town else 4,
        "director_name": "张建国",
        "director_concurrent": "是",
        "exec_deputy_name": "李志明",
        "exec_deputy_birth_year": 1964 if town else 1955,
        "exec_deputy_source": "退二线领导" if town else "退休教师",
        "exec_deputy_five_old": "否" if town else "是",
        "deputies": 2,
        "five_old_deputy": "是",
        "office_head": "王伟" if town else "",
        "young_staff": 1,
        "notes": "",
    }


def _funds(c: CommitteeRef) -> dict:
    lower, upper = FUNDING[c.kind]
    return {
        **_unit(c),
        "year": YEAR - 1,  # 表2 holds the data year
        "standard_lower": str(lower),
        "standard_upper": str(upper),
        "budget": "10.00" if c.kind == "town" else "4",
        "in_place": "10.00" if c.kind == "town" else "4.50",
        "in_fiscal_budget": "是",
        "special_funds": "0",
        "subsidy_people": 1,
        "subsidy_amount": "0.60",
        "raised": "1.2",
    }


def _fhfg(c: CommitteeRef) -> dict:
    return {
        **_unit(c),
        "fhfg_built": "是",
        "built_year": 2009,
        "creation_round": "第一轮",
        **{f"fhfg_item_{n}": "达标" for n in range(1, 11)},
        "lookback": "巩固",
        "rectification": "",
    }


VALID: dict[int, dict[str, list[dict]]] = {
    1: {"main": [_leadership(TOWN), _leadership(VILLAGE), _leadership(COMMUNITY)]},
    2: {"main": [_funds(TOWN), _funds(VILLAGE), _funds(COMMUNITY)]},
    3: {
        "main": [_fhfg(VILLAGE), _fhfg(COMMUNITY)],
        "B": [{**_unit(TOWN), "schools": 1, "enterprises": 10, "fhfg_enterprises": 2}],
    },
    4: {
        "main": [
            {
                **_unit(TOWN),
                "backbone": 10,
                "participants": 40,
                "cadres": 15,
                "veterans": 5,
                "experts": 5,
                "teachers": 20,
                "model_workers": 5,
                "backbone_under_60": 1,
                "backbone_60_69": 2,
                "backbone_70_80": 6,
                "backbone_over_80": 1,
                "joined": 3,
                "exited": 1,
                "volunteer_teams": 2,
            }
        ],
        "B": [
            {
                "committee_code": "XS01",
                "name": "东港老干部宣讲团",
                "team_type": "宣讲团",
                "members": 12,
                "founded_year": 2010,
                "service": "进校园宣讲",
            },
            {"committee_code": "XS01V01", "name": "东港村五老爱心志愿团", "team_type": "志愿服务队", "members": 8},
        ],
    },
    5: {
        "main": [
            {
                **_unit(TOWN),
                "in_party_assessment": "是",
                "assessment_weight": "2",
                "village_assessment_rules": "是",
                "exec_deputy_meetings": 4,
                "joint_meetings": 2,
                "field_visits": 6,
                "tutoring_stations": 2,
                "hub_villages": 1,
                "station_activities": 40,
                "station_beneficiaries": 900,
                "family_lectures": 12,
                "family_audience": 1500,
                "study_aid": "36.50",
                "study_aid_students": 120,
                "internship_enterprises": 3,
                "recommended_jobs": 6,
                "articles": 5,
            }
        ],
        "B": [
            {
                "committee_code": "XS01",
                "name": "一站多点辅导站",
                "category": "一站多点",
                "start_year": 2017,
                "summary": "中心站加辅导点",
                "key_figures": "2个辅导点",
            }
        ],
    },
}


def rows(number: int) -> dict[str, list[dict]]:
    """A fresh, valid copy of a form's sections."""
    return copy.deepcopy(VALID[number])


def check(number: int, sections: dict[str, list[dict]], ctx: TownContext = CTX):
    return validate_form(form(number), sections, ctx)


EH = {
    "XS01": ("XS03", "鹅湖镇关工委"),
    "XS01V01": ("XS03V01", "甘露村关工委"),
    "XS01V02": ("XS03V02", "荡口社区关工委"),
}


def rows_of_ehu(number: int) -> dict[str, list[dict]]:
    """The same valid rows for 鹅湖镇 (XS03) of the `xs` district."""
    sections = rows(number)
    for section in sections.values():
        for row in section:
            code, name = EH[row["committee_code"]]
            row["committee_code"] = code
            if "committee_name" in row:
                row["committee_name"] = name
    return sections

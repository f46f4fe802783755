"""The narrative's paragraphs about the district's own work (surveys/report/stories.py), read
from a hand-made ReportData: the funding standard and its notice, the 五有五好 version in force,
the brand projects' cumulative figures, volunteer teams from several towns, and the five-old
measures the recommendations name only with the figures that call for them. No database."""

from __future__ import annotations

import dataclasses
import datetime
import re
from decimal import Decimal

from surveys.report.data import Problem, TownRows
from surveys.report.narrative import draft
from surveys.report.standards import FhfgVersion, FundingRule, Standards
from surveys.spec import SUB
from tests.surveys.report.test_workbook import _indicator, make_report

NOTICE = "《关于明确基层关工委工作经费的通知》"
FUNDING = (
    FundingRule("town", Decimal("8.00"), Decimal("10.00"), 2019, NOTICE, Decimal("5.00"), Decimal("5.00")),
    FundingRule("village", Decimal("3.00"), Decimal("5.00"), 2019, NOTICE, Decimal("2.00"), Decimal("2.00")),
)
REVISION = FhfgVersion("2023 修订", datetime.date(2023, 5, 15), "《“回头看”通知》", 10, revises="2011")


def _report(**changes):
    report = make_report()
    report.standards = Standards(funding=FUNDING, fhfg=REVISION)
    for key, value in changes.items():
        setattr(report, key, value)
    return report


def _part(report, heading: str) -> list[str]:
    for chapter in draft(report).chapters:
        for part in chapter.parts:
            if part.heading.endswith(heading):
                return part.paragraphs
    raise AssertionError(heading)


def _text(report) -> str:
    found = draft(report)
    return "\n".join(p for c in found.chapters for part in c.parts for p in [part.heading, *part.paragraphs])


def test_the_funds_part_opens_with_the_standard_in_force_and_its_notice():
    first = _part(_report(), "经费保障有行有效")[0]
    assert first.startswith(f"2019年起执行的{NOTICE}")
    assert "镇（街道）由每年5万元提高到8—10万元，村（社区）由每年2万元提高到3—5万元" in first
    assert "（2022年度执行此标准）" in first  # the data year: the round's year − 1


def test_the_standard_is_read_from_the_data_not_written_in():
    town = dataclasses.replace(FUNDING[0], lower=Decimal("9.50"), upper=Decimal("12.00"), before_lower=None)
    report = _report(data_year=2021)
    report.standards = Standards(funding=(town,), fhfg=None)
    first = _part(report, "经费保障有行有效")[0]
    assert "镇（街道）每年9.5—12万元（2021年度执行此标准）" in first and "村（社区）" not in first


def test_without_standards_the_funds_part_keeps_its_figures_only():
    paragraphs = _part(make_report(), "经费保障有行有效")
    assert len(paragraphs) == 1 and "各级关工委预算安排工作经费" in paragraphs[0]


def test_the_fhfg_part_names_the_revised_version_in_force():
    text = _part(_report(), "“五有五好”有量有质")[-1]
    assert (
        "依据《“回头看”通知》，2023年5月15日起施行新修订的“五有五好”建设工作标准（2023 修订，共10项，替代2011版）"
        in text
    )


def test_a_first_version_is_named_without_a_revision():
    report = _report()
    report.standards = Standards(fhfg=FhfgVersion("2011", datetime.date(2011, 1, 1), "", 10))
    text = _part(report, "“五有五好”有量有质")[-1]
    assert text == "本年度“回头看”对照“五有五好”建设工作标准（2011，共10项）逐项进行。"


def test_the_brands_part_gives_the_projects_cumulative_figures():
    brands = [
        {"town": "XS03", "name": "爱心助学“希望之星”", "start_year": 2005, "key_figures": "累计颁发助学金269.7万元。"},
        {"town": "XS01", "name": "家庭教育工作室", "start_year": None, "key_figures": "累计举办讲座150余场次"},
        {"town": "XS06", "name": "没有数字的品牌", "start_year": 2010, "key_figures": ""},
    ]
    report = _report()
    report.indicators["brands"] = _indicator(brands)
    last = _part(report, "品牌打造有声有色")[-1]
    assert last == (
        "其中，鹅湖镇关工委的爱心助学“希望之星”（2005年起），累计颁发助学金269.7万元；"
        "东港镇关工委的家庭教育工作室，累计举办讲座150余场次。"
    )


def _teams(town: str, names: list[tuple[str, str]]) -> TownRows:
    rows = [{"committee_code": town, "name": name, "team_type": kind} for name, kind in names]
    return TownRows(town=town, name=town, rows=rows)


def test_the_volunteer_team_examples_come_from_several_towns():
    report = _report()
    first = [(f"东港团{n}", kind) for n, kind in enumerate(["lecture_group", "service_team"] * 4)]
    report.forms[4].sections[SUB] = [
        _teams("XS01", first),
        _teams("XS06", [("安镇宣讲团", "lecture_group"), ("安镇帮教团", "mentoring_group")]),
        _teams("XS03", [("鹅湖讲师团", "lecturer_group")]),
    ]
    team = next(p for p in _part(report, "队伍建设有责有为") if p.startswith("三是"))
    named = re.search(r"包括(.*?)等。", team).group(1).split("、")
    assert named == ["东港团0", "安镇帮教团", "鹅湖讲师团", "东港团1", "安镇宣讲团"]


def _problem(rule: str, committee: str | None = None) -> Problem:
    return Problem(rule=rule, committee=committee, committee_name=committee or "锡山区关工委", value=0, message="")


def test_the_aging_problem_is_backed_by_figures_not_asserted():
    text = _text(_report())
    assert "不愿加入" not in text and "带头人更难" not in text
    assert "70岁以上的占68.8%，60岁以下的骨干仅20人（上年22人）。" in text


def test_exits_without_entrants_are_named_with_their_figures():
    report = _report()
    report.indicators.update(five_olds_joined=_indicator(2), five_olds_exited=_indicator(9))
    assert "2023年退出“五老”9人，新加入仅2人" in _text(report)


def test_the_aging_recommendation_names_points_subsidies_and_entry_and_exit_with_figures():
    report = _report()
    report.indicators.update(subsidy_wan=_indicator("36.60"), subsidy_people=_indicator(104))
    (aging,) = [p for p in _part(report, "“多元化”壮大班子队伍")]
    measures = aging[aging.rindex("针对") :]
    assert measures.startswith("针对骨干“五老”中70岁以上的占68.8%的情况")
    assert "（2022年度全区“五老”补贴36.60万元，发放104人）" in measures
    assert "积分制" in measures and "进退（出）制度" in measures


def test_without_aging_young_staff_or_exits_no_measures_are_asserted():
    report = _report(problems=[p for p in make_report().problems if p["rule"] != "backbone_aging"])
    assert "积分制" not in _text(report)


def test_the_measures_answer_missing_young_staff_or_exits_on_their_own():
    no_young = _report(problems=[_problem("no_young_staff", "XS01V01"), _problem("no_young_staff", "XS01V02")])
    paragraph = _part(no_young, "配齐配稳年轻工作人员")[0]
    assert "针对2个关工委未配备年轻工作人员的情况" in paragraph and "积分制" in paragraph

    exits = _report(problems=[])
    exits.indicators.update(five_olds_joined=_indicator(2), five_olds_exited=_indicator(9))
    paragraph = _part(exits, "健全“五老”队伍激励和进退机制")[0]
    assert paragraph.startswith("针对2023年退出“五老”9人、新加入2人的情况") and "进退（出）制度" in paragraph

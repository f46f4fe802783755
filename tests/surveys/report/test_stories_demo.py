"""The demo's 2023 district draft tells the district's own work from the data: the funding
standard and the 五有五好 version in force (as funding's and evaluations' selectors give them),
the brand projects' cumulative figures from 表5B, volunteer teams from several towns; the
five-old recommendation names its measures with the figures behind them; the towns'
leaderships number 8, as the seed says (班子成员一般在8名左右)."""

from __future__ import annotations

import re

import pytest
from django.db.models import IntegerField
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from evaluations.selectors import standard_in_force
from funding.selectors import standards_for_year
from surveys.models import State, SubmissionRow
from surveys.report.narrative import draft
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from surveys.spec import SUB
from tests.surveys.report.conftest import district

pytestmark = pytest.mark.usefixtures("demo")

YEAR = 2023


@pytest.fixture
def report():
    return report_data_build(survey_round=round_for_year(YEAR), scope=district())


def _paragraphs(report) -> dict[str, list[str]]:
    return {part.heading: part.paragraphs for chapter in draft(report).chapters for part in chapter.parts}


def _text(report) -> str:
    return "\n".join(p for paragraphs in _paragraphs(report).values() for p in paragraphs)


def test_the_draft_cites_the_funding_standard_of_the_data_year(report):
    standards = standards_for_year(YEAR - 1)
    town, village = standards["town"], standards["village"]
    assert (town.lower, town.upper, village.lower, village.upper) == (8, 10, 3, 5)
    first = _paragraphs(report)["（二）经费保障有行有效"][0]
    assert first.startswith(f"{town.first_year}年起执行的{town.source}")
    assert "《关于明确基层关工委工作经费和“五老”驻会主任、副主任工作补贴的通知》" in first
    assert "镇（街道）由每年5万元提高到8—10万元，村（社区）由每年2万元提高到3—5万元（2022年度执行此标准）" in first


def test_the_draft_names_the_fhfg_version_in_force(report):
    version = standard_in_force(round_for_year(YEAR).reference_date)
    assert version.name == "2023 修订"
    text = _paragraphs(report)["（三）“五有五好”有量有质"][-1]
    assert f"依据{version.source}，2023年5月15日起施行新修订的“五有五好”建设工作标准（2023 修订，共10项" in text


def test_the_draft_gives_the_assessment_weight_range_of_form_5(report):
    weights = {
        row.values["assessment_weight"]
        for row in SubmissionRow.objects.filter(
            submission__survey_round__year=YEAR, submission__form=5, submission__state=State.APPROVED, section="main"
        )
    }
    low, high = min(weights, key=float), max(weights, key=float)
    assert (float(low), float(high)) == (1, 3)
    form5 = next(p for p in _paragraphs(report)["（四）制度创新有力有序"] if "党政组织的考核" in p)
    assert "在100分制中占1—3分不等" in form5


@pytest.mark.parametrize(
    "figures",
    [
        "羊尖镇关工委的爱心助学“希望之星”（2005年起），持续18年开展37期，累计颁发助学金269.7万元，表彰“希望之星”4056人次",
        "陈兴龙家庭教育名师工作室（2016年起），累计举办家庭教育讲座150余场次，受众2万多人",
        "《情系未来事业》征文投稿（2016年起），在区委简报《新锡山》开设征文竞赛专栏，至今刊出征文稿320多篇",
    ],
)
def test_the_draft_gives_the_brand_projects_cumulative_figures(report, figures):
    assert figures in _paragraphs(report)["（五）品牌打造有声有色"][-1]


def test_the_volunteer_team_examples_come_from_at_least_three_towns(report):
    team = next(p for p in _paragraphs(report)["（一）队伍建设有责有为"] if p.startswith("三是"))
    named = re.search(r"包括(.*?)等。", team).group(1).split("、")
    town_of = {row["name"]: town["town"] for town in report.forms[4].towns(SUB) for row in town["rows"]}
    towns = [town_of[name] for name in named]
    assert len(named) == 5 and len(set(towns)) == len(named) >= 3, named  # one team a town


def test_the_five_old_recommendation_names_its_measures_with_their_figures(report):
    text = _text(report)
    assert "不愿加入" not in text
    assert "70岁以上的占73.9%，骨干中已没有60岁以下的“五老”（上年16人）。" in text
    recommendation = _paragraphs(report)["（一）“多元化”壮大班子队伍"][0]
    measures = recommendation[recommendation.rindex("针对") :]
    assert measures.startswith("针对骨干“五老”中70岁以上的占73.9%的情况")
    assert "（2022年度全区“五老”补贴36.60万元，发放104人）" in measures
    assert "积分制" in measures and "进退（出）制度" in measures


def test_the_towns_leaderships_number_eight_as_the_seed_says(report):
    sizes = SubmissionRow.objects.filter(
        submission__survey_round__year=YEAR,
        submission__form=1,
        submission__state=State.APPROVED,
        committee__kind__in=["town", "subdistrict"],
    ).annotate(size=Cast(KT("values__leadership_size"), IntegerField()))
    assert sorted(sizes.values_list("size", flat=True)) == [8] * 9
    assert report.value("town_leadership_avg_size") == 8
    assert "全区9个镇（街道），班子成员平均8名，主任全部由在职党（工）委副书记兼任" in _text(report)

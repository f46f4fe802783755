"""The demo's draft tells (四)制度创新有力有序 from the district's records: the 2023 round (data year
2022) the district's meetings against the norms and the 2020—2022 awards (54/8/59, as the seed
report says), the 2024 round (data year 2023) the assessment of 2023 and its rewards; a town's
report its own; a record changed changes the paragraph; the five-old recommendation cites the
points ledger. The figures are in the report's JSON."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from committees.models import Meeting, MeetingKind, PointsEntry
from evaluations.models import AssessmentScheme, Nomination, NominationState, Reward
from surveys.report import json_output, stories
from surveys.report.data import Problem
from surveys.report.narrative import draft
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from tests.surveys.report.conftest import district, town

pytestmark = pytest.mark.usefixtures("demo")

SYSTEMS = "（四）制度创新有力有序"
SEED_AWARDS = "区关工委坚持每三年开展一次校外教育辅导站工作先进评选，2020—2022年度共评出优秀辅导站54个、突出贡献奖8名、先进个人59名。"
MEETINGS_2022 = (
    "2022年度，区关工委召开主任例会52次、常务副主任例会4次、全区工作会议1次，均达到制度规定的次数；"
    "另召开联席会议2次；开展调研走访2次，达到每年不少于2次的要求，其中4月“调研月”2次。"
)


def _systems(year: int, scope=None) -> list[str]:
    data = report_data_build(survey_round=round_for_year(year), scope=scope or district())
    return next(p.paragraphs for c in draft(data).chapters for p in c.parts if p.heading == SYSTEMS)


def test_the_2023_draft_tells_the_meetings_and_the_seeds_awards():
    paragraphs = _systems(2023)
    assert paragraphs[0] == MEETINGS_2022
    assert "各镇（街道）关工委共召开常务副主任例会36次、联席会议22次，开展调研走访75次" in paragraphs[1]
    assert paragraphs[-1] == SEED_AWARDS
    assert "以奖代补" not in "".join(paragraphs)  # no assessment of 2022 is recorded


def test_the_figures_are_in_the_reports_json():
    data = report_data_build(survey_round=round_for_year(2023), scope=district())
    indicators = json.loads(json_output.build(data))["indicators"]
    assert indicators["meetings_held"]["value"]["directors"] == 52
    assert [c["count"] for c in indicators["awards"]["value"]["awarded"]] == [54, 8, 59]


def test_a_changed_record_changes_the_paragraph():
    Meeting.objects.filter(convenor=district(), kind=MeetingKind.DIRECTORS, date__year=2022).order_by("date")[
        0
    ].delete()
    Nomination.objects.filter(period__first_year=2020, category__name="先进个人").order_by("pk")[0].delete()
    paragraphs = _systems(2023)
    assert paragraphs[0].startswith(
        "2022年度，区关工委召开主任例会51次（制度规定每年52次）、常务副主任例会4次、全区工作会议1次；"
    )
    assert paragraphs[-1].endswith("共评出优秀辅导站54个、突出贡献奖8名、先进个人58名。")


def test_the_2024_draft_tells_the_assessment_and_its_rewards():
    text = _systems(2024)[0]
    assert text.startswith(
        "区关工委依据《2023年度镇（街道）关工委工作考核办法》对9个镇（街道）关工委进行工作考核，排名前三的依次为"
    )
    assert "按奖励档次，6个镇（街道）应获奖励共15.50万元，尚待确认。" in text
    scheme = AssessmentScheme.objects.get(committee=district(), year=2023)
    Reward.objects.create(
        scheme=scheme,
        committee=town("XS02"),
        rank=1,
        total=Decimal(95),
        amount=Decimal("5.00"),
        confirmed_at=timezone.now(),
    )
    text = _systems(2024)[0]
    assert "已确认1个镇（街道）奖励共5.00万元，另有5个镇（街道）应获奖励共10.50万元，尚待确认。" in text


def test_a_towns_draft_tells_its_own_records():
    dg = town("XS01")
    paragraphs = _systems(2023, dg)
    assert paragraphs[0].startswith(
        "2022年度，东港镇关工委召开常务副主任例会4次，达到制度规定的次数；另召开联席会议2次；开展调研走访10次"
    )
    assert "全区工作会议" not in paragraphs[0]  # the district's meetings are the district's
    awarded = Nomination.objects.filter(committee=dg, period__first_year=2020, state=NominationState.AWARDED)
    stations = awarded.filter(category__name="优秀辅导站").count()
    assert f"东港镇获评优秀辅导站{stations}个" in paragraphs[-1]
    rank = _systems(2024, dg)[0]
    assert rank.startswith("在区关工委2023年度工作考核中，东港镇得分") and "在9个镇（街道）中排名第" in rank


def test_the_five_old_recommendation_cites_the_points_ledger():
    data = report_data_build(survey_round=round_for_year(2024), scope=district())
    data.problems.append(Problem(rule="backbone_aging", committee=None, committee_name="", value=0.7, message=""))
    data.indicators["backbone_age_70_plus_share"] = {"value": 0.7, "previous": None, "change": None}
    entries = PointsEntry.objects.filter(date__year=2023)
    people = entries.values("volunteer__person").distinct().count()
    assert people and data.value("points_people") == people
    text = stories.five_old_measures(data)
    assert f"据积分台账，2023年度{people}名“五老”获得积分" in text
    assert "进退机制提示退出的有" in text and "尚待研究决定" in text

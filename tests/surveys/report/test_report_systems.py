"""The report's figures of the work systems, gathered from a small district's records
(surveys/report/systems.py): the meetings the scope's committee convened against the norms, the
district's assessment and its rewards, the latest awards, the points ledger and the entry/exit
review — a town's report counts only its town's records, and nothing is gathered where nothing
is recorded."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from committees.models import Decision, ExitEntryDecision, Meeting, MeetingKind, PointsEntry, Suggestion
from evaluations.models import (
    AssessmentItem,
    AssessmentScheme,
    AssessmentScore,
    AwardCategory,
    AwardPeriod,
    AwardScheme,
    Nomination,
    NominationState,
    Reward,
    RewardBasis,
    RewardRule,
)
from surveys.report.systems import system_figures
from tests.factories import PersonFactory, VolunteerFactory

YEAR = 2023
ON = datetime.date(2024, 10, 10)


def _meetings(convenor, kind, days):
    for day in days:
        Meeting.objects.create(kind=kind, date=day, convenor=convenor, topics="部署工作")


@pytest.fixture
def records(xs):
    """The district's and 东港镇's meetings of 2023 (and one of 2022), an assessment of 2023 with
    东港镇's reward confirmed, awards of 2020–2022 by both towns, points and a decision."""
    d = datetime.date
    _meetings(xs.district, MeetingKind.DIRECTORS, [d(YEAR, 1, 2) + datetime.timedelta(weeks=n) for n in range(50)])
    _meetings(xs.district, MeetingKind.EXEC_DEPUTIES, [d(YEAR, m, 10) for m in (3, 6, 9, 12)])
    _meetings(xs.district, MeetingKind.CONFERENCE, [d(YEAR, 2, 20)])
    _meetings(xs.district, MeetingKind.VISIT, [d(YEAR, 4, 12), d(YEAR, 5, 8)])
    _meetings(xs.district, MeetingKind.DIRECTORS, [d(YEAR - 1, 3, 1)])
    _meetings(xs.dg, MeetingKind.EXEC_DEPUTIES, [d(YEAR, m, 12) for m in (3, 6, 9)])
    _meetings(xs.dg, MeetingKind.JOINT, [d(YEAR, 5, 5)])

    scheme = AssessmentScheme.objects.create(
        committee=xs.district, year=YEAR, name="2023年度镇（街道）关工委工作考核办法"
    )
    item = AssessmentItem.objects.create(scheme=scheme, code="A1", name="组织建设", max_points=Decimal(100))
    for town, points in ((xs.dg, 90), (xs.eh, 80)):
        AssessmentScore.objects.create(item=item, committee=town, points=Decimal(points))
    RewardRule.objects.create(scheme=scheme, basis=RewardBasis.RANK, bound=1, amount=Decimal("5.00"))
    RewardRule.objects.create(scheme=scheme, basis=RewardBasis.RANK, bound=2, amount=Decimal("2.50"))
    Reward.objects.create(
        scheme=scheme, committee=xs.dg, rank=1, total=Decimal(90), amount=Decimal("5.00"), confirmed_at=timezone.now()
    )

    awards = AwardScheme.objects.create(name="校外教育辅导站工作先进评选")
    person = AwardCategory.objects.create(scheme=awards, order=1, name="先进个人", awardee_kind="person")
    old = AwardPeriod.objects.create(scheme=awards, first_year=2017, last_year=2019)
    period = AwardPeriod.objects.create(scheme=awards, first_year=2020, last_year=2022)
    later = AwardPeriod.objects.create(scheme=awards, first_year=2023, last_year=2025)
    for town, n, on in ((xs.dg, 3, period), (xs.eh, 2, period), (xs.dg, 7, old), (xs.dg, 4, later)):
        for _n in range(n):
            Nomination.objects.create(
                period=on, category=person, committee=town, person=PersonFactory(), state=NominationState.AWARDED
            )
    Nomination.objects.create(period=period, category=person, committee=xs.eh, person=PersonFactory())

    dg_member = VolunteerFactory(committee=xs.dg_v1)
    eh_member = VolunteerFactory(committee=xs.eh_v1)
    for member, points in ((dg_member, 12), (dg_member, 8), (eh_member, 30)):
        PointsEntry.objects.create(volunteer=member, reason="服务", points=Decimal(points), date=d(YEAR, 6, 1))
    PointsEntry.objects.create(volunteer=eh_member, reason="服务", points=Decimal(99), date=d(YEAR - 1, 6, 1))
    ExitEntryDecision.objects.create(
        volunteer=eh_member,
        suggestion=Suggestion.ENTRY,
        decision=Decision.PROMOTE,
        reason="积分较高",
        decided_by=xs.staff,
        decided_on=d(YEAR, 11, 1),
    )
    return xs


def test_it_gathers_the_districts_records(records):
    found = system_figures(records.district, YEAR, ON)
    assert found["meetings_held"] == {
        "directors": 50,
        "exec_deputies": 4,
        "conference": 1,
        "joint": 0,
        "consultation": 0,
        "visit": 2,
    }
    assert found["meetings_expected"] == {"directors": 52, "exec_deputies": 4, "conference": 1, "visit": 2}
    assert found["meetings_april_visits"] == 1
    assessment = found["assessment"]
    assert (assessment["assessed"], assessment["rewarded"], assessment["rewards_wan"]) == (2, 1, "5.00")
    assert (assessment["due"], assessment["due_wan"]) == (1, "2.50")  # 鹅湖镇's, not confirmed
    assert [(t["committee"], t["rank"], t["total"]) for t in assessment["top"]] == [
        ("XS01", 1, "90.00"),
        ("XS03", 2, "80.00"),
    ]
    awards = found["awards"]
    assert (awards["first_year"], awards["last_year"]) == (2020, 2022)  # the latest ending by 2023
    assert awards["awarded"] == [{"category": "先进个人", "awardee_kind": "person", "count": 5}]
    assert (found["points_people"], found["points_entries"], found["points_total"]) == (2, 3, "50.00")
    assert found["review_decisions"] == {"promote": 1}
    assert set(found["review_suggestions"]) == {s.value for s in Suggestion}


def test_a_towns_report_counts_only_its_towns_records(records):
    found = system_figures(records.dg, YEAR, ON)
    assert found["meetings_held"]["exec_deputies"] == 3 and found["meetings_held"]["directors"] == 0
    assert found["meetings_expected"] == {"exec_deputies": 4, "visit": 2}  # the towns' norms
    assessment = found["assessment"]
    assert (assessment["assessed"], assessment["ranked_among"]) == (1, 2)
    assert [(t["committee"], t["rank"], t["reward_wan"], t["confirmed"]) for t in assessment["top"]] == [
        ("XS01", 1, "5.00", True)
    ]
    assert found["awards"]["awarded"][0]["count"] == 3
    assert (found["points_people"], found["points_total"]) == (1, "20.00")
    assert "review_decisions" not in found  # the decision is 鹅湖镇's
    eh = system_figures(records.eh, YEAR, ON)
    assert "meetings_held" not in eh  # 鹅湖镇 logged nothing
    assert eh["assessment"]["top"][0]["reward_wan"] == "2.50" and not eh["assessment"]["top"][0]["confirmed"]


def test_nothing_is_gathered_where_nothing_is_recorded(records):
    assert system_figures(records.district, 2019, datetime.date(2019, 10, 10)) == {
        "awards": {
            "scheme": "校外教育辅导站工作先进评选",
            "every_years": 3,
            "first_year": 2017,
            "last_year": 2019,
            "awarded": [{"category": "先进个人", "awardee_kind": "person", "count": 7}],
        }
    }
    assert system_figures(records.district, 2016, datetime.date(2016, 10, 10)) == {}


def test_a_district_without_records_has_no_figures(xs):
    assert system_figures(xs.district, YEAR, ON) == {}

"""The demo's 五有五好 history, derived from its reviews (evaluations.demo.history): 128 villages built,
124 of them passing the second round's acceptance in 2017, and the 2023 look-back counts that
the 2023 report shows (its form 3 is prefilled from the reviews)."""

import datetime
from collections import Counter

import pytest

from committees.models import VILLAGE_KINDS, Committee
from evaluations.models import Rectification, RectificationState, Review, ReviewKind, ReviewResult
from evaluations.selectors import check_results, statuses
from surveys.models import SubmissionRow
from surveys.report.json_output import report_json
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from tests.surveys.report.conftest import district

pytestmark = pytest.mark.usefixtures("demo")
MEASURES = "调整充实班子，恢复“五老”活动阵地，年底前由镇（街道）关工委复查"


def villages() -> list[int]:
    return list(Committee.objects.filter(kind__in=VILLAGE_KINDS).values_list("pk", flat=True))


def indicators(year: int) -> dict:
    data = report_data_build(survey_round=round_for_year(year), scope=district())
    return report_json(data)["indicators"]


def test_the_history_builds_every_village_round_by_round():
    now = statuses(villages(), datetime.date(2023, 12, 31)).values()
    assert sum(s.built for s in now) == 128
    assert Counter(s.period for s in now) == {"第一轮": 123, "第二轮": 1, "新建": 4}
    assert sum(s.built for s in statuses(villages(), datetime.date(2011, 12, 31)).values()) == 123
    in_2017 = statuses(villages(), datetime.date(2017, 12, 31))
    assert sum(s.built for s in in_2017.values()) == 124
    accepted = Review.objects.filter(kind=ReviewKind.ACCEPTANCE, result=ReviewResult.PASSED, date__year=2017)
    assert set(accepted.values_list("committee_id", flat=True)) == {pk for pk, s in in_2017.items() if s.built}
    assert accepted.count() == 124
    # "增一个建一个": a village is built after it opens, one at a time since 2017.
    creations = Review.objects.filter(kind=ReviewKind.CREATION).select_related("committee")
    assert all(r.date >= r.committee.opened_on for r in creations)
    assert sorted(r.date.year for r in creations if r.date.year > 2011) == [2016, 2019, 2020, 2021, 2022]


def test_the_look_backs_give_the_counts_the_reports_show():
    found = indicators(2023)
    checks = Counter(r.result for r in check_results(villages(), 2023).values())
    assert dict(checks) == {"consolidated": 92, "improved": 34, "regressed": 2}
    assert found["fhfg_lookback"]["value"] == {**checks, "not_checked": 0}
    assert found["fhfg_review_lookback"] == found["fhfg_lookback"]
    assert found["fhfg_lookback"]["previous"] == {"consolidated": 64, "improved": 38, "regressed": 0, "not_checked": 26}
    assert found["fhfg_by_round"]["value"] == {"first": 123, "second": 1, "new": 4}
    regressed = [{"committee": "XS01V10", "name": "长港村关工委"}, {"committee": "XS09V04", "name": "北湾村关工委"}]
    assert found["fhfg_review_regressed"]["value"] == regressed
    assert [{k: r[k] for k in ("committee", "name")} for r in found["fhfg_regressed"]["value"]] == regressed
    assert found["fhfg_rectifications"] == {
        "value": {"opened": 2, "verified": 0, "open": 2},
        "previous": {"opened": 0, "verified": 0, "open": 0},
    }


def test_the_regressions_rectifications_carry_into_the_open_round():
    opened = Rectification.objects.filter(state=RectificationState.OPEN).select_related("committee")
    assert sorted((r.committee.code, r.measures, r.due_date.isoformat()) for r in opened) == [
        ("XS01V10", MEASURES, "2023-12-31"),
        ("XS09V04", MEASURES, "2023-12-31"),
    ]
    rows = SubmissionRow.objects.filter(
        submission__survey_round__year=2024, submission__form=3, section="main", committee__code="XS01V10"
    )
    (row,) = rows
    assert (row.values["lookback"], row.values["rectification"]) == ("not_checked", MEASURES)
    assert row.values["fhfg_item_7"] == "not_met"  # the 2023 look-back's item result

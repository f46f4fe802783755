"""The problem rules are data: enabled flags and thresholds decide what the report flags."""

import datetime
from decimal import Decimal

import pytest

from surveys.report import selectors
from surveys.report.indicators import report_indicators
from surveys.report.models import ProblemRule
from surveys.report.problems import evaluate_problems, recommendations_for
from surveys.selectors import round_for_year
from tests.surveys.report.conftest import district, town
from tests.surveys.report.test_rule_pages import CODES as RULE_IDS

pytestmark = pytest.mark.usefixtures("demo")


def problems(year: int = 2023, scope=None, **kwargs) -> list[dict]:
    survey_round, scope = round_for_year(year), scope or district()
    return evaluate_problems(
        survey_round=survey_round,
        scope=scope,
        indicators=report_indicators(survey_round, scope),
        missing=selectors.missing_forms(survey_round, scope),
        **kwargs,
    )


def fired(found: list[dict], rule: str) -> list[dict]:
    return [p for p in found if p["rule"] == rule]


def test_the_default_rules_are_seeded():
    rules = {r.code: r for r in ProblemRule.objects.all()}

    assert set(rules) == set(RULE_IDS)
    assert rules["backbone_aging"].threshold == Decimal("0.5")
    assert all(r.enabled and r.description and r.recommendation for r in rules.values())


def test_the_2023_round_flags_aging_funds_and_regressions():
    found = problems()

    (aging,) = fired(found, "backbone_aging")
    assert aging["committee"] is None and aging["value"] > 0.5
    assert aging["message"].startswith("骨干“五老”中70岁以上的占")
    assert len(fired(found, "funds_below_standard")) == 3
    assert all(p["committee"] and Decimal(p["value"]) < 3 for p in fired(found, "funds_below_standard"))
    assert len(fired(found, "fhfg_regressed")) == 2
    # The one village whose executive deputy is no five-old has a five-old deputy.
    assert fired(found, "exec_deputy_not_five_old_without_deputy") == []
    assert fired(found, "no_young_staff") == []


def test_a_threshold_is_data():
    ProblemRule.objects.filter(code="backbone_aging").update(threshold=Decimal("0.8"))

    assert fired(problems(), "backbone_aging") == []


def test_a_disabled_rule_does_not_fire():
    ProblemRule.objects.filter(code="funds_below_standard").update(enabled=False)

    assert fired(problems(), "funds_below_standard") == []


def test_the_funds_threshold_scales_the_standard():
    ProblemRule.objects.filter(code="funds_below_standard").update(threshold=Decimal("1.5"))

    assert len(fired(problems(), "funds_below_standard")) > 3


def test_no_young_staff_fires_at_or_below_its_threshold():
    ProblemRule.objects.filter(code="no_young_staff").update(threshold=Decimal("1"))

    found = fired(problems(), "no_young_staff")
    assert found and all(p["value"] <= 1 for p in found)


def test_a_town_report_names_the_town_for_a_town_wide_figure():
    (aging,) = fired(problems(scope=town("XS05")), "backbone_aging")

    assert aging["committee"] == "XS05"


def test_forms_missing_fire_only_after_the_deadline():
    survey_round = round_for_year(2024)
    # The demo extends the deadline of every town still entering (to the day of loading + 30).
    last_day = max([survey_round.deadline, *survey_round.extensions.values_list("until", flat=True)])

    assert fired(problems(2024, today=last_day), "form_missing") == []
    late = fired(problems(2024, today=last_day + datetime.timedelta(days=1)), "form_missing")
    # Submitted forms are not missing: 锡北镇 (XS02) submitted all five.
    assert {p["committee"] for p in late} == {f"XS0{n}" for n in range(1, 10)} - {"XS02"}
    assert {"form": 2, "state": "returned"} in [p["value"] for p in late if p["committee"] == "XS03"]


def test_the_recommendations_answer_the_rules_that_fired():
    rules = selectors.enabled_rules()

    found = recommendations_for(rules, problems())

    # The demo's two 2023 regressions are still rectifying past their due date: 整改逾期 fires too.
    assert [r["rule"] for r in found] == [
        "backbone_aging",
        "funds_below_standard",
        "fhfg_regressed",
        "rectification_overdue",
    ]
    assert found[0]["title"] == "“多元化”壮大班子队伍"

"""The demo's five-old subsidies: the standard (demo amounts), the resident flags, and 2022's
confirmed payments equal to the approved 2023 form 2's 五老补贴, committee by committee and in the
report's JSON (104 people, 36.60万); 2021 is paid from the same posts (close to its form 2)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from committees.models import TOWN_KINDS, Committee, Post
from funding import selectors
from funding.models import SubsidyPayment, SubsidyStandard
from surveys.models import State, SubmissionRow, SurveyRound
from surveys.report import json_output
from surveys.report.runs import report_data_build
from tests.surveys.report.conftest import demo, demo_db, district  # noqa: F401  (the demo fixtures)

pytestmark = pytest.mark.usefixtures("demo")


def form2(year: int) -> dict[str, tuple[int, Decimal]]:
    rows = SubmissionRow.objects.filter(
        submission__survey_round__year=year, submission__form=2, submission__state=State.APPROVED, section="main"
    )
    return {
        r.values["committee_code"]: (int(r.values["subsidy_people"] or 0), Decimal(r.values["subsidy_amount"] or 0))
        for r in rows
    }


def ledger(year: int) -> dict[str, tuple[int, Decimal]]:
    codes = dict(Committee.objects.values_list("pk", "code"))
    totals = selectors.subsidy_totals(Committee.objects.all(), year)
    return {codes[pk]: (t.people, t.amount) for pk, t in totals.items()}


def test_2022s_payments_are_the_approved_form_2_committee_by_committee():
    assert SubsidyStandard.objects.filter(first_year=2019).count() == 4
    assert not SubsidyPayment.objects.filter(year=2022, confirmed_at__isnull=True).exists()
    reported = {code: figures for code, figures in form2(2023).items() if figures[0]}
    assert ledger(2022) == reported
    assert sum(p for p, _a in reported.values()) == 104
    assert sum((a for _p, a in reported.values()), Decimal(0)) == Decimal("36.60")
    # Every town pays its two resident posts a full year; every resident post is held all of 2022.
    towns = Committee.objects.filter(kind__in=TOWN_KINDS).values_list("code", flat=True)
    assert {ledger(2022)[code] for code in towns} == {(2, Decimal("1.20"))}
    resident = Post.objects.filter(resident=True)
    assert resident.count() == 104
    assert not resident.filter(started_on__gt=datetime.date(2022, 1, 1)).exists()


def test_the_reports_json_shows_what_the_ledger_paid():
    report = report_data_build(survey_round=SurveyRound.objects.get(year=2023), scope=district())
    indicators = json.loads(json_output.build(report))["indicators"]
    paid = selectors.subsidy_totals(Committee.objects.all(), 2022).values()
    assert indicators["subsidy_people"]["value"] == sum(t.people for t in paid) == 104
    assert Decimal(indicators["subsidy_wan"]["value"]) == sum((t.amount for t in paid), Decimal(0))


def test_2021_is_paid_from_the_same_posts_close_to_its_form_2():
    paid, reported = ledger(2021), form2(2022)
    assert paid and all(people <= 2 for people, _a in paid.values())
    total = sum((a for _p, a in paid.values()), Decimal(0))
    assert Decimal("0.6") * sum((a for _p, a in reported.values()), Decimal(0)) <= total

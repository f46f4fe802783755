"""The demo's five-old subsidies: the standard (demo amounts), the resident flag on each town's
executive deputy, and 2022's confirmed payments close to the approved 2023 form 2's 五老补贴
(each town at most its 2 people and 1.20万, each village at most its 1 person and 0.30万)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from committees.models import TOWN_KINDS, Committee, Position, Post
from funding import selectors
from funding.models import SubsidyPayment, SubsidyStandard
from surveys.models import State, SubmissionRow
from tests.surveys.report.conftest import demo, demo_db  # noqa: F401  (the demo fixtures)

pytestmark = pytest.mark.usefixtures("demo")


def form2(year: int) -> dict[str, tuple[int, Decimal]]:
    rows = SubmissionRow.objects.filter(
        submission__survey_round__year=year, submission__form=2, submission__state=State.APPROVED, section="main"
    )
    return {
        r.values["committee_code"]: (int(r.values["subsidy_people"] or 0), Decimal(r.values["subsidy_amount"] or 0))
        for r in rows
    }


def test_the_demo_pays_resident_deputies_close_to_form_2():
    assert SubsidyStandard.objects.filter(first_year=2019).count() == 4
    town_deputies = Post.objects.open().filter(committee__kind__in=TOWN_KINDS, position=Position.EXECUTIVE_DEPUTY)
    assert town_deputies.exists() and not town_deputies.filter(resident=False).exists()
    assert not SubsidyPayment.objects.filter(year=2022, confirmed_at__isnull=True).exists()
    totals = selectors.subsidy_totals(Committee.objects.all(), 2022)
    reported = form2(2023)
    codes = dict(Committee.objects.values_list("pk", "code"))
    assert len(totals) > 10
    for committee_id, found in totals.items():
        people, amount = reported[codes[committee_id]]
        assert 0 < found.people <= people and Decimal("0") < found.amount <= amount
    district = sum((t.amount for t in totals.values()), Decimal(0))
    assert district >= sum((a for _p, a in reported.values()), Decimal(0)) * Decimal("0.6")

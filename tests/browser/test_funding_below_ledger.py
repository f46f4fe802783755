"""Form 2 below the ledger and a closed year, in chromium on the demo at 1366 and 390 px: district
staff see which entries to reverse beside a committee whose ledger is above its approved form 2
(no accept button for it, no page overflow), follow a link to the reversal form, and read a closed
year's mid-year ratio on form 2."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from committees.models import Committee
from funding import services
from funding.models import FundSource
from surveys.models import Submission
from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_are_shown_the_entries_to_reverse_and_a_closed_years_mid_year(demo, live_server, sign_in, width):
    village = Committee.objects.get(code="XS01V02")
    services.entry_add(actor=None, committee=village, year=2022, date=datetime.date(2022, 10, 8),
                       amount=Decimal("0.80"), source=FundSource.OTHER, note="补录")  # fmt: skip
    sub = Submission.objects.get(survey_round__year=2023, town__code="XS01", form=2)
    page = sign_in("staff", PASSWORDS["staff"], width=width)
    page.goto(f"{live_server.url}/surveys/submission/{sub.pk}/ledger/")
    row = page.locator('tr[data-code="XS01V02"]')
    expect(row.get_by_text("低于台账，未写入")).to_be_visible()
    expect(row.get_by_role("button", name="写入经费台账")).to_have_count(0)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"form2-below-ledger-{width}")
    row.locator("a[href*='/reverse/']").first.click()
    page.wait_for_url("**/reverse/")
    expect(page.locator("[name=reason]")).to_be_visible()
    expect(page.get_by_text("0.80").first).to_be_visible()
    shot(page, f"entry-reverse-from-form2-{width}")

    services.year_close(actor=None, committees=Committee.objects.filter(code="XS01V01"), year=2022)
    page.goto(f"{live_server.url}/surveys/submission/{sub.pk}/")
    head = page.locator("tr", has_text="东港村关工委").first
    expect(head.get_by_text("台账已结账（决算数）")).to_be_visible()
    expect(head.get_by_text("截至2022年6月30日到位", exact=False)).to_be_visible()
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"form2-closed-mid-year-{width}")

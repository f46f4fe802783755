"""Form 2 and the ledger in chromium on the demo, at 1366 px and at 390 px: district staff open
the 2023 round's form 2 of 东港镇, compare it with the 2022 ledger and accept a committee's
figures, then close a village's 2022; a town secretary is offered neither."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from committees.demo import DEMO_USERS
from committees.models import Committee
from funding import services
from funding.models import FundEntry, YearClose
from surveys.models import Submission
from tests.browser.test_funding_pages import PAGE_OVERFLOW, shot

pytestmark = pytest.mark.browser

PASSWORDS = {demo.username: demo.password for demo in DEMO_USERS}


def form2(year: int = 2023) -> Submission:
    return Submission.objects.get(survey_round__year=year, town__code="XS01", form=2)


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_accept_form_2_and_close_a_year(demo, live_server, sign_in, width):
    staff = sign_in("staff", PASSWORDS["staff"], width=width)
    page = staff
    page.on("dialog", lambda dialog: dialog.accept())
    sub = form2()
    # A correction in the ledger after the form was approved: the form now exceeds the ledger.
    entry = FundEntry.objects.filter(committee__code="XS01V02", year=2022, reverses__isnull=True).first()
    services.entry_reverse(actor=None, entry=entry, reason="演示：冲销")
    page.goto(f"{live_server.url}/surveys/submission/{sub.pk}/")
    shot(page, f"form2-review-{width}")
    page.get_by_role("link", name="写入经费台账").click()
    page.wait_for_url("**/ledger/")
    assert page.locator("tr[data-code]").count() > 3
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"form2-ledger-{width}")
    buttons = page.get_by_role("button", name="写入经费台账")
    expect(buttons).to_have_count(1)
    buttons.first.click()
    page.wait_for_url("**/ledger/")
    expect(page.get_by_text("已写入港下社区关工委的经费台账")).to_be_visible()
    expect(page.get_by_role("button", name="写入经费台账")).to_have_count(0)
    shot(page, f"form2-ledger-accepted-{width}")

    village = Committee.objects.get(code="XS01V01")
    page.goto(f"{live_server.url}/funding/2022/committees/{village.pk}/")
    page.get_by_role("button", name="年度结账").click()
    page.wait_for_url("**/committees/**")
    expect(page.get_by_text("台账已结账").first).to_be_visible()
    assert YearClose.objects.filter(committee=village, year=2022).exists()
    shot(page, f"committee-closed-{width}")
    page.goto(f"{live_server.url}/funding/2022/")
    expect(page.locator("#closed table tbody tr")).to_have_count(1)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"overview-closed-{width}")
    page.goto(f"{live_server.url}/surveys/submission/{sub.pk}/")
    expect(page.locator("tr", has_text="东港村关工委").get_by_text("台账已结账（决算数）")).to_be_visible()
    shot(page, f"form2-final-{width}")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_secretary_is_offered_neither(demo, live_server, sign_in, width):
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    page.goto(f"{live_server.url}/surveys/submission/{form2().pk}/")
    expect(page.get_by_role("link", name="写入经费台账")).to_have_count(0)
    village = Committee.objects.get(code="XS01V01")
    page.goto(f"{live_server.url}/funding/2022/committees/{village.pk}/")
    expect(page.get_by_role("button", name="年度结账")).to_have_count(0)
    page.goto(f"{live_server.url}/funding/2022/")
    expect(page.get_by_role("button", name="全部结账2022年")).to_have_count(0)
    shot(page, f"overview-secretary-closed-{width}")

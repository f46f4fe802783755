"""The awards pages in chromium on the demo, at 1366 px and at 390 px: district staff read the
2020–2022 period (54 stations, 8 contribution awards, 59 individuals) and a certificate; 东港镇's
secretary nominates a station of the town for 2023–2025. The page never scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from evaluations.models import AwardPeriod
from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_read_the_2020_2022_awards_and_a_certificate(demo, live_server, sign_in, width):
    page = sign_in("staff", PASSWORDS["staff"], width=width)
    page.goto(f"{live_server.url}/awards/")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"awards-index-staff-{width}", "awards")
    page.get_by_role("link", name="2020–2022").click()
    for category, count in (("优秀辅导站", "54"), ("突出贡献奖", "8"), ("先进个人", "59")):
        assert page.locator(f'td[data-category="{category}"]').text_content() == count
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"awards-period-staff-{width}", "awards")
    page.get_by_role("link", name="荣誉证书").first.click()
    assert page.locator(".certificate h1").text_content() == "荣誉证书"
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"awards-certificate-staff-{width}", "awards")
    page.emulate_media(media="print")
    expect(page.locator(".toolbar")).to_be_hidden()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_dongang_secretary_nominates_a_station(demo, live_server, sign_in, width):
    period = AwardPeriod.objects.get(first_year=2023)
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    page.goto(f"{live_server.url}/awards/periods/{period.pk}/nominate/")
    page.select_option("select[name=town]", label="东港镇关工委")
    page.select_option("select[name=category]", label="优秀辅导站")
    page.select_option("select[name=station]", index=1)
    page.fill("textarea[name=reason]", "活动丰富，成效明显")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"awards-nominate-dongang-{width}", "awards")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/awards/periods/{period.pk}/")
    assert page.locator('td[data-category="优秀辅导站"] + td').text_content() == "1"
    expect(page.locator("td.awardee a")).to_have_count(1)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"awards-period-dongang-{width}", "awards")

"""The five-old points pages in chromium on the demo, at 1366 px and at 390 px: district staff
read a town's ranking and the entry/exit review of the district; a town secretary (dongang) adds
points on their town's ranking and reads their town's review. Wide tables scroll inside their
.table-wrap; the page does not."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from committees.models import Committee
from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_read_a_ranking_and_the_review(demo, live_server, sign_in, width):
    town = Committee.objects.get(code="XS01")
    page = sign_in("staff", PASSWORDS["staff"], width=width)
    page.goto(f"{live_server.url}/registry/committees/{town.pk}/points/?year=2022")
    assert page.locator("#ranking tbody tr").count() > 0
    assert page.locator("#ranking tbody tr").first.locator("td").first.text_content().strip() == "1"
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"points-ranking-staff-{width}", "points")
    # The district's 3,818 five-olds: no list of them to choose from, the towns' pages instead.
    district = Committee.objects.get(code="XS")
    page.goto(f"{live_server.url}/registry/committees/{district.pk}/points/?year=2022")
    expect(page.locator("select[name=volunteer]")).to_have_count(0)
    expect(page.get_by_role("link", name="东港镇关工委")).to_have_count(1)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"points-ranking-district-staff-{width}", "points")
    page.goto(f"{live_server.url}/registry/review/")
    assert page.locator("#suggestions tbody tr").count() > 0
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"points-review-staff-{width}", "points")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_secretary_adds_points_and_reads_the_review(demo, live_server, sign_in, width):
    town = Committee.objects.get(code="XS01")
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    page.goto(f"{live_server.url}/registry/committees/{town.pk}/points/")
    page.select_option("select[name=volunteer]", index=1)
    page.fill("input[name=points]", "12.5")
    page.fill("input[name=reason]", "参加培训")
    shot(page, f"points-ranking-dongang-{width}", "points")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/points/?year=*")
    assert page.locator("#ranking tbody tr").first.locator("td").nth(4).text_content().strip() == "12.50"
    assert page.evaluate(PAGE_OVERFLOW) == 0
    page.goto(f"{live_server.url}/registry/review/")
    expect(page.locator("#suggestions").get_by_text("鹅湖")).to_have_count(0)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"points-review-dongang-{width}", "points")

"""The campaign page in chromium on the demo, at 1366 px and at 390 px, as the district admin,
staff, a town secretary (东港镇: their town's villages only) and the viewer: the chart is drawn
by the vendored ECharts under the CSP, the wide table scrolls inside its .table-wrap, and staff
award a plaque to a village that passed acceptance."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from evaluations.models import Campaign
from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser

ROLES = ("admin", "staff", "dongang", "viewer")


@pytest.mark.parametrize("width", [1366, 390])
def test_each_role_reads_the_campaign_s_progress_by_town(demo, live_server, sign_in, width):
    campaign = Campaign.objects.get(first_year=2023)
    for role in ROLES:
        page = sign_in(role, PASSWORDS[role], width=width)
        errors: list[str] = []
        page.on("console", lambda message, errors=errors: message.type == "error" and errors.append(message.text))
        page.goto(f"{live_server.url}/evaluations/campaigns/{campaign.pk}/2023/")
        rows = page.locator("section[data-check=village] tbody tr")
        page.locator(".report-chart-canvas svg").first.wait_for()
        if role == "dongang":
            assert rows.count() == 1 and "东港镇关工委" in rows.first.text_content()
            expect(page.get_by_text("鹅湖镇关工委")).to_have_count(0)
        else:
            assert rows.count() == 10  # nine towns and the total
        assert page.evaluate(PAGE_OVERFLOW) == 0
        assert errors == []
        shot(page, f"campaign-{role}-{width}", folder="evaluations")


def test_staff_award_a_plaque_to_a_village_that_passed(demo, live_server, sign_in):
    campaign = Campaign.objects.get(first_year=2023)
    page = sign_in("staff", PASSWORDS["staff"])
    page.goto(f"{live_server.url}/evaluations/campaigns/{campaign.pk}/2024/")
    before = page.locator("#plaques tbody tr a").count()  # a row a plaque (the empty row has no link)
    page.get_by_role("link", name="授牌").click()
    page.select_option("select[name=committee]", index=1)
    page.fill("input[name=awarded_on]", "2024-12-20")
    shot(page, "plaque-form-staff-1366", folder="evaluations")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/2024/**")
    expect(page.get_by_text("已授牌。")).to_be_visible()
    expect(page.locator("#plaques tbody tr a")).to_have_count(before + 1)

"""The meetings and visits pages in chromium on the demo, at 1366 px and at 390 px: district staff
read 2022 against the system (the district and the nine towns) and the log; a town secretary logs a
research visit of their town; a viewer reads the log without write controls. Wide tables scroll
inside their .table-wrap; the page does not."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_read_the_year_against_the_system_and_the_log(demo, live_server, sign_in, width):
    page = sign_in("staff", PASSWORDS["staff"], width=width)
    page.goto(f"{live_server.url}/meetings/2022/")
    expect(page.locator("#year-overview tr[data-code]")).to_have_count(10)
    district = page.locator('#year-overview tr[data-code="XS"]')
    assert district.locator('[data-kind="directors"]').text_content().strip() == "52 / 52"
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"meetings-year-staff-{width}", "meetings")
    page.get_by_role("link", name="东港镇关工委").click()
    page.wait_for_url("**/meetings/?year=2022*")
    expect(page.locator("#meetings tbody tr")).to_have_count(16)  # 4 + 2 + 10 convened by 东港镇 in 2022
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"meetings-list-staff-{width}", "meetings")
    page.goto(f"{live_server.url}/meetings/new/")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"meetings-form-staff-{width}", "meetings")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_secretary_logs_a_research_visit(demo, live_server, sign_in, width):
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    page.goto(f"{live_server.url}/meetings/")
    assert page.locator("#meetings tbody tr").first.locator("td").nth(2).text_content() == "东港镇关工委"
    shot(page, f"meetings-list-dongang-{width}", "meetings")
    page.get_by_role("link", name="登记会议或调研走访").click()
    page.select_option("select[name=kind]", "visit")
    page.fill("input[name=date]", "2022-04-18")
    page.select_option("select[name=convenor]", label="东港镇关工委")
    page.select_option("select[name=participants]", label="东港村关工委")
    page.fill("input[name=topics]", "调研校外教育辅导站")
    page.fill("textarea[name=findings]", "辅导站活动正常")
    shot(page, f"meetings-form-dongang-{width}", "meetings")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/meetings/")
    page.goto(f"{live_server.url}/meetings/2022/")
    assert page.locator('tr[data-code="XS01"] [data-kind="visit"]').text_content().strip() == "11 / 2"
    expect(page.locator("#year-overview tr[data-code]")).to_have_count(1)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"meetings-year-dongang-{width}", "meetings")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_viewer_reads_the_log(demo, live_server, sign_in, width):
    page = sign_in("viewer", PASSWORDS["viewer"], width=width)
    page.goto(f"{live_server.url}/meetings/?kind=visit&year=2022")
    expect(page.get_by_role("link", name="登记会议或调研走访")).to_have_count(0)
    expect(page.locator("#meetings").get_by_role("link", name="修改")).to_have_count(0)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"meetings-list-viewer-{width}", "meetings")

"""The funding pages in chromium on the demo, at 1366 px and at 390 px: district staff open the
2022 overview, drill down to a town and a village, and a town secretary records funds in place and
reverses them with a reason. The wide lists scroll inside their .table-wrap; the page does not."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_drill_down_from_the_overview_to_a_village(demo, live_server, sign_in, width):
    page = sign_in("staff", PASSWORDS["staff"], width=width)
    page.goto(f"{live_server.url}/funding/2022/")
    expect(page.locator("#below tr[data-code]")).to_have_count(3)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"overview-staff-{width}")
    page.get_by_role("link", name="东港镇关工委").first.click()
    page.wait_for_url("**/towns/**")
    assert page.locator("tr[data-code]").count() > 5
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"town-staff-{width}")
    page.locator("tr[data-code] a").nth(1).click()
    page.wait_for_url("**/committees/**")
    expect(page.get_by_role("heading", name="到位记录")).to_be_visible()
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"committee-staff-{width}")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_secretary_records_funds_in_place_and_reverses_them(demo, live_server, sign_in, width):
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    page.goto(f"{live_server.url}/funding/2022/")
    assert page.locator("table.list tbody tr").first.text_content().strip().startswith("东港镇关工委")
    expect(page.get_by_role("link", name="鹅湖镇关工委")).to_have_count(0)
    shot(page, f"overview-secretary-{width}")
    page.get_by_role("link", name="东港镇关工委").first.click()
    page.wait_for_url("**/towns/**")
    page.locator("tr[data-code] a").nth(1).click()
    page.wait_for_url("**/committees/**")
    before = page.locator("tbody tr").count()
    page.get_by_role("link", name="录入到位经费").click()
    page.fill("input[name=date]", "2022-12-20")
    page.fill("input[name=amount]", "1.50")
    page.select_option("select[name=source]", "town_matching")
    page.fill("input[name=document]", "东港〔2022〕45号")
    shot(page, f"entry-form-{width}")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/committees/**")
    expect(page.locator("tbody tr")).to_have_count(before + 1)
    page.get_by_role("link", name="冲销").last.click()
    page.fill("input[name=reason]", "金额录错")
    shot(page, f"reverse-form-{width}")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/committees/**")
    expect(page.get_by_text("金额录错")).to_be_visible()
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"committee-secretary-{width}")

"""The five-old subsidies' page in chromium on the demo, at 1366 px and at 390 px: district staff
read 2022's confirmed payments of every town; a town secretary computes 2023's payments of their
town, changes an amount and confirms it. The wide list scrolls inside its .table-wrap."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_read_the_years_subsidies(demo, live_server, sign_in, width):
    page = sign_in("staff", PASSWORDS["staff"], width=width)
    page.goto(f"{live_server.url}/funding/2022/")
    page.get_by_role("link", name="2022年五老补贴").click()
    page.wait_for_url("**/subsidies/**")
    assert page.locator("tr[data-payment]").count() > 10
    expect(page.get_by_text("已确认").first).to_be_visible()
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"subsidies-staff-{width}")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_secretary_computes_changes_and_confirms(demo, live_server, sign_in, width):
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    page.goto(f"{live_server.url}/funding/2023/subsidies/")
    page.get_by_role("button", name="测算东港镇关工委 2023年补贴").click()
    page.wait_for_url("**/subsidies/**")
    assert page.locator("tr[data-payment]").count() > 0
    expect(page.get_by_text("鹅湖镇")).to_have_count(0)
    shot(page, f"subsidies-secretary-{width}")
    page.get_by_role("link", name="修改金额").first.click()
    page.fill("input[name=amount]", "0.55")
    shot(page, f"subsidy-form-{width}")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/subsidies/**")
    row = page.locator("tr[data-payment]", has_text="0.55").first
    row.get_by_role("button", name="确认").click()
    page.wait_for_url("**/subsidies/**")
    expect(page.locator("tr[data-payment]", has_text="0.55").first.get_by_text("已确认")).to_be_visible()
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"subsidies-confirmed-{width}")

"""The 五有五好 standard's pages in chromium on the demo, at 1366 px and at 390 px: a district
admin finds the used (locked) version, copies it as a new version and adds an item to the copy;
a town secretary reads the versions and their items, with no control to change them. No page
scrolls sideways (the items' table scrolls inside its .table-wrap)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_an_admin_copies_a_locked_version_and_adds_an_item(demo, live_server, sign_in, width):
    page = sign_in("admin", PASSWORDS["admin"], width=width)
    page.goto(f"{live_server.url}/evaluations/standards/")
    expect(page.locator("[data-locked]")).to_have_count(2)  # the demo's rounds used both versions
    shot(page, f"standards-admin-{width}", "evaluations")
    page.get_by_role("link", name="2023 修订").click()
    expect(page.get_by_text("不能再修改")).to_be_visible()
    shot(page, f"standard-locked-admin-{width}", "evaluations")
    page.get_by_role("link", name="复制为新版本").click()
    page.fill("input[name=name]", "2026 修订")
    page.fill("input[name=effective_from]", "2026-03-01")
    shot(page, f"standard-copy-admin-{width}", "evaluations")
    page.get_by_role("button", name="复制").click()
    page.wait_for_url("**/edit/")
    page.fill("input[name=items-10-code]", "Y6")
    page.fill("input[name=items-10-name]", "有档案资料")
    page.select_option("select[name=items-10-group]", "five_haves")
    page.fill("input[name=items-10-weight]", "5")
    page.fill("textarea[name=items-10-criteria_met]", "台账资料齐全，归档及时")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"standard-form-admin-{width}", "evaluations")
    # After the full-page shot, an action that waits for the page to settle before the click.
    page.fill("input[name=items-10-ORDER]", "11")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/standards/*/")
    expect(page.locator("#items tbody tr")).to_have_count(11)
    expect(page.locator("tr[data-code=Y6]").get_by_text("有档案资料")).to_be_visible()
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"standard-admin-{width}", "evaluations")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_town_secretary_reads_the_standards(demo, live_server, sign_in, width):
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    page.goto(f"{live_server.url}/")
    page.locator(".mainnav").get_by_role("link", name="五有五好", exact=True).click()  # the area's pages
    page.wait_for_url("**/evaluations/rectifications/")
    page.locator(".section-nav").get_by_role("link", name="五有五好标准").click()
    page.wait_for_url("**/evaluations/standards/")
    expect(page.get_by_role("link", name="新建版本")).to_have_count(0)
    shot(page, f"standards-secretary-{width}", "evaluations")
    page.get_by_role("link", name="2011").click()
    expect(page.locator("#items tbody tr")).to_have_count(10)
    expect(page.get_by_role("link", name="复制为新版本")).to_have_count(0)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"standard-secretary-{width}", "evaluations")

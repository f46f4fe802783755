"""Logging in through the form and switching the language, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_town_secretary_logs_in_and_switches_to_english(live_server, xs, page):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page.get_by_role("heading", name="登录")).to_be_visible()

    page.fill("input[name=username]", xs.dg_secretary.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form:not(.langform) button[type=submit]")

    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()  # the home page; the tree is one click away
    with page.expect_navigation():
        page.get_by_role("link", name="组织架构").first.click()
    assert xs.dg.name in page.content()
    assert xs.eh.name not in page.content()
    expect(page.get_by_role("link", name="组织架构")).to_be_visible()
    assert "镇、街道" in page.content()

    with page.expect_navigation():
        page.select_option("select[name=language]", "en")

    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("link", name="Committees")).to_be_visible()
    assert xs.dg.name in page.content()

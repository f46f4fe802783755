"""The committee list is a tree by town that opens and closes in the browser, without script:
staff see the district open and its towns closed; a town secretary sees
their own town's branch only."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def town(page, code: str):
    return page.locator(f'details.tree-node[data-code="{code}"]')


def test_staff_open_and_close_a_town_in_the_tree(live_server, xs, page):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, xs.staff.username, PASSWORD)
    page.goto(f"{live_server.url}/committees/")

    village = page.get_by_role("link", name=xs.dg_v1.name)
    assert town(page, "XS").get_attribute("open") is not None
    assert town(page, "XS01").get_attribute("open") is None
    expect(village).to_be_hidden()

    town(page, "XS01").locator("summary").first.click(position={"x": 5, "y": 10})  # the marker, not the link
    town(page, "XS01").locator('details[data-group="villages"] > summary').click()
    expect(village).to_be_visible()
    expect(page.get_by_role("link", name=xs.eh_v1.name)).to_be_hidden()  # 鹅湖镇 stays closed

    town(page, "XS01").locator("summary").first.click(position={"x": 5, "y": 10})
    assert town(page, "XS01").get_attribute("open") is None
    expect(village).to_be_hidden()


def test_a_town_secretary_sees_their_town_open_and_no_other(live_server, xs, page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, xs.dg_secretary.username, PASSWORD)
    page.goto(f"{live_server.url}/committees/")

    assert town(page, "XS01").get_attribute("open") is not None
    expect(page.get_by_role("link", name=xs.dg_v1.name)).to_be_visible()  # the villages group starts open
    assert town(page, "XS03").count() == 0 and town(page, "XS").count() == 0
    with page.expect_navigation():
        page.get_by_role("link", name=xs.dg_v1.name).click()
    assert xs.dg_v1.name in page.locator("h1").inner_text()

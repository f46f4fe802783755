"""The study-aid pages in chromium on the demo, at 1366 px and at 390 px: district staff read the
2022 donations by town and 羊尖's 希望之星; a town secretary adds a session to their town's
programme. The wide lists scroll inside their .table-wrap; the page does not."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_read_the_donations_and_the_hope_star_programme(demo, live_server, sign_in, width):
    page = sign_in("staff", PASSWORDS["staff"], width=width)
    page.goto(f"{live_server.url}/funding/2022/")
    page.get_by_role("link", name="捐资助学").first.click()
    page.wait_for_url("**/aid/2022/donations/")
    expect(page.locator("#by-town tr[data-code]")).to_have_count(9)
    assert page.locator("#total").text_content().strip() == "334.82"
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"donations-staff-{width}")
    page.get_by_role("link", name="助学项目").first.click()
    page.goto(f"{live_server.url}/funding/aid/2023/programmes/")
    shot(page, f"programmes-staff-{width}")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    page.get_by_role("link", name="爱心助学“希望之星”").click()
    assert page.locator('[data-key="sessions"]').text_content() == "37"
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"programme-staff-{width}")
    page.goto(f"{live_server.url}/funding/aid/donors/")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"donors-staff-{width}")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_secretary_adds_a_session(demo, live_server, sign_in, width):
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    page.goto(f"{live_server.url}/funding/aid/2022/programmes/")
    expect(page.locator("tbody tr[data-pk]")).to_have_count(1)
    shot(page, f"programmes-secretary-{width}")
    page.locator("tbody tr[data-pk] a").first.click()
    page.get_by_role("link", name="新增一期").click()
    page.fill("input[name=year]", "2023")
    page.fill("input[name=amount]", "12.50")
    page.fill("input[name=students]", "60")
    page.fill("input[name=awards]", "60")
    shot(page, f"session-form-secretary-{width}")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/aid/programmes/*/")
    assert page.locator("tbody tr").first.locator("td").nth(4).text_content() == "60"
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"programme-secretary-{width}")
    page.goto(f"{live_server.url}/funding/aid/2022/donations/new/")
    shot(page, f"donation-form-secretary-{width}")

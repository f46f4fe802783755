"""The town assessment pages in chromium on the demo, at 1366 px and at 390 px: district staff read
the 2023 ranking of the nine towns, confirm the first town's reward and open a town's hand scores;
a town secretary reads their own town's row only. Wide tables scroll inside their .table-wrap.
One test, so that the demo is loaded once (a transactional test flushes the seeded tables)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


def _staff(page, url: str, width: int) -> None:
    page.goto(url)
    expect(page.locator("table.list tbody tr")).to_have_count(9)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"assessment-scores-staff-{width}", "assessment")
    if width == 1366:  # confirm once: the 390 px look shows it confirmed
        page.once("dialog", lambda dialog: dialog.accept())
        page.locator("table.list tbody tr").first.get_by_role("button", name="确认").click()
        page.wait_for_url("**/assessment/2023/")
        assert "已记入其经费到位" in page.content()
    assert "已确认" in page.locator("table.list tbody tr").first.text_content()
    page.get_by_role("link", name="东港镇关工委").click()
    page.wait_for_url("**/towns/**")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"assessment-town-staff-{width}", "assessment")


def _secretary(page, url: str, width: int) -> None:
    page.goto(url)
    rows = page.locator("table.list tbody tr")
    assert rows.count() == 1 and "东港镇关工委" in rows.first.text_content()
    expect(page.get_by_role("button", name="计算数据评分项目")).to_have_count(0)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"assessment-scores-dongang-{width}", "assessment")


def test_staff_and_a_secretary_read_the_2023_assessment(demo, live_server, sign_in):
    url = f"{live_server.url}/assessment/2023/"
    for width in (1366, 390):
        _staff(sign_in("staff", PASSWORDS["staff"], width=width), url, width)
        _secretary(sign_in("dongang", PASSWORDS["dongang"], width=width), url, width)

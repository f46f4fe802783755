"""The district admin's scheme pages in chromium on the demo, at 1366 px and at 390 px: the award
scheme's categories changed on the awards page, and the 2023 town assessment scheme copied to a
new year and changed there. The page never scrolls sideways (tables scroll in their .table-wrap).
One test, so that the demo is loaded once."""

from __future__ import annotations

import pytest

from evaluations.models import AssessmentScheme, AwardCategory
from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


def _award_scheme(page, base: str, width: int, points: str) -> None:
    page.goto(f"{base}/awards/")
    page.locator("h2").filter(has_text="校外教育辅导站工作先进评选").get_by_role("link", name="修改").click()
    page.wait_for_url("**/awards/schemes/*/edit/")
    row = page.locator("table.list tbody tr").filter(has=page.locator('input[value="先进个人"]'))
    row.locator('input[name$="-points"]').fill(points)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"award-scheme-edit-admin-{width}", "awards")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{base}/awards/")
    assert AwardCategory.objects.get(name="先进个人").points == int(points)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"awards-index-admin-{width}", "awards")


def _assessment_copy(page, base: str, width: int, year: int) -> None:
    page.goto(f"{base}/assessment/2023/")
    page.get_by_role("link", name="复制到新年度").click()
    page.fill("input[name=year]", str(year))
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"assessment-copy-admin-{width}", "assessment")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/assessment/{year}/scheme/")
    assert f"已复制出{year}年度考核办法" in page.content()
    page.fill("input[name=items-0-max_points]", "25")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"assessment-scheme-{year}-admin-{width}", "assessment")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/assessment/{year}/")
    scheme = AssessmentScheme.objects.get(year=year)
    assert scheme.name == f"{year}年度镇（街道）关工委工作考核办法"
    assert str(scheme.items.order_by("order").first().max_points) == "25.00"


def test_the_admin_edits_an_award_scheme_and_copies_the_assessment_scheme(demo, live_server, sign_in):
    for width, points, year in ((1366, "4", 2024), (390, "5", 2025)):
        page = sign_in("admin", PASSWORDS["admin"], width=width)
        _award_scheme(page, live_server.url, width, points)
        _assessment_copy(page, live_server.url, width, year)

"""The funding overview's chart and the ledger's Excel round trip in chromium on the demo, at 1366
and 390 px: district staff and a town secretary see the chart drawn (in-place vs standard by town)
without the page scrolling sideways; the secretary downloads the year's funds in place, uploads
the file unchanged and the preview plans no change."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("user", ["staff", "dongang"])
def test_the_overview_draws_the_chart_by_town(demo, live_server, sign_in, user, width):
    page = sign_in(user, PASSWORDS[user], width=width)
    page.goto(f"{live_server.url}/funding/2022/")
    page.wait_for_selector(".report-chart-canvas[data-drawn] svg")
    expect(page.locator(".report-chart-canvas svg text", has_text="各镇（街道）经费到位与标准对比")).to_have_count(1)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"chart-{user}-{width}")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_secretary_exports_and_reimports_the_funds_in_place_unchanged(demo, live_server, sign_in, width, tmp_path):
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    page.goto(f"{live_server.url}/funding/2022/")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出到位资金明细").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.endswith("2022.xlsx")
    page.get_by_role("link", name="导入到位资金明细").click()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="预览").click()
    page.wait_for_selector("#count-unchanged")
    assert page.locator("#count-new").text_content() == "0"
    assert page.locator("#count-errors").text_content() == "0"
    assert int(page.locator("#count-unchanged").text_content()) > 0
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"entries-preview-{width}")


# (page, the download's link text, the upload's link text, the table's rows that the file holds)
AID_PAGES = {
    "subsidies": ("/funding/2022/subsidies/", "导出 Excel", "导入五老补贴"),
    "donations": ("/funding/aid/2022/donations/", "导出2022年捐资助学明细", "导入捐资助学明细"),
    "sessions": ("/funding/aid/2022/programmes/", "导出2022年助学期次", "导入助学期次"),
    "programmes": ("/funding/aid/2022/programmes/", "导出助学项目", "导入助学项目"),
    "donors": ("/funding/aid/donors/", "导出捐赠方", "导入捐赠方"),
}


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("table", AID_PAGES)
def test_a_secretary_reimports_each_new_export_unchanged(demo, live_server, sign_in, width, table, tmp_path):
    url, download, upload = AID_PAGES[table]
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    page.goto(f"{live_server.url}{url}")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"{table}-page-dongang-{width}")
    with page.expect_download() as info:
        page.get_by_role("link", name=download).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    page.get_by_role("link", name=upload).click()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="预览").click()
    page.wait_for_selector("#count-unchanged")
    counts = {k: page.locator(f"#count-{k}").text_content() for k in ("new", "changed", "errors")}
    assert counts == {"new": "0", "changed": "0", "errors": "0"}
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"{table}-preview-{width}")


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("user", ["staff", "viewer"])
def test_the_aid_pages_fit_for_staff_and_viewers(demo, live_server, sign_in, user, width):
    page = sign_in(user, PASSWORDS[user], width=width)
    for table, (url, download, upload) in AID_PAGES.items():
        page.goto(f"{live_server.url}{url}")
        expect(page.get_by_role("link", name=download)).to_have_count(1)
        expect(page.get_by_role("link", name=upload)).to_have_count(1 if user == "staff" else 0)
        assert page.evaluate(PAGE_OVERFLOW) == 0
        shot(page, f"{table}-page-{user}-{width}")

"""The spot-check draw pages in chromium on the demo, at 1366 px and at 390 px: district staff draw
10% of each town's villages across the district; 东港镇's secretary draws two of the town's villages,
downloads the checklist, fills it in and imports it. The page never scrolls sideways."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot
from tests.xlsx import book_bytes

pytestmark = pytest.mark.browser
FOLDER = "draws"


def _new_draw(page, live_server, scope: str, method: str, amount: str, seed: str) -> None:
    page.goto(f"{live_server.url}/evaluations/draws/")
    page.get_by_role("link", name="新建抽取").click()
    page.select_option("select[name=committee]", label=scope)
    page.select_option("select[name=method]", method)
    page.fill("input[name=amount]", amount)
    page.fill("input[name=seed]", seed)


@pytest.mark.parametrize("width", [1366, 390])
def test_staff_draw_across_the_district(demo, live_server, sign_in, width):
    page = sign_in("staff", PASSWORDS["staff"], width=width)
    _new_draw(page, live_server, "锡山区关工委", "share", "10", "20240520")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"form-staff-{width}", FOLDER)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/evaluations/draws/*/")
    assert page.locator("#frame-size").text_content() == "128"
    assert page.locator("#seed").text_content() == "20240520"
    assert "可以重现" in page.locator("#reproduce-result").text_content()
    assert page.locator("#picks tr[data-code]").count() >= 9  # at least one in each town
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"detail-staff-{width}", FOLDER)
    page.goto(f"{live_server.url}/evaluations/draws/")
    expect(page.locator("#draws tbody tr")).to_have_count(1)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"list-staff-{width}", FOLDER)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_secretary_draws_and_imports_the_checklist(demo, live_server, sign_in, width, tmp_path):
    page = sign_in("dongang", PASSWORDS["dongang"], width=width)
    _new_draw(page, live_server, "东港镇关工委", "count", "2", "7")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/evaluations/draws/*/")
    expect(page.locator("#picks tr[data-code]")).to_have_count(2)
    with page.expect_download() as info:
        page.get_by_role("link", name="下载抽查检查表").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    ws = book.worksheets[0]
    ws["C2"], ws["E2"], ws["C3"] = datetime.date.today(), "王五", "退化"
    for row in range(6, 16):
        ws.cell(row, 4).value = "未达标" if row == 8 else "达标"
    path = tmp_path / "检查表.xlsx"
    path.write_bytes(book_bytes(book))
    page.get_by_role("link", name="导入填好的检查表").click()
    page.wait_for_url("**/checklist/upload/")
    page.wait_for_load_state()
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"upload-dongang-{width}", FOLDER)
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="预览").click()
    page.locator("#to-record").wait_for()
    page.wait_for_load_state()
    expect(page.locator("#to-record tbody tr")).to_have_count(1)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"preview-dongang-{width}", FOLDER)
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/evaluations/draws/*/")
    expect(page.locator("#picks").get_by_text("退化")).to_have_count(1)
    assert page.evaluate(PAGE_OVERFLOW) == 0
    shot(page, f"detail-dongang-{width}", FOLDER)

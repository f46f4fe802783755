"""In chromium: district staff open a submitted form, click a cell, write a
comment and return the form; the town's secretary signs in and finds the comment on that cell."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from surveys.models import CellComment, State
from tests.browser.conftest import log_in
from tests.surveys.conftest import fill_and_submit, open_round, submission

pytestmark = pytest.mark.browser

PASSWORD = "Comment-user-2024"
COMMENT = "预算与财政文件不符，请核对"


@pytest.fixture
def form2(xs):
    """东港镇's 表2 of 2024, filled and submitted by its secretary."""
    for user in (xs.staff, xs.dg_secretary):
        user.set_password(PASSWORD)
        user.save()
    return fill_and_submit(xs.dg_secretary, submission(open_round(xs, 2024), xs.dg, 2))


def test_staff_comment_on_a_cell_and_the_secretary_sees_it_there(xs, form2, live_server, page, browser):
    detail = live_server.url + reverse("surveys:submission_detail", args=[form2.pk])
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(detail)
    page.get_by_role("button", name="添加批注：东港村关工委 · 预算安排(万元)").click()
    dialog = page.get_by_role("dialog", name="单元格批注")
    assert "东港村关工委 · 预算安排(万元)" in dialog.inner_text()
    dialog.get_by_label("批注").fill(COMMENT)
    dialog.get_by_role("button", name="保存批注").click()
    cell = page.locator("td.has-comment")
    expect(cell).to_have_count(1)  # the dialog's close event comes after the click returns
    assert COMMENT in cell.get_attribute("title")
    assert cell.locator(".cell-comment").inner_text() == f"批注：{COMMENT}"
    # The comment is one entry of the return form, with its row and column chosen.
    slot = page.locator("#return-comments .comment-slot")
    expect(slot).to_have_count(1)
    assert slot.locator("select[name=comment_row]").input_value() == "main:XS01V01"
    assert slot.locator("select[name=comment_column]").input_value() == "main:budget"
    page.locator("#id_return_reason").fill("请按批注修改")
    page.get_by_role("button", name="退回镇（街道）").click()
    page.wait_for_url(lambda url: "/completeness/" in url)

    form2.refresh_from_db()
    assert form2.state == State.RETURNED
    assert list(CellComment.objects.values_list("row_key", "field_key", "text")) == [("XS01V01", "budget", COMMENT)]

    secretary = browser.new_context().new_page()
    log_in(secretary, live_server, "dg_secretary", PASSWORD)
    secretary.goto(detail)
    listing = secretary.locator("#cell-comments")
    assert "退回批注" in listing.inner_text() and COMMENT in listing.inner_text()
    listing.get_by_role("link").first.click()
    commented = secretary.locator("td.has-comment")
    expect(commented).to_have_count(1)
    assert commented.locator("input").get_attribute("aria-label") == "东港村关工委 预算安排(万元)"
    assert COMMENT in commented.get_attribute("title")
    expect(commented.locator(".cell-comment")).to_be_visible()
    assert secretary.url.endswith("#" + commented.get_attribute("id"))


def test_escape_keeps_nothing_and_a_comment_can_be_deleted(xs, form2, live_server, page):
    log_in(page, live_server, "staff", PASSWORD)
    page.goto(live_server.url + reverse("surveys:submission_detail", args=[form2.pk]))
    button = page.get_by_role("button", name="添加批注：东港村关工委 · 预算安排(万元)")
    button.click()
    dialog = page.get_by_role("dialog", name="单元格批注")
    dialog.get_by_label("批注").fill(COMMENT)
    dialog.get_by_role("button", name="保存批注").click()
    expect(page.locator("td.has-comment")).to_have_count(1)
    # Reopened and left with Escape: the comment stays as it was.
    page.get_by_role("button", name="修改批注：东港村关工委 · 预算安排(万元)").click()
    dialog.get_by_label("批注").fill("改过又放弃")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.locator("#return-comments textarea[name=comment_text]").input_value() == COMMENT
    # Another cell opened and left with Escape adds nothing.
    page.get_by_role("button", name="添加批注：东港村关工委 · 实际到位(万元)").click()
    dialog.get_by_label("批注").fill("不要")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#return-comments .comment-slot")).to_have_count(1)
    # Deleted from the dialog: the cell and the return form have none left.
    page.get_by_role("button", name="修改批注：东港村关工委 · 预算安排(万元)").click()
    dialog.get_by_role("button", name="删除批注").click()
    expect(page.locator("td.has-comment")).to_have_count(0)
    expect(page.locator("#return-comments .comment-slot")).to_have_count(0)

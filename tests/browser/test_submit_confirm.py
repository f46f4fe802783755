"""Submitting a form asks first, naming the form and that it is locked once
submitted until the district returns it (a dialog from the portal's own script, no inline JS)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from surveys.models import State
from tests.browser.conftest import log_in
from tests.surveys.conftest import fill, open_round, submission

pytestmark = pytest.mark.browser

PASSWORD = "Submit-secretary-2024"


@pytest.fixture
def form2(xs, live_server, page):
    """东港镇's 表2 of 2024, filled without errors, with its secretary signed in on the grid."""
    xs.dg_secretary.set_password(PASSWORD)
    xs.dg_secretary.save()
    form2 = submission(open_round(xs, 2024), xs.dg, 2)
    fill(xs.dg_secretary, form2)
    log_in(page, live_server, "dg_secretary", PASSWORD)
    page.goto(live_server.url + reverse("surveys:submission_detail", args=[form2.pk]))
    return form2


def test_dismissing_the_question_leaves_the_form_a_draft(form2, page):
    questions: list[str] = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.click("button.submit-form")
    page.wait_for_timeout(500)

    assert len(questions) == 1
    assert "表2 经费落实情况表" in questions[0] and "东港镇关工委" in questions[0]
    assert "退回前不能修改" in questions[0]
    form2.refresh_from_db()
    assert form2.state == State.DRAFT
    expect(page.locator("#grid-form")).to_have_count(1)


def test_accepting_the_question_submits_the_form(xs, form2, page):
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("button.submit-form")
    page.wait_for_url(f"**/surveys/2024/{xs.dg.pk}/")
    form2.refresh_from_db()
    assert form2.state == State.SUBMITTED


def test_saving_a_draft_asks_nothing(form2, page):
    questions: list[str] = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("button.save-draft")
    page.wait_for_selector(".messages")
    assert questions == []

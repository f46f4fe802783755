"""Printing a form in chromium (page.pdf) gives its content, not a
blank page — an editable form's page and its stamp-ready print view (盖章版) with the sign-off block."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from surveys.models import Submission, SubmissionRow
from surveys.spec import SIGN_OFF_LABELS
from tests.browser.conftest import log_in
from tests.surveys.conftest import open_round, submission

pytestmark = pytest.mark.browser

PASSWORD = "Print-secretary-2024"


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def draft(xs, live_server, page) -> Submission:
    """东港镇's 表1 of 2024, a draft its secretary may edit, with the secretary signed in."""
    xs.dg_secretary.set_password(PASSWORD)
    xs.dg_secretary.save()
    form1 = submission(open_round(xs, 2024), xs.dg, 1)
    log_in(page, live_server, "dg_secretary", PASSWORD)
    return form1


def committee_names(form: Submission) -> list[str]:
    names = [row.committee.name for row in SubmissionRow.objects.filter(submission=form).select_related("committee")]
    assert len(names) == 3  # the town and its two villages
    return names


def test_printing_an_editable_form_prints_every_row(xs, draft, live_server, page, tmp_path):
    page.goto(live_server.url + reverse("surveys:submission_detail", args=[draft.pk]))
    expect(page.locator("#grid-form")).to_have_count(1)  # the editable grid, inside its form
    page.fill("[name=main-0-notes]", "已与花名册核对")  # a cell prints as its value

    text = pdf_text(page.pdf(format="A4", landscape=True), tmp_path)

    for name in committee_names(draft):
        assert name in text
    assert "东港镇关工委" in text and "2024" in text and "已与花名册核对" in text


def test_the_stamp_ready_view_prints_the_form_with_the_sign_off_block(xs, draft, live_server, page, tmp_path):
    page.goto(live_server.url + reverse("surveys:submission_detail", args=[draft.pk]))
    page.click("a.print-view")
    page.wait_for_url(f"**{reverse('surveys:submission_print', args=[draft.pk])}")
    # The button prints through the static script (the policy forbids inline script).
    page.evaluate("window.printed = 0; window.print = () => { window.printed += 1; }; null")
    page.click("button.print-now")
    assert page.evaluate("window.printed") == 1

    text = pdf_text(page.pdf(prefer_css_page_size=True), tmp_path)

    for name in committee_names(draft):
        assert name in text
    for label in SIGN_OFF_LABELS:
        assert str(label) in text
    assert "草稿" in text and "2024" in text
    assert "打印盖章版" not in text  # the button itself is not printed
    size = subprocess.run(["pdfinfo", str(tmp_path / "page.pdf")], check=True, capture_output=True, text=True).stdout
    width, height = (float(v) for v in size.split("Page size:")[1].split("pts")[0].split(" x "))
    assert (round(width), round(height)) == (842, 595)  # A4 landscape

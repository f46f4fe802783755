"""In a real browser, on the demo district, 东港镇's secretary fills and
submits the 2024 forms from the prefill, district staff return form 2 with a reason, the
secretary corrects and resubmits it, staff approve it, and the completeness page shows it."""

import pytest
from playwright.sync_api import expect

from surveys.models import State, Submission, SubmissionRow

pytestmark = pytest.mark.browser

SECRETARY = ("dongang", "Xishan-dongang-2024")  # the demo's 东港镇 secretary
STAFF = ("staff", "Xishan-staff-2024")
PHONE = 375
REASON = "东港村“实际到位”金额与财政拨付凭证不符，请核对。"


def focused_name(page) -> str:
    return page.evaluate("document.activeElement.name")


def state_of(form) -> str:
    form.refresh_from_db()
    return form.state


def test_a_town_fills_submits_corrects_and_gets_approved(live_server, demo, sign_in):
    forms = {
        s.form: s for s in Submission.objects.filter(survey_round__year=2024, town__code="XS01").select_related("town")
    }
    town = forms[1].town
    detail = {n: f"{live_server.url}/surveys/submission/{s.pk}/" for n, s in forms.items()}

    # On a phone the grid scrolls inside its box; the page itself does not.
    phone = sign_in(*SECRETARY, width=PHONE)
    for url in (f"{live_server.url}/surveys/", f"{live_server.url}/surveys/2024/{town.pk}/", detail[1]):
        phone.goto(url)
        assert phone.evaluate("document.body.scrollWidth") <= PHONE + 2, url
    wrap = phone.locator("#section-main .grid-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")

    # The secretary opens the 2024 round and the town's page.
    page = sign_in(*SECRETARY)
    page.on("dialog", lambda dialog: dialog.accept())  # submitting asks first
    page.goto(f"{live_server.url}/surveys/")
    page.click(f"#round-2024 a[href='/surveys/2024/{town.pk}/']")
    page.wait_for_url(f"**/surveys/2024/{town.pk}/")
    expect(page.locator(".town-forms tbody tr")).to_have_count(5)

    for number in range(1, 6):
        page.click(f"#form-{number} th a")
        page.wait_for_selector("#grid-form")
        if number == 1:
            # Keyboard: Enter moves down, arrow keys move between cells.
            page.focus("input[name=main-0-leadership_size]")
            page.keyboard.press("Enter")
            assert focused_name(page) == "main-1-leadership_size"
            page.keyboard.press("ArrowUp")
            assert focused_name(page) == "main-0-leadership_size"
            page.keyboard.press("ArrowRight")
            assert focused_name(page) == "main-0-director_name"
            page.fill("[name=main-0-notes]", "已与花名册核对")
        if number == 4:
            # Rows of 表4B are added and removed in the page.
            teams = page.locator("#section-B tbody tr").count()
            page.click("#section-B .add-row")
            expect(page.locator("#section-B tbody tr")).to_have_count(teams + 1)
            assert focused_name(page) == f"B-{teams}-committee_code"
            page.locator("#section-B tbody tr").last.locator(".remove-row").click()
            expect(page.locator("#section-B tbody tr")).to_have_count(teams)
        page.click("button.submit-form")
        page.wait_for_url(f"**/surveys/2024/{town.pk}/")
        expect(page.locator(f"#form-{number} .state-submitted")).to_be_visible()

    assert all(state_of(forms[n]) == State.SUBMITTED for n in range(1, 6))
    town_row = SubmissionRow.objects.get(submission=forms[1], committee=town)
    assert town_row.values["notes"] == "已与花名册核对"

    # District staff return form 2 with a reason.
    staff = sign_in(*STAFF)
    staff.goto(detail[2])
    staff.fill("form.review-return textarea[name=reason]", REASON)
    staff.click("form.review-return button[type=submit]")
    # Back to the completeness page, not into on-behalf editing of the returned form.
    staff.wait_for_url("**/surveys/2024/completeness/")
    expect(staff.locator("tr[data-town='XS01'] td[data-form='2'] .state-returned")).to_be_visible()
    assert state_of(forms[2]) == State.RETURNED

    # The secretary sees the reason, corrects a cell and submits again.
    page.goto(detail[2])
    assert REASON in page.locator(".banner.returned").inner_text()
    village = page.locator("#row-main-1 .unit-name").inner_text()
    page.fill("input[name=main-1-in_place]", "3.80")
    page.click("button.submit-form")
    page.wait_for_url(f"**/surveys/2024/{town.pk}/")
    expect(page.locator("#form-2 .state-submitted")).to_be_visible()

    # Staff see what changed since the return, and approve.
    staff.goto(detail[2])
    changes = staff.locator("#changes").inner_text()
    assert village in changes and "实际到位(万元)" in changes and "3.80" in changes
    staff.click("form.review-approve button[type=submit]")
    staff.wait_for_url("**/surveys/2024/completeness/")
    assert state_of(forms[2]) == State.APPROVED

    # The completeness page shows it.
    row = staff.locator("tr[data-town='XS01']")
    expect(row.locator("td[data-form='2'] .state-approved")).to_be_visible()
    for number in (1, 3, 4, 5):
        expect(row.locator(f"td[data-form='{number}'] .state-submitted")).to_be_visible()

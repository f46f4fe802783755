"""Each role's journey through a survey round on the demo district, in
chromium, from the home page and by clicking only (the login page is the one address typed;
the viewer's refused write requests are sent, not clicked), with the database asserted at the
end and a screenshot of each step at 1366×900 and 390×844 under the test artefacts folder:
$TEST_ARTEFACTS_DIR, else var/test-artefacts, then journeys/<journey>/<NN-step>-<width>.png.

- The secretary fills and submits a form, sees it returned with the reason, fixes it and
  submits it again.
- Staff return a form and approve another from the home page's review queue, and extend a town.
- The admin opens a round, compiles a report of a finished round and downloads its files.
- The viewer reads a form and a report, finds no control that writes, and is refused when
  posting to the write URLs.
"""

from __future__ import annotations

import datetime
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from committees.models import Committee, Kind
from surveys import services
from surveys.models import State, Step, Submission, SubmissionRow, SubmissionTransition, SurveyRound, TownExtension
from surveys.report import runs
from surveys.report.models import ReportRun
from tests.browser.helpers import artefacts_dir

pytestmark = pytest.mark.browser

SECRETARY = ("dongang", "Xishan-dongang-2024")  # committees/demo/users.py DEMO_USERS: 东港镇's secretary
STAFF = ("staff", "Xishan-staff-2024")
ADMIN = ("admin", "Xishan-admin-2024")
VIEWER = ("viewer", "Xishan-viewer-2024")
OPEN_YEAR = 2024  # surveys/demo.py: the demo's open round
DESK = {"width": 1366, "height": 900}
SIZES = (DESK, {"width": 390, "height": 844})
EXTEND_REASON = "村级换届，延期填报"
RETURN_REASON = "东港村“筹措资金”与台账不符，请核对后重新提交。"
CELL = "东港村关工委 · 实际到位(万元)"
CELL_COMMENT = "实际到位应为3.80万元，见镇财政拨付单。"


class Shots:
    """shoot(page, "home") saves the page, whole, at both sizes as journeys/<journey>/NN-home-<width>.png,
    numbering the steps in order, and gives the page its desktop size back."""

    def __init__(self, journey: str):
        self.folder = artefacts_dir() / "journeys" / journey
        shutil.rmtree(self.folder, ignore_errors=True)  # no shot of an earlier run is left to mislead
        self.folder.mkdir(parents=True)
        self.taken = 0

    def __call__(self, page, step: str, *, full_page: bool = True) -> None:
        self.taken += 1
        for size in SIZES:
            page.set_viewport_size(size)
            path = self.folder / f"{self.taken:02d}-{step}-{size['width']}.png"
            page.screenshot(path=path, full_page=full_page)
        page.set_viewport_size(DESK)


@pytest.fixture
def sign_in(sign_in, live_server):
    """Logging in lands on the home page, where every journey starts."""

    def at_home(username: str, password: str):
        page = sign_in(username, password)
        assert page.url == f"{live_server.url}/", "logging in lands on the home page"
        return page

    return at_home


def follow(page, selector: str, url: str = "**") -> None:
    """Click a link (or button) and wait for the page it leads to."""
    with page.expect_navigation(url=url):
        page.click(selector)


def go_home(page) -> None:
    follow(page, "header a.brand")


def return_form(page, reason: str, comments: dict[str, str] | None = None) -> None:
    """On a submitted form's page, as a reviewer, return it to the town with `reason` and a comment
    on each cell named in `comments` ("row · column" as the cell's button says it: its text)."""
    for cell, text in (comments or {}).items():
        page.get_by_role("button", name=f"添加批注：{cell}").click()
        dialog = page.get_by_role("dialog", name="单元格批注")
        dialog.get_by_label("批注").fill(text)
        dialog.get_by_role("button", name="保存批注").click()
        expect(dialog).to_be_hidden()
    expect(page.locator("#return-comments .comment-slot")).to_have_count(len(comments or {}))
    page.fill("#id_return_reason", reason)
    with page.expect_navigation():
        page.get_by_role("button", name="退回镇（街道）").click()


def submit_form(page) -> None:
    """Submit the open form, saying yes to the question the button asks first."""
    questions: list[str] = []

    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    with page.expect_navigation():
        page.click("button.submit-form")
    assert len(questions) == 1 and "退回前不能修改" in questions[0], questions


def demo_form(town_code: str, number: int, year: int = OPEN_YEAR) -> Submission:
    return Submission.objects.get(survey_round__year=year, town__code=town_code, form=number)


def row_values(submission: Submission, committee_code: str) -> dict:
    return SubmissionRow.objects.get(submission=submission, committee__code=committee_code).values


def forms_changed(town: Committee) -> dict:
    """When each of the town's forms of the open round last changed, by form."""
    return dict(Submission.objects.filter(town=town, survey_round__year=OPEN_YEAR).values_list("form", "updated_at"))


def steps_of(submission: Submission) -> list[tuple[str, str]]:
    return list(
        SubmissionTransition.objects.filter(submission=submission).order_by("at", "pk").values_list("action", "reason")
    )


def test_the_secretary_fills_submits_and_fixes_a_returned_form(live_server, demo, sign_in):
    form2 = demo_form("XS01", 2)
    first_version, earlier_steps = form2.version, len(steps_of(form2))  # the demo's extension
    shoot = Shots("secretary")
    page = sign_in(*SECRETARY)
    home = page.url
    row = page.locator(f"#home-form-{form2.pk}")
    assert row.get_attribute("data-state") == State.DRAFT
    shoot(page, "home")

    # Fill a few cells of 表2 and save the draft.
    follow(page, f"#home-form-{form2.pk} th a")
    shoot(page, "form")
    page.fill("input[name=main-0-special_funds]", "8.50")
    page.fill("input[name=main-1-raised]", "1.50")
    follow(page, "button.save-draft")
    assert "草稿已保存" in page.locator(".messages").inner_text()
    assert page.locator("input[name=main-0-special_funds]").input_value() == "8.50"
    shoot(page, "saved")

    submit_form(page)
    expect(page.locator("#form-2 .state-submitted")).to_be_visible()
    shoot(page, "submitted")

    # District staff find it from their home page and return it.
    staff = sign_in(*STAFF)
    follow(staff, "#progress a[href$='/completeness/']")
    follow(staff, "tr[data-town='XS01'] td[data-form='2'] a")
    shoot(staff, "staff-reviews")
    return_form(staff, RETURN_REASON, {CELL: CELL_COMMENT})
    assert "/completeness/" in staff.url
    expect(staff.locator("tr[data-town='XS01'] td[data-form='2'] .state-returned")).to_be_visible()

    # The secretary's home page says it was returned, and why.
    go_home(page)
    assert row.get_attribute("data-state") == State.RETURNED
    assert RETURN_REASON in row.locator(".return-reason").inner_text()
    expect(page.locator("header .bell.has-unread")).to_be_visible()
    shoot(page, "returned")

    follow(page, f"#home-form-{form2.pk} th a")
    assert RETURN_REASON in page.locator(".banner.returned").inner_text()
    # The reviewer's comment is listed above the grid and shown on its cell.
    assert CELL_COMMENT in page.locator("#cell-comments").inner_text()
    commented = page.locator("td.has-comment")
    expect(commented).to_have_count(1)
    expect(commented.locator("input[name=main-1-in_place]")).to_have_count(1)
    assert CELL_COMMENT in commented.locator(".cell-comment").inner_text()
    shoot(page, "returned-form")
    page.fill("input[name=main-1-in_place]", "3.80")
    submit_form(page)
    expect(page.locator("#form-2 .state-submitted")).to_be_visible()
    expect(page.locator("td.has-comment")).to_have_count(0)  # shown no longer once resubmitted
    shoot(page, "resubmitted")
    go_home(page)
    assert row.get_attribute("data-state") == State.SUBMITTED
    assert page.url == home

    form2.refresh_from_db()
    assert form2.state == State.SUBMITTED
    assert form2.version == first_version + 2  # the save, and the fix submitted with the form
    assert row_values(form2, "XS01")["special_funds"] == "8.50"
    assert row_values(form2, "XS01V01")["raised"] == "1.50"
    assert row_values(form2, "XS01V01")["in_place"] == "3.80"
    assert steps_of(form2)[earlier_steps:] == [(Step.SUBMIT, ""), (Step.RETURN, RETURN_REASON), (Step.SUBMIT, "")]
    # The comment stays in the form's history, under the return it came with.
    assert list(form2.cell_comments.values_list("transition__action", "row_key", "field_key", "text")) == [
        (Step.RETURN, "XS01V01", "in_place", CELL_COMMENT)
    ]


def test_staff_return_a_form_approve_another_and_extend_a_town(live_server, demo, sign_in):
    returned, approved = demo_form("XS02", 1), demo_form("XS02", 2)  # 锡北镇's forms wait for review
    town = returned.town  # with a form back to fill, past the round's deadline
    until = timezone.localdate() + datetime.timedelta(days=45)
    reason = "锡北镇各村“五老”人数与花名册不符，请核对。"
    shoot = Shots("staff")
    page = sign_in(*STAFF)
    home = page.url
    waiting = page.locator("#waiting")
    expect(waiting.locator(f"a[href^='{reverse('surveys:submission_detail', args=[returned.pk])}']")).to_be_visible()
    shoot(page, "home")

    # Return one form from the queue: back to the queue.
    follow(page, f"#waiting a[href^='{reverse('surveys:submission_detail', args=[returned.pk])}']")
    shoot(page, "form")
    first_cell = page.locator(".comment-button").first.get_attribute("aria-label").removeprefix("添加批注：")
    return_form(page, reason, {first_cell: "请核对此数。"})
    assert page.url == home, "returning goes back to the page the form was opened from"
    expect(waiting.locator(f"a[href^='{reverse('surveys:submission_detail', args=[returned.pk])}']")).to_have_count(0)
    shoot(page, "returned")

    # Approve another: back to the queue again.
    follow(page, f"#waiting a[href^='{reverse('surveys:submission_detail', args=[approved.pk])}']")
    follow(page, "form.review-approve button[type=submit]")
    assert page.url == home
    expect(waiting.locator(f"a[href^='{reverse('surveys:submission_detail', args=[approved.pk])}']")).to_have_count(0)
    shoot(page, "approved")

    # Extend the town, from the completeness page through the town's page.
    last_changes = forms_changed(town)
    follow(page, "#progress a[href$='/completeness/']")
    follow(page, f"tr[data-town='{town.code}'] th a")
    town_page = page.url
    shoot(page, "town")
    follow(page, "a.extend-link")
    shoot(page, "extend")
    page.fill("input[name=until]", until.isoformat())
    page.fill("textarea[name=reason]", EXTEND_REASON)
    follow(page, "form:has(input[name=until]) button[type=submit]")
    assert page.url == town_page
    assert until.strftime("%Y-%m-%d") in page.locator(".deadline .badge.extended").inner_text()
    shoot(page, "extended")
    go_home(page)
    expect(page.locator("#overdue").get_by_text(town.name)).to_have_count(0)

    returned.refresh_from_db()
    approved.refresh_from_db()
    assert returned.state == State.RETURNED
    assert steps_of(returned)[-2:] == [(Step.RETURN, reason), (Step.EXTEND, EXTEND_REASON)]
    assert list(returned.cell_comments.values_list("transition__action", "text")) == [(Step.RETURN, "请核对此数。")]
    assert approved.state == State.APPROVED
    assert steps_of(approved)[-1] == (Step.APPROVE, "")
    extension = TownExtension.objects.get(survey_round__year=OPEN_YEAR, town=town)
    assert (extension.until, extension.granted_by.username) == (until, STAFF[0])
    # Granting an extension changes no form.
    assert forms_changed(town) == last_changes


def test_the_admin_opens_a_round_and_compiles_and_downloads_a_report(
    live_server, demo, sign_in, eager, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    next_year = OPEN_YEAR + 1
    shoot = Shots("admin")
    page = sign_in(*ADMIN)
    shoot(page, "home")

    # Open the next round.
    follow(page, "#progress a[href$='/completeness/']")
    follow(page, f"a[href='{reverse('surveys:round_open')}']")
    assert page.locator("input[name=year]").input_value() == str(next_year)  # the first year without a round
    page.fill("input[name=deadline]", deadline.isoformat())
    shoot(page, "open-round")
    follow(page, "form:has(input[name=year]) button[type=submit]", f"**/surveys/{next_year}/completeness/")
    shoot(page, "opened")

    # Compile the district report of the last finished round, and download its workbook and draft.
    follow(page, f"a[href='{reverse('surveys:round_list')}']")
    follow(page, "#round-2023 a[href$='/surveys/2023/completeness/']")
    follow(page, "a.reports-link")
    shoot(page, "reports")
    district = Committee.objects.get(kind=Kind.DISTRICT)
    assert page.locator("select[name=scope]").input_value() == str(district.pk)
    follow(page, "form:has(select[name=scope]) button[type=submit]", "**/surveys/reports/*/")
    expect(page.locator("#run-progress [data-status=done]")).to_be_visible()
    shoot(page, "compiled")
    files = {}
    for fmt in ("xlsx", "docx"):
        with page.expect_download() as download:
            page.click(f"ul.downloads a[data-format={fmt}]")
        files[fmt] = Path(download.value.path()).read_bytes()
        assert download.value.suggested_filename.endswith(f".{fmt}")

    new_round = SurveyRound.objects.get(year=next_year)
    assert (new_round.deadline, new_round.opened_by.username) == (deadline, ADMIN[0])
    towns = Committee.objects.filter(kind__in=(Kind.TOWN, Kind.SUBDISTRICT), closed_on__isnull=True).count()
    assert set(Submission.objects.filter(survey_round=new_round).values_list("state", flat=True)) == {State.DRAFT}
    assert Submission.objects.filter(survey_round=new_round).count() == towns * len(new_round.enabled_forms)
    run = ReportRun.objects.get()
    assert (run.survey_round.year, run.scope, run.status) == (2023, district, ReportRun.Status.DONE)
    assert {f.format for f in run.files.all()} >= {"xlsx", "docx"}
    book = load_workbook(BytesIO(files["xlsx"]))
    assert "汇总" in book.sheetnames
    draft = Document(BytesIO(files["docx"]))
    assert "2023" in "\n".join(p.text for p in draft.paragraphs)


@pytest.fixture
def report_2024(demo, settings, tmp_path):
    """A district report of the open round, compiled once 锡北镇's five forms were approved."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    users = get_user_model().objects
    staff, admin = users.get(username=STAFF[0]), users.get(username=ADMIN[0])
    for submission in Submission.objects.filter(survey_round__year=OPEN_YEAR, town__code="XS02"):
        services.submission_approve(actor=staff, submission=submission)
    survey_round = SurveyRound.objects.get(year=OPEN_YEAR)
    district = Committee.objects.get(kind=Kind.DISTRICT)
    run = runs.report_run_start(
        actor=admin, survey_round=survey_round, scope=district, formats=["xlsx", "docx", "html"], queue=False
    )
    runs.report_run_execute(run)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.error
    return run


def database_state() -> dict:
    """What a refused write must leave as it was."""
    return {
        "forms": list(Submission.objects.order_by("pk").values_list("pk", "state", "version", "updated_at")),
        "rows": list(SubmissionRow.objects.order_by("pk").values_list("pk", "values")),
        "steps": SubmissionTransition.objects.count(),
        "rounds": list(SurveyRound.objects.order_by("year").values_list("year", "deadline")),
        "runs": ReportRun.objects.count(),
        "extensions": list(TownExtension.objects.order_by("pk").values_list("pk", "until")),
    }


def test_the_viewer_reads_a_form_and_a_report_and_cannot_write(live_server, report_2024, sign_in):
    draft, submitted = demo_form("XS01", 2), demo_form("XS03", 2)
    shoot = Shots("viewer")
    page = sign_in(*VIEWER)
    expect(page.locator("#waiting")).to_have_count(0)
    shoot(page, "home")

    # Read a form: no control that writes.
    follow(page, "#progress a[href$='/completeness/']")
    expect(page.locator("input[name=submissions], button.approve-selected")).to_have_count(0)
    shoot(page, "completeness")
    follow(page, "tr[data-town='XS01'] td[data-form='2'] a")
    assert page.locator("#section-main .grid tbody tr").count() > 1
    for control in (
        "#grid-form",
        "button.save-draft",
        "button.submit-form",
        "#review-actions",
        "form.review-return",
        "form.review-approve",
        ".grid input:not([type=hidden])",
        ".grid select",
        ".grid textarea",
        "button.add-row",
    ):
        expect(page.locator(control), control).to_have_count(0)
    expect(page.locator(".banner.read-only")).to_be_visible()
    shoot(page, "form")

    # Read the report: its run, then the report itself, with no compile or run-again control.
    go_home(page)
    follow(page, "#progress a[href$='/completeness/']")
    follow(page, "a.reports-link")
    expect(page.locator("select[name=scope]")).to_have_count(0)
    shoot(page, "reports")
    follow(page, f"tr[data-run='{report_2024.pk}'] a[href='{reverse('surveys:report_run', args=[report_2024.pk])}']")
    retry = reverse("surveys:report_run_retry", args=[report_2024.pk])
    expect(page.locator(f"form[action='{retry}']")).to_have_count(0)
    shoot(page, "run")
    follow(page, f"a[href='{reverse('surveys:report_page', args=[report_2024.pk])}']")
    # The one town's rows are in the form tables (folded; a chart of one town is left out).
    assert "锡北镇" in page.locator("main details.form-table").first.text_content()
    shoot(page, "report", full_page=False)  # its first screen: the whole report is 6,000 px and more

    # Every write URL is refused, with the CSRF token (the permission refuses) and without it.
    before = database_state()
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    district = Committee.objects.get(kind=Kind.DISTRICT)
    writes = {
        "grid save": (
            reverse("surveys:submission_detail", args=[draft.pk]),
            {"version": draft.version, "sections": "main", "main-0-raised": "9.99"},
        ),
        "submit": (reverse("surveys:submission_submit", args=[draft.pk]), {"version": draft.version}),
        "return": (reverse("surveys:submission_return", args=[submitted.pk]), {"reason": "查看员不应能退回"}),
        "approve": (reverse("surveys:submission_approve", args=[submitted.pk]), {}),
        "extend": (
            reverse("surveys:town_extend", args=[OPEN_YEAR, draft.town_id]),
            {"until": "2030-01-01", "reason": ""},
        ),
        "round create": (
            reverse("surveys:round_open"),
            {"year": OPEN_YEAR + 1, "deadline": "2030-01-01", "forms": "1"},
        ),
        "compile": (
            reverse("surveys:report_runs", args=[OPEN_YEAR]),
            {"scope": district.pk, "formats": "xlsx"},
        ),
    }
    for name, (url, data) in writes.items():
        signed = page.request.post(
            live_server.url + url,
            form={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": page.url},
            max_redirects=0,
        )
        assert signed.status in (403, 404, 405), (name, signed.status)
        assert "CSRF" not in signed.text(), f"{name}: refused by the CSRF check, not by the permission"
        unsigned = page.request.post(live_server.url + url, form=data, max_redirects=0)
        assert unsigned.status in (403, 404, 405), (name, unsigned.status)
    # The round form itself, opened directly, is refused with the portal's own page.
    response = page.goto(live_server.url + reverse("surveys:round_open"))
    assert response.status == 403
    shoot(page, "refused")

    assert database_state() == before

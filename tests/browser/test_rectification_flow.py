"""A 五有五好 regression followed to its closure in chromium on the demo, at 1366 and 390 px: district
staff record a look-back that finds a village regressed; the rectification it opens shows on the
village's page, on the town secretary's home page and, once the report is compiled, in its 问题清单;
the secretary reports it done and it stays open; a follow-up review recorded on the page verifies it.
A viewer reads the pages with no control that writes."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from committees.models import VILLAGE_KINDS, Committee, Kind
from evaluations.models import Rectification, RectificationState
from surveys.models import SurveyRound
from surveys.report import runs
from surveys.report.models import ReportRun
from tests.browser.helpers import PAGE_OVERFLOW, PASSWORDS, shot

pytestmark = pytest.mark.browser

FOLDER = "evaluations"


def village() -> Committee:
    town = Committee.objects.get(code="XS01")
    return town.children.filter(kind__in=VILLAGE_KINDS).order_by("code").first()


def record_review(page, link, *, kind, day, result, not_met=(), name=""):
    """Follow the link to the review form (on the page open) and fill it in."""
    link.click()
    page.wait_for_url("**/reviews/new/**")
    page.select_option("select[name=kind]", kind)
    page.fill("input[name=date]", day)
    for item in not_met:
        page.locator("table.item-grid tr", has_text=item).locator("input[value=not_met]").check()
    page.select_option("select[name=result]", result)
    if result == "regressed":
        page.fill("input[name=due_date]", "2024-09-01")
        page.fill("textarea[name=measures]", "落实村级工作经费")
    assert page.evaluate(PAGE_OVERFLOW) == 0
    if name:
        shot(page, name, FOLDER)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/reviews/")


def compile_2024() -> ReportRun:
    staff = get_user_model().objects.get(username="staff")
    run = runs.report_run_start(
        actor=staff,
        survey_round=SurveyRound.objects.get(year=2024),
        scope=Committee.objects.get(kind=Kind.DISTRICT),
        formats="html",
        queue=False,
    )
    runs.report_run_execute(run)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.error
    return run


@pytest.mark.parametrize("width", [1366, 390])
def test_a_regression_is_closed_only_by_a_follow_up_review(demo, live_server, sign_in, settings, tmp_path, width):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    target = village()
    staff = sign_in("staff", PASSWORDS["staff"], width=width)
    staff.goto(live_server.url + reverse("committees:detail", kwargs={"pk": target.pk}))
    record_review(
        staff, staff.locator("#fhfg").get_by_role("link", name="记录检查"), kind="look_back", day="2024-06-01",
        result="regressed", not_met=["有活动经费"], name=f"review-form-staff-{width}",
    )  # fmt: skip
    expect(staff.locator("#reviews").get_by_text("有活动经费：未达标")).to_be_visible()
    shot(staff, f"history-staff-{width}", FOLDER)
    rectification = Rectification.objects.get(committee=target)

    # The committee's page shows it, overdue (its due date has passed).
    staff.goto(live_server.url + reverse("committees:detail", kwargs={"pk": target.pk}))
    panel = staff.locator("#fhfg")
    expect(panel.locator(f"tr[data-rectification='{rectification.pk}']")).to_be_visible()
    assert "逾期" in panel.text_content()
    panel.scroll_into_view_if_needed()
    shot(staff, f"committee-staff-{width}", FOLDER)

    # The town secretary's home page shows it; reporting it done leaves it open.
    secretary = sign_in("dongang", PASSWORDS["dongang"], width=width)
    home = secretary.locator("#rectifications")
    expect(home.locator(f"tr[data-rectification='{rectification.pk}']")).to_be_visible()
    assert secretary.evaluate(PAGE_OVERFLOW) == 0
    shot(secretary, f"home-dongang-{width}", FOLDER)
    home.locator(f"tr[data-rectification='{rectification.pk}'] a").click()
    secretary.fill("input[name=day]", "2024-08-20")
    secretary.get_by_role("button", name="报告整改完成").click()
    assert "已整改待验证" in secretary.locator("#state").text_content()
    expect(secretary.get_by_role("button", name="报告整改完成")).to_have_count(0)
    shot(secretary, f"rectification-dongang-{width}", FOLDER)
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.DONE
    secretary.goto(live_server.url + "/")
    expect(secretary.locator(f"#rectifications tr[data-rectification='{rectification.pk}']")).to_be_visible()

    # The report of 2024 (dated by the round's deadline, 2024-10-10) lists it in its 问题清单.
    run = compile_2024()
    staff.goto(live_server.url + reverse("surveys:report_page", kwargs={"pk": run.pk}))
    problems = staff.locator("#report-problems")
    expect(problems.locator("tr", has_text="“五有五好”整改逾期").filter(has_text=target.name)).to_have_count(1)
    listed = problems.locator("#report-rectifications tr", has_text=target.code)
    assert "逾期" in listed.text_content() and "131" in listed.text_content()  # 2024-06-01 → 2024-10-10
    problems.scroll_into_view_if_needed()
    shot(staff, f"report-problems-staff-{width}", FOLDER)

    # A follow-up review recorded on the page, finding the item met, verifies it.
    staff.goto(live_server.url + reverse("evaluations:rectification", kwargs={"pk": rectification.pk}))
    record_review(
        staff, staff.get_by_role("link", name="记录复查"), kind="spot_check", day="2024-11-01", result="improved"
    )
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.VERIFIED
    staff.goto(live_server.url + reverse("evaluations:rectification", kwargs={"pk": rectification.pk}))
    assert "已验证" in staff.locator("#state").text_content()
    shot(staff, f"rectification-verified-staff-{width}", FOLDER)
    staff.goto(live_server.url + reverse("evaluations:rectification_list") + "?state=all")
    assert staff.evaluate(PAGE_OVERFLOW) == 0
    shot(staff, f"list-staff-{width}", FOLDER)

    # A viewer reads the list, the page and the history, and finds no control that writes.
    viewer = sign_in("viewer", PASSWORDS["viewer"], width=width)
    viewer.goto(live_server.url + reverse("evaluations:rectification_list") + "?state=all")
    expect(viewer.locator(f"tr[data-rectification='{rectification.pk}']")).to_be_visible()
    shot(viewer, f"list-viewer-{width}", FOLDER)
    viewer.goto(live_server.url + reverse("evaluations:rectification", kwargs={"pk": rectification.pk}))
    expect(viewer.locator("form[action$='/done/']")).to_have_count(0)
    shot(viewer, f"rectification-viewer-{width}", FOLDER)
    viewer.goto(live_server.url + reverse("committees:detail", kwargs={"pk": target.pk}))
    expect(viewer.locator("#fhfg").get_by_role("link", name="记录检查")).to_have_count(0)
    assert viewer.evaluate(PAGE_OVERFLOW) == 0
    shot(viewer, f"committee-viewer-{width}", FOLDER)

"""The Content-Security-Policy in a real browser: the pages with scripts (the report's ECharts
charts, htmx, the shared behaviours) work under it, and chromium reports no violation."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from committees.models import Committee, Kind
from surveys.models import SurveyRound
from surveys.report.models import ReportRun
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

STAFF = ("staff", "Xishan-staff-2024")  # committees/demo/users.py DEMO_USERS
ADMIN = ("admin", "Xishan-admin-2024")
# Every violation, as the page sees it (the console says the same, less reliably).
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def violations(page, console: list[str]) -> list[str]:
    return page.evaluate("window.cspViolations") + [m for m in console if "Content Security Policy" in m]


def test_the_report_page_draws_its_charts_under_the_policy(live_server, demo, page):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, *STAFF)
    run = ReportRun.objects.create(
        survey_round=SurveyRound.objects.get(year=2023),
        scope=Committee.objects.get(kind=Kind.DISTRICT),
        formats=["html"],
        status=ReportRun.Status.DONE,
        progress=100,
    )

    page.goto(live_server.url + reverse("surveys:report_page", kwargs={"pk": run.pk}))

    charts = page.locator(".report-chart-canvas")
    assert charts.count() >= 3
    page.wait_for_function("[...document.querySelectorAll('.report-chart-canvas')].every(c => c.dataset.drawn)")
    expect(page.locator(".report-chart-canvas svg")).to_have_count(charts.count())
    # The report's stylesheet applies: the chart boxes have their height.
    assert charts.first.bounding_box()["height"] == pytest.approx(320, abs=2)
    assert violations(page, console) == []


def test_the_admin_pages_and_their_behaviours_work_under_the_policy(live_server, demo, page):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, *ADMIN)
    viewer = get_user_model().objects.get(username="viewer")
    pages = ["/committees/", "/users/", "/users/audit/", "/surveys/2024/completeness/", "/surveys/reports/rules/"]
    for url in pages:
        assert page.goto(live_server.url + url).status == 200, url
    detail = live_server.url + reverse("users:detail", kwargs={"pk": viewer.pk})
    page.goto(detail)
    # The role select narrows the committees (static/js/committee-filter.js) ...
    page.select_option("select[name=role]", "town_secretary")
    assert (
        page.locator("select[name=committee] option:not([hidden])").count()
        < page.locator("select[name=committee] option").count()
    )
    # ... and a confirm dialog (static/js/portal.js): dismissed, nothing is posted.
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click(f"form[action='{reverse('users:reset_password', kwargs={'pk': viewer.pk})}'] button")

    assert asked == ["确定为该用户重新生成密码吗？原密码将失效。"]
    assert page.url == detail
    assert violations(page, console) == []

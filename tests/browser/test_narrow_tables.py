"""At 390 px a wide list (a round's report runs, the rounds on the page that opens one) scrolls
sideways inside its .table-wrap: it squeezed its columns to one character a line and cut the file
links instead."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from surveys.report import runs
from tests.browser.conftest import log_in
from tests.surveys.conftest import open_round, submission

pytestmark = pytest.mark.browser

PASSWORD = "Narrow-tables-2024"

# For each table in a .table-wrap: the most lines any of its cells' text takes (an item of a list in a
# cell counts on its own: the rounds' forms are one a line), whether the wrapper
# scrolls sideways, and how far the page itself does.
MEASURE = """() => {
  const lines = (cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
  };
  return [...document.querySelectorAll('.table-wrap > table')].map(table => ({
    most_lines: Math.max(...[...table.querySelectorAll('th, td:not(:has(li)), td li')].map(lines)),
    scrolls: table.parentElement.scrollWidth > table.parentElement.clientWidth,
    page_overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
}"""


@pytest.fixture
def narrow(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def measure(page, url: str) -> list[dict]:
    page.goto(url)
    return page.evaluate(MEASURE)


def test_the_runs_list_scrolls_rather_than_squeezing_its_columns(xs, live_server, narrow, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    survey_round = open_round(xs, 2023)
    type(submission(survey_round, xs.dg, 1)).objects.filter(survey_round=survey_round).update(state="approved")
    for scope in (xs.district, xs.dg):
        run = runs.report_run_start(
            actor=xs.staff, survey_round=survey_round, scope=scope, formats="xlsx,docx,html,json", queue=False
        )
        runs.report_run_execute(run)
    xs.staff.set_password(PASSWORD)
    xs.staff.save()
    log_in(narrow, live_server, "staff", PASSWORD)

    (table,) = measure(narrow, live_server.url + reverse("surveys:report_runs", kwargs={"year": 2023}))

    assert table == {"most_lines": 1, "scrolls": True, "page_overflow": 0}
    links = narrow.locator("table.runs a[data-format]")
    assert links.count() >= 8
    links.last.scroll_into_view_if_needed()
    expect(links.last).to_be_visible()


def test_the_rounds_table_scrolls_rather_than_squeezing_its_columns(xs, live_server, narrow):
    open_round(xs, 2023)
    xs.admin.set_password(PASSWORD)
    xs.admin.save()
    log_in(narrow, live_server, "admin", PASSWORD)

    tables = measure(narrow, live_server.url + reverse("surveys:round_open"))

    assert tables and all(t["most_lines"] <= 2 and t["page_overflow"] == 0 for t in tables), tables

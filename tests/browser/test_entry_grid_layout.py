"""The entry grid at 1366 px uses the window's width (not the page's 1,200 px
content column), a long team name is read whole, the 合计 row and 志愿者团队数 follow what is
typed; at 390 px the grid scrolls inside its own box, never the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.conftest import log_in
from tests.surveys.conftest import fill, open_round, submission
from tests.surveys.forms import rows

pytestmark = pytest.mark.browser

PASSWORD = "Grid-secretary-2024"
LONG_NAME = "东港镇退休教师五老关心下一代爱心帮教志愿服务团（港下社区与东港村联合组建）"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts" / "entry-grid"


@pytest.fixture
def form4(xs, live_server, page):
    """东港镇's 表4 of 2024 with a team of a long name, its secretary signed in."""
    xs.dg_secretary.set_password(PASSWORD)
    xs.dg_secretary.save()
    sub = submission(open_round(xs, 2024), xs.dg, 4)
    sections = rows(4)
    sections["B"][0]["name"] = LONG_NAME
    fill(xs.dg_secretary, sub, sections)
    log_in(page, live_server, "dg_secretary", PASSWORD)
    return sub


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_at_1366_the_grid_uses_the_width_and_shows_a_long_name_whole(form4, live_server, page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("surveys:submission_detail", args=[form4.pk]))
    width = page.eval_on_selector("#section-main .grid-wrap", "el => el.clientWidth")
    assert width > 1250, width  # 1,166 px inside the 1,200 px content column before
    name = page.locator("[name=B-0-name]")
    assert name.input_value() == LONG_NAME
    box = name.evaluate("el => [el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight]")
    scroll_width, client_width, scroll_height, client_height = box
    assert scroll_width <= client_width + 1 and scroll_height <= client_height + 1, box  # nothing cut off
    assert client_height > 30, box  # it wrapped onto more lines rather than running off its box
    shot(page, "secretary-1366")


def test_the_total_row_and_the_team_count_follow_what_is_typed(form4, live_server, page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + reverse("surveys:submission_detail", args=[form4.pk]))
    total = page.locator("table[data-section=B] tfoot td.total .sum")
    teams = page.locator("#cell-main-0-volunteer_teams .value")
    before = int(total.inner_text())
    assert teams.inner_text() == "2"
    page.fill("[name=B-0-members]", "100")
    members = [
        int(v)
        for v in page.eval_on_selector_all(
            "table[data-section=B] tbody input[name$=members]", "es => es.map(e => e.value)"
        )
    ]
    assert int(total.inner_text()) == sum(members) != before
    page.click("button.add-row[data-section=B]")
    page.locator("table[data-section=B] tbody tr").last.locator("textarea, input:not([type=hidden])").first.fill("XS01")
    assert teams.inner_text() == "3"
    page.locator("table[data-section=B] tbody tr").first.locator("button.remove-row").click()
    assert teams.inner_text() == "2"


def test_at_390_the_grid_scrolls_in_its_box_not_the_page(form4, live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("surveys:submission_detail", args=[form4.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap = page.eval_on_selector("#section-main .grid-wrap", "el => [el.scrollWidth, el.clientWidth]")
    assert wrap[0] > wrap[1]  # the table is wider than its box and scrolls inside it
    shot(page, "secretary-390")

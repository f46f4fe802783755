"""The round-open page at 1366 and 390 px: the data year is a field of the form, read whole, and
the round opens with the year typed there (docs/FORMS.md "Which year a figure describes")."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from surveys.models import SurveyRound
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Round-admin-2024"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts" / "round-open"


@pytest.mark.parametrize("width", [1366, 390])
def test_an_admin_opens_a_round_with_its_data_year(xs, live_server, page, width):
    xs.admin.set_password(PASSWORD)
    xs.admin.save()
    log_in(page, live_server, xs.admin.username, PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + reverse("surveys:round_open"))
    field = page.locator("input[name=data_year]")
    expect(field).to_be_visible()
    box = field.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box  # within the window
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the page never scrolls sideways
    page.fill("input[name=year]", "2023")
    page.fill("input[name=data_year]", "2021")
    page.fill("input[name=deadline]", "2023-10-10")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"round-open-{width}.png"), full_page=True)
    page.click("form button.primary[type=submit]")
    page.wait_for_url("**/completeness/**")
    assert SurveyRound.objects.get(year=2023).data_year == 2021

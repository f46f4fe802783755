"""The lists' committee filter: its picker's options arrive when the filter is first focused
(htmx), the reader's own committees only, and a name picked from them filters the list."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import PersonFactory, VolunteerFactory

pytestmark = pytest.mark.browser

PASSWORD = "Picker-secretary-2024"


def test_focusing_the_committee_filter_offers_the_towns_committees(xs, live_server, page):
    xs.dg_secretary.set_password(PASSWORD)
    xs.dg_secretary.save()
    VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="东港志愿者"))
    VolunteerFactory(committee=xs.dg_v2, person=PersonFactory(name="另一村志愿者"))
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, live_server, "dg_secretary", PASSWORD)
    page.goto(live_server.url + reverse("registry:volunteer_list"))
    options = page.locator("#committee-choices option")
    expect(options).to_have_count(0)  # not written into the page

    page.focus("input[name=committee]")

    expect(options.first).to_be_attached()
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert xs.dg.name in values and xs.dg_v1.name in values and xs.eh.name not in values
    page.fill("input[name=committee]", xs.dg_v1.name)
    page.click("form.filters button[type=submit]")
    expect(page.get_by_text("东港志愿者")).to_be_visible()
    expect(page.get_by_text("另一村志愿者")).to_be_hidden()
    assert blocked == []

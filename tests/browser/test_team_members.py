"""A team's members are chosen by searching (htmx), not from a checkbox per volunteer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from committees.models import VolunteerTeam
from tests.browser.conftest import log_in
from tests.factories import PersonFactory, VolunteerFactory

pytestmark = pytest.mark.browser

PASSWORD = "Team-secretary-2024"
SHOTS = Path(os.environ.get("SHOTS_DIR", "var/test-artefacts")) / "team-members"


def test_a_secretary_searches_picks_two_people_and_saves_the_team(xs, live_server, page):
    xs.dg_secretary.set_password(PASSWORD)
    xs.dg_secretary.save()
    first = VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="王建国", birth_year=1950))
    second = VolunteerFactory(committee=xs.dg_v2, person=PersonFactory(name="王秀英", birth_year=1956))
    VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="李四"))
    VolunteerFactory(committee=xs.eh_v1, person=PersonFactory(name="王鹅湖"))
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, live_server, "dg_secretary", PASSWORD)
    page.goto(live_server.url + reverse("registry:team_create", kwargs={"committee_pk": xs.dg.pk}))

    page.fill("input[name=name]", "东港五老宣讲团")
    page.fill("input[name=q]", "王")
    options = page.locator(".member-results [data-pick]")
    options.first.wait_for()
    found = options.all_inner_texts()
    assert len(found) == 2 and "王建国" in " ".join(found) and "王秀英" in " ".join(found)  # 王鹅湖: another town
    page.locator(".member-results [data-pick]", has_text="王建国").click()
    page.locator(".member-results [data-pick]", has_text="王秀英").click()
    expect(page.locator(".chip")).to_have_count(2)
    page.keyboard.press("Enter")  # in the search box: searches, never submits the form half-done
    assert "/teams/new/" in page.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"team-new-{width}.png"), full_page=True)
    page.click("form:not(.langform) button[type=submit].primary")
    page.wait_for_url("**/teams/*/")

    team = VolunteerTeam.objects.get(name="东港五老宣讲团")
    assert set(team.members.all()) == {first, second}
    assert blocked == []


def test_removing_a_chip_removes_the_member(xs, live_server, page):
    xs.dg_secretary.set_password(PASSWORD)
    xs.dg_secretary.save()
    stays = VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="赵留"))
    leaves = VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="赵走"))
    team = VolunteerTeam.objects.create(name="东港服务队", committee=xs.dg)
    team.members.add(stays, leaves)
    log_in(page, live_server, "dg_secretary", PASSWORD)
    page.goto(live_server.url + reverse("registry:team_edit", kwargs={"pk": team.pk}))

    page.locator(".chip", has_text="赵走").locator("[data-remove]").click()
    expect(page.locator(".chip")).to_have_count(1)
    page.click("form:not(.langform) button[type=submit].primary")
    page.wait_for_url(f"**/teams/{team.pk}/")
    assert list(team.members.all()) == [stays]

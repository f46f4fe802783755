"""The registry lists as a user meets them: the committee filter takes a name
or a code and offers a picker; the export button exports what is filtered; every list sorts by
its headers, which show that they sort; numbered pages with a page-size choice."""

from __future__ import annotations

import io
import re

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from committees.excel_specs import PEOPLE_SHEET, STATION_SHEET, TEAM_SHEET, VOLUNTEER_SHEET
from committees.models import Layer, StationKind
from committees.pagination import paginate
from tests.factories import (
    PersonFactory,
    PostFactory,
    TutoringStationFactory,
    VolunteerFactory,
    VolunteerTeamFactory,
)

LISTS = ["registry:person_list", "registry:volunteer_list", "registry:team_list", "registry:station_list"]


@pytest.fixture
def rows(xs):
    """A volunteer, a team and a station in each town; a leadership post in 东港镇."""
    made = {}
    for key, village, layer, phone in [
        ("dg", xs.dg_v1, Layer.BACKBONE, "13912345678"),
        ("dg2", xs.dg_v2, Layer.PARTICIPANT, "13900001111"),
        ("eh", xs.eh_v1, Layer.BACKBONE, "13800002222"),
    ]:
        person = PersonFactory(name=f"志愿者{key}", phone=phone)
        made[key] = VolunteerFactory(person=person, committee=village, layer=layer)
    PostFactory(committee=xs.dg, person=PersonFactory(name="班子成员甲", phone="13711112222"))
    VolunteerTeamFactory(name="东港宣讲团", committee=xs.dg)
    VolunteerTeamFactory(name="鹅湖宣讲团", committee=xs.eh)
    hub = TutoringStationFactory(name="东港村辅导站", committee=xs.dg_v1)
    TutoringStationFactory(name="东港第一辅导点", committee=xs.dg_v2, kind=StationKind.POINT, hub=hub)
    TutoringStationFactory(name="甘露村辅导站", committee=xs.eh_v1)
    return made


def listed(response) -> list[str]:
    names = []
    for row in response.context["page_obj"]:
        names.append(row.person.name if hasattr(row, "person") else row.name)
    return sorted(names)


# 1. The committee filter: a name or a code, and a picker ------------------------------------


@pytest.mark.parametrize("value", ["东港镇", "东港镇关工委", "XS01", "xs01"])
def test_the_volunteer_list_finds_a_towns_rows_by_its_name_or_its_code(xs, client_for, rows, value):
    response = client_for(xs.staff).get(reverse("registry:volunteer_list"), {"committee": value})

    assert listed(response) == ["志愿者dg", "志愿者dg2"]


def test_a_village_name_narrows_to_the_village(xs, client_for, rows):
    response = client_for(xs.staff).get(reverse("registry:volunteer_list"), {"committee": "港下社区"})

    assert listed(response) == ["志愿者dg2"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("registry:person_list", ["志愿者dg", "志愿者dg2", "班子成员甲"]),
        ("registry:team_list", ["东港宣讲团"]),
        ("registry:station_list", ["东港村辅导站"]),
    ],
)
def test_every_list_takes_a_committee_name(xs, client_for, rows, url, expected):
    response = client_for(xs.staff).get(reverse(url), {"committee": "东港镇"})

    assert listed(response) == sorted(expected)


@pytest.mark.parametrize("likes", [100, 1])  # as path prefixes, and as ids past SUBTREES_AS_LIKES subtrees
def test_a_name_shared_by_many_committees_finds_the_rows_of_each(xs, client_for, rows, monkeypatch, likes):
    from committees import selectors

    monkeypatch.setattr(selectors.registry, "SUBTREES_AS_LIKES", likes)
    client = client_for(xs.staff)

    assert listed(client.get(reverse("registry:volunteer_list"), {"committee": "村"})) == ["志愿者dg", "志愿者eh"]
    assert listed(client.get(reverse("registry:volunteer_list"), {"committee": "关工委"})) == [
        "志愿者dg",
        "志愿者dg2",
        "志愿者eh",
    ]
    assert listed(client.get(reverse("registry:person_list"), {"committee": "村"})) == ["志愿者dg", "志愿者eh"]


def test_a_name_outside_the_readers_scope_finds_nothing(xs, client_for, rows):
    client = client_for(xs.eh_secretary)

    assert listed(client.get(reverse("registry:volunteer_list"), {"committee": "东港镇"})) == []
    assert listed(client.get(reverse("registry:volunteer_list"), {"committee": "鹅湖镇"})) == ["志愿者eh"]


@pytest.mark.parametrize("url", LISTS)
def test_the_committee_filter_asks_for_the_committees_in_scope_when_focused(xs, client_for, url):
    client = client_for(xs.dg_secretary)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse(url)).content.decode()

    choices = reverse("registry:committee_choices")
    assert 'list="committee-choices"' in body and f'hx-get="{choices}" hx-trigger="focus once"' in body
    assert '<datalist id="committee-choices"></datalist>' in body  # filled when the filter is focused
    assert not any('"committees_committee"."code" AS "code"' in q["sql"] for q in queries.captured_queries)
    picker = client.get(choices)
    options = picker.content.decode()
    assert picker.status_code == 200 and "private" in picker["Cache-Control"]
    assert '<option value="东港镇关工委">' in options and '<option value="东港村关工委">' in options
    assert "鹅湖镇" not in options


def test_the_committee_choices_are_the_readers_own(xs, client_for):
    choices = reverse("registry:committee_choices")
    district = client_for(xs.staff).get(choices).content.decode()
    town = client_for(xs.eh_secretary).get(choices).content.decode()

    assert "东港镇关工委" in district and "鹅湖镇关工委" in district
    assert "鹅湖镇关工委" in town and "东港" not in town


def test_the_committee_choices_are_for_the_signed_in(client):
    response = client.get(reverse("registry:committee_choices"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# 2. Export what is filtered -------------------------------------------------------------------


def sheet_rows(data: bytes, sheet: str) -> list[dict]:
    ws = load_workbook(io.BytesIO(data))[sheet]
    values = list(ws.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]


@pytest.mark.parametrize(
    ("lst", "export"),
    [
        ("registry:person_list", "registry:person_export"),
        ("registry:volunteer_list", "registry:volunteer_export"),
        ("registry:team_list", "registry:team_export"),
        ("registry:station_list", "registry:station_export"),
    ],
)
def test_the_export_button_carries_the_lists_filters(xs, client_for, lst, export):
    body = client_for(xs.staff).get(reverse(lst), {"committee": "东港镇", "q": "东"}).content.decode()

    link = re.search(r'href="([^"]+)" data-export', body)
    assert link is not None
    assert link.group(1).startswith(reverse(export) + "?")
    assert "committee=%E4%B8%9C%E6%B8%AF%E9%95%87" in link.group(1) and "q=%E4%B8%9C" in link.group(1)


def test_the_volunteer_export_holds_exactly_the_filtered_rows(xs, client_for, rows):
    response = client_for(xs.staff).get(
        reverse("registry:volunteer_export"), {"committee": "东港镇", "layer": Layer.BACKBONE}
    )

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    exported = sheet_rows(response.content, VOLUNTEER_SHEET)
    assert [r["姓名"] for r in exported] == ["志愿者dg"]
    assert exported[0]["单位编码"] == "XS01V01"


def test_the_volunteer_export_masks_phones_as_the_page_does(xs, client_for, rows):
    response = client_for(xs.viewer).get(reverse("registry:volunteer_export"), {"committee": "XS01"})

    phones = {r["姓名"]: r["联系电话"] for r in sheet_rows(response.content, VOLUNTEER_SHEET)}
    assert phones == {"志愿者dg": "139****5678", "志愿者dg2": "139****1111"}
    secretary = client_for(xs.dg_secretary).get(reverse("registry:volunteer_export"), {"committee": "XS01"})
    assert {r["联系电话"] for r in sheet_rows(secretary.content, VOLUNTEER_SHEET)} == {"13912345678", "13900001111"}


def test_the_export_never_reaches_outside_the_readers_scope(xs, client_for, rows):
    response = client_for(xs.dg_secretary).get(reverse("registry:volunteer_export"))

    names = {r["姓名"] for r in sheet_rows(response.content, VOLUNTEER_SHEET)}
    assert names == {"志愿者dg", "志愿者dg2"}


def test_the_people_export_holds_the_filtered_peoples_posts_and_memberships(xs, client_for, rows):
    response = client_for(xs.staff).get(reverse("registry:person_export"), {"committee": "东港镇", "q": "甲"})

    assert [r["姓名"] for r in sheet_rows(response.content, PEOPLE_SHEET)] == ["班子成员甲"]
    assert sheet_rows(response.content, VOLUNTEER_SHEET) == []


def test_the_team_and_station_exports_hold_the_filtered_rows(xs, client_for, rows):
    client = client_for(xs.staff)

    teams = client.get(reverse("registry:team_export"), {"committee": "鹅湖镇"})
    stations = client.get(reverse("registry:station_export"), {"committee": "东港镇"})

    assert [r["团队名称"] for r in sheet_rows(teams.content, TEAM_SHEET)] == ["鹅湖宣讲团"]
    assert sorted(r["站点名称"] for r in sheet_rows(stations.content, STATION_SHEET)) == [
        "东港村辅导站",
        "东港第一辅导点",
    ]


# 3. Sortable headers everywhere, and they look it --------------------------------------------


@pytest.mark.parametrize("url", LISTS)
def test_every_list_has_headers_that_show_they_sort(xs, client_for, url):
    body = client_for(xs.staff).get(reverse(url)).content.decode()

    headers = re.findall(r'<th class="[^"]*" aria-sort="(\w+)"><a class="sort" href="\?sort=[^"]+"', body)
    assert "none" in headers and headers.count("ascending") == 1  # the list's own order is shown
    assert '<span class="sort-sign" aria-hidden="true">↕</span>' in body
    assert '<span class="sort-sign" aria-hidden="true">▲</span>' in body


def test_the_people_list_sorts_by_its_headers_not_a_drop_down(xs, client_for, rows):
    client = client_for(xs.staff)
    url = reverse("registry:person_list")
    for i, year in enumerate([1950, 1940, 1960]):
        VolunteerFactory(person=PersonFactory(name=f"排序{i}", birth_year=year), committee=xs.eh_v2)

    body = client.get(url).content.decode()
    descending = client.get(url, {"committee": "荡口社区", "sort": "-birth_year"})

    assert '<select name="sort"' not in body
    assert 'href="?sort=birth_year"' in body
    assert [p.name for p in descending.context["page_obj"]] == ["排序2", "排序0", "排序1"]
    header = re.search(r'aria-sort="descending"><a class="sort" href="\?([^"]+)"', descending.content.decode())
    assert header is not None and "sort=birth_year" in header.group(1) and "committee=" in header.group(1)


# 4. Numbered pages, first and last, a page-size choice ----------------------------------------


def test_the_pages_are_numbered_with_first_last_and_a_window():
    request = RequestFactory().get("/", {"page": 6, "committee": "东港镇", "sort": "-name"})

    page, base = paginate(request, list(range(86 * 50)))

    assert page.page_links == [1, None, 4, 5, 6, 7, 8, None, 86]
    assert "page=" not in base and "sort=-name" in base


def test_a_reader_chooses_the_page_size(xs, client_for, rows, settings):
    settings.PAGE_SIZE = 50
    for i in range(60):
        VolunteerFactory(person=PersonFactory(name=f"批量{i:02d}"), committee=xs.dg_v1)
    client = client_for(xs.staff)
    url = reverse("registry:volunteer_list")

    response = client.get(url, {"per_page": 20, "committee": "东港", "page": 2})
    body = response.content.decode()

    assert len(response.context["page_obj"]) == 20
    assert response.context["page_obj"].paginator.num_pages == 4  # 62 rows
    assert '<span class="current" aria-current="page">2</span>' in body
    for number in (1, 3, 4):
        link = re.search(rf'<a href="\?([^"]+)">{number}</a>', body)
        assert link is not None, number
        assert "per_page=20" in link.group(1) and "committee=" in link.group(1) and f"page={number}" in link.group(1)
    assert '<select name="per_page">' in body and '<option value="100">' in body
    assert '<option value="20" selected>' in body
    assert len(client.get(url, {"per_page": 100}).context["page_obj"]) == 63
    assert len(client.get(url, {"per_page": 7}).context["page_obj"]) == 50  # not offered: the default

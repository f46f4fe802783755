"""The registry lists sort by a column header's link: ascending, then descending; the filters
stay; an unknown sort falls back to the list's own order."""

import re

import pytest
from django.urls import reverse

from committees.models import Layer
from tests.factories import PersonFactory, TutoringStationFactory, VolunteerFactory, VolunteerTeamFactory


@pytest.fixture
def volunteers(xs):
    made = {}
    for name, year, committee, layer in [
        ("乙", 1950, xs.dg_v1, Layer.BACKBONE),
        ("甲", 1945, xs.dg_v2, Layer.PARTICIPANT),
        ("丙", 1960, xs.eh_v1, Layer.BACKBONE),
    ]:
        made[name] = VolunteerFactory(
            person=PersonFactory(name=name, birth_year=year), committee=committee, layer=layer
        )
    return made


def names(response) -> list[str]:
    return [v.person.name for v in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["乙", "甲", "丙"]),  # the list's own order: by committee
        ("birth_year", ["甲", "乙", "丙"]),
        ("-birth_year", ["丙", "乙", "甲"]),
        ("committee", ["乙", "甲", "丙"]),
        ("-committee", ["丙", "甲", "乙"]),
        ("no_such_column", ["乙", "甲", "丙"]),
    ],
)
def test_the_volunteer_list_sorts_by_the_chosen_column(xs, client_for, volunteers, sort, expected):
    response = client_for(xs.admin).get(reverse("registry:volunteer_list"), {"sort": sort})

    assert response.status_code == 200
    assert names(response) == expected


def test_a_header_link_keeps_the_filters_and_turns_the_order_round(xs, client_for, volunteers):
    client = client_for(xs.admin)
    url = reverse("registry:volunteer_list")

    body = client.get(url, {"layer": Layer.BACKBONE, "sort": "birth_year", "page": 1}).content.decode()

    header = re.search(r'<th class="num" aria-sort="ascending"><a class="sort" href="\?([^"]+)"', body)
    assert header is not None
    assert "sort=-birth_year" in header.group(1) and "layer=backbone" in header.group(1)
    assert "page=" not in header.group(1)
    # The filter form carries the sort along when the filters change.
    assert '<input type="hidden" name="sort" value="birth_year"' in body
    followed = client.get(f"{url}?{header.group(1).replace('&amp;', '&')}")
    assert names(followed) == ["丙", "乙"]


def test_the_team_list_sorts_by_active_members(xs, client_for, volunteers):
    big = VolunteerTeamFactory(name="大团", committee=xs.dg)
    big.members.set([volunteers["乙"], volunteers["甲"]])
    VolunteerTeamFactory(name="小团", committee=xs.dg)
    client = client_for(xs.admin)
    url = reverse("registry:team_list")

    assert [t.name for t in client.get(url, {"sort": "-members"}).context["page_obj"]] == ["大团", "小团"]
    assert [t.name for t in client.get(url, {"sort": "members"}).context["page_obj"]] == ["小团", "大团"]


def test_the_station_list_sorts_by_opened_year(xs, client_for):
    TutoringStationFactory(name="新站", committee=xs.dg_v1, opened_year=2020)
    TutoringStationFactory(name="老站", committee=xs.dg_v2, opened_year=2005)
    url = reverse("registry:station_list")

    response = client_for(xs.dg_secretary).get(url, {"sort": "opened"})

    assert [s.name for s in response.context["page_obj"]] == ["老站", "新站"]


def test_satellite_points_are_listed_in_the_order_they_were_registered(xs, client_for):
    hub = TutoringStationFactory(name="东港村辅导站", committee=xs.dg_v1)
    for name in ["第一辅导点", "第二辅导点", "第三辅导点"]:
        TutoringStationFactory(name=name, committee=xs.dg_v1, kind="point", hub=hub)
    client = client_for(xs.admin)

    listed = client.get(reverse("registry:station_list")).context["page_obj"][0]
    detail = client.get(reverse("registry:station_detail", kwargs={"pk": hub.pk})).context["points"]

    expected = ["第一辅导点", "第二辅导点", "第三辅导点"]  # by name: 第一、第三、第二
    assert [p.name for p in listed.satellite_points] == expected
    assert [p.name for p in detail] == expected

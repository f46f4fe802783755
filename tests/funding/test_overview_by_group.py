"""The overview for a province's reader: the year summed by the level below (cities, or districts
for a city's reader) in the database, equal to the sums of each committee's figures read one by one
(year_figures, by_town), and the committees below the standard a page at a time, the same rows in
the same order as the district's reader's whole list."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees import scoping
from committees.models import Committee, Kind
from funding import selectors, services
from funding.models import YearClose
from funding.views.common import ledger_committees
from surveys.synthetic_province import synthetic_province_create

FIELDS = ("standard_lower", "budget", "in_place", "in_place_by", "social", "special")
COUNTS = ("below", "not_in_budget", "no_budget", "counted")


@pytest.fixture
def province(db):
    made = synthetic_province_create(
        districts=11, towns_per_district=2, villages_per_town=3, five_olds_per_village=1, seed=5
    )
    return made, get_user_model().objects.get(username="sp-admin")


def _read_one_by_one(user, groups, year):
    rows = selectors.year_figures(ledger_committees(scoping.committees_for(user), year), year)
    return selectors.by_town(rows, groups), [r for r in rows if r.below_standard]


@pytest.mark.parametrize("ledger", [True, False])
def test_the_province_reader_sees_the_year_by_city_summed_as_committee_by_committee(province, client, ledger):
    made, admin = province
    year = made.ledger_years[-1] if ledger else made.ledger_years[0] - 1  # a year without entries: all below
    client.force_login(admin)
    response = client.get(reverse("funding:overview", args=[year]), {"per_page": 20})
    assert response.status_code == 200
    groups = [t.town for t in response.context["towns"]]
    assert {g.kind for g in groups} == {Kind.CITY} and len(groups) == 2
    expected, below = _read_one_by_one(admin, groups, year)
    for found, want in zip(response.context["towns"], expected, strict=True):
        assert [getattr(found, f) for f in FIELDS + COUNTS] == [getattr(want, f) for f in FIELDS + COUNTS]
    assert sum(t.below for t in expected) == len(below) > (20 if not ledger else 0)
    page = response.context["page_obj"]
    assert page.paginator.count == len(below)
    assert [r.committee.code for r in page.object_list] == [r.committee.code for r in below[:20]]
    assert [r.shortfall for r in page.object_list] == [r.shortfall for r in below[:20]]
    body = response.content.decode()
    assert "分市" in body and "各市经费到位与标准对比" in body
    if not ledger:
        assert f'data-code="{below[20].committee.code}"' not in body
        second = client.get(reverse("funding:overview", args=[year]), {"per_page": 20, "page": 2})
        found = [r.committee.code for r in second.context["page_obj"].object_list]
        assert found == [r.committee.code for r in below[20:40]]


def test_a_city_reader_sees_it_by_district_and_the_closed_part_summed_alike(province):
    made, admin = province
    year = made.ledger_years[-1]
    city = Committee.objects.filter(kind=Kind.CITY).order_by("code").first()
    readable = Committee.objects.filter(path__startswith=city.path)
    groups = selectors.grouping_committees(readable)
    assert {g.kind for g in groups} == {Kind.DISTRICT} and {g.parent_id for g in groups} == {city.pk}
    some = readable.filter(kind__in=[Kind.VILLAGE, Kind.TOWN]).order_by("code")[::3]
    services.year_close(actor=admin, committees=Committee.objects.filter(pk__in=[c.pk for c in some]), year=year)
    totals, closed = selectors.group_totals(readable, groups, year)
    rows = selectors.year_figures(ledger_committees(readable, year), year)
    closed_ids = set(YearClose.objects.filter(year=year).values_list("committee_id", flat=True))
    expected = selectors.by_town(rows, groups)
    expected_closed = selectors.by_town([r for r in rows if r.committee.pk in closed_ids], groups)
    for found, want in zip(totals + closed, expected + expected_closed, strict=True):
        assert [getattr(found, f) for f in ("in_place", "in_place_by", "standard_lower", "counted")] == [
            getattr(want, f) for f in ("in_place", "in_place_by", "standard_lower", "counted")
        ]
    assert [t.below for t in totals] == [t.below for t in expected]
    assert 0 < sum(t.counted for t in closed) < sum(t.counted for t in totals)


def test_a_district_reader_still_sees_it_by_town(province):
    district = Committee.objects.filter(kind=Kind.DISTRICT).order_by("code").first()
    assert selectors.grouping_committees(Committee.objects.filter(path__startswith=district.path)) is None

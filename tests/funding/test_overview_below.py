"""The overview's reads in SQL give what the committee-by-committee reads give: the committees below
the standard (funding.selectors.below, LATERAL look-ups, small records) are year_figures's rows
below the standard, whole or a slice at a time; a district's towns summed in the database
(group_totals) are by_town's sums; a year the ledger holds nothing for is counted by kind, as the
full sums count it; the town tables written in Python are the template loops' rows, the closed part
included; and the overview's queries do not grow with the province."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from committees import scoping
from committees.models import TOWN_KINDS, Committee, Kind
from funding import selectors, services
from funding.selectors import groups
from funding.templatetags.funding_tags import closed_town_rows, town_rows
from funding.views.common import ledger_committees
from surveys.synthetic_province import synthetic_province_create

FIELDS = ("standard_lower", "budget", "in_place", "in_place_by", "social", "special")
COUNTS = ("below", "not_in_budget", "no_budget", "counted")
FIGURES = ("lower", "budget", "in_fiscal_budget", "in_place", "in_place_by", "social", "special", "shortfall", "ratio")

TOWN_LOOP = (
    "{% load funding_tags %}{% for t in towns %}<tr><td><a href=\"{% url 'funding:town' year t.town.pk %}\">"
    '{{ t.town.name }}</a></td><td class="num">{{ t.standard_lower }}</td><td class="num">{{ t.budget }}</td>'
    '<td class="num">{{ t.in_place }}</td><td class="num">{{ t.in_place_by }}</td><td class="num">'
    '{{ t.ratio|percent }}</td><td class="num">{{ t.social }}</td><td class="num">{{ t.special }}</td>'
    '<td class="num">{% if t.below %}<span class="badge closed">{{ t.below }}</span>{% else %}0{% endif %}</td>'
    '<td class="num">{{ t.not_in_budget }}</td><td class="num">{{ t.no_budget }}</td></tr>\n  {% endfor %}'
)
CLOSED_LOOP = (
    "{% load funding_tags %}{% for t in closed_towns %}<tr><td><a href=\"{% url 'funding:town' year t.town.pk %}\">"
    '{{ t.town.name }}</a></td><td class="num">{{ t.counted }}</td><td class="num">{{ t.standard_lower }}</td>'
    '<td class="num">{{ t.in_place_by }}</td><td class="num">{{ t.ratio_by|percent }}</td><td class="num">'
    '{{ t.in_place }}</td><td class="num">{{ t.ratio|percent }}</td></tr>{% endfor %}'
)


def _province(districts: int):
    made = synthetic_province_create(
        districts=districts, towns_per_district=2, villages_per_town=3, five_olds_per_village=1, seed=5
    )
    return made, get_user_model().objects.get(username="sp-admin")


def _figures(rows) -> list[tuple]:
    return [
        (r.committee.pk, r.committee.code, r.committee.name, r.committee.parent.name if r.committee.parent else None)
        + tuple(getattr(r, f) for f in FIGURES)
        for r in rows
    ]


def _totals(totals) -> list[list]:
    return [[t.town.pk] + [getattr(t, f) for f in FIELDS + COUNTS] for t in totals]


@pytest.mark.django_db
def test_the_rows_below_are_year_figures_rows_below_whole_and_by_slices():
    made, admin = _province(3)
    readable = scoping.committees_for(admin)
    shown = 0
    for year in (made.ledger_years[-1], made.ledger_years[0] - 1):
        standards = selectors.standards_for_year(year)
        expected = [r for r in selectors.year_figures(ledger_committees(readable, year), year) if r.below_standard]
        below = selectors.below_standard(readable, year, standards)
        assert _figures(below.rows()) == _figures(expected)
        assert _figures(below[5:12]) == _figures(expected[5:12])
        assert _figures(below[: len(expected) + 3]) == _figures(expected)
        shown += len(expected)
    assert shown > 12


def test_a_district_readers_towns_are_by_towns_sums(demo_district):
    staff = get_user_model().objects.get(username="staff")
    readable = scoping.committees_for(staff)
    towns = list(readable.filter(kind__in=TOWN_KINDS).order_by("path"))
    for year in (2021, 2024):
        rows = selectors.year_figures(ledger_committees(readable, year), year)
        totals, closed = selectors.group_totals(readable, towns, year)
        assert _totals(totals) == _totals(selectors.by_town(rows, towns))
        assert sum(t.below for t in totals) == len([r for r in rows if r.below_standard]) > 0


@pytest.mark.django_db
def test_a_year_without_ledger_is_counted_by_kind_as_the_full_sums_count_it():
    made, admin = _province(3)
    readable = scoping.committees_for(admin)
    groups_ = selectors.grouping_committees(readable)
    year = made.ledger_years[0] - 1
    assert groups.ledger_is_empty(year) and not groups.ledger_is_empty(made.ledger_years[-1])
    counted = selectors.group_totals(readable, groups_, year)
    with mock.patch.object(groups, "ledger_is_empty", return_value=False):
        summed = selectors.group_totals(readable, groups_, year)
    assert _totals(counted[0]) == _totals(summed[0]) and _totals(counted[1]) == _totals(summed[1])
    assert sum(t.counted for t in counted[0]) > 0 and all(t.below == t.counted for t in counted[0])


@pytest.mark.django_db
def test_the_town_rows_are_the_template_loops_rows_closed_part_included():
    made, admin = _province(3)
    closed_year = made.ledger_years[-1]
    city = Committee.objects.filter(kind=Kind.CITY).order_by("code").first()
    some = Committee.objects.filter(path__startswith=city.path, kind__in=[Kind.VILLAGE, Kind.TOWN])[::2]
    services.year_close(actor=admin, committees=Committee.objects.filter(pk__in=[c.pk for c in some]), year=closed_year)
    readable = scoping.committees_for(admin)
    shown = {"closed": 0, "below": 0}
    for year in (closed_year, made.ledger_years[0] - 1):
        totals, closed = selectors.group_totals(readable, selectors.grouping_committees(readable), year)
        closed = [t for t in closed if t.counted]
        context = Context({"towns": totals, "closed_towns": closed, "year": year})
        with translation.override("zh-hans"):
            assert town_rows(totals, year) == Template(TOWN_LOOP).render(context)
            assert closed_town_rows(closed, year) == Template(CLOSED_LOOP).render(context)
        shown["closed"] += len(closed)
        shown["below"] += sum(t.below for t in totals)
    assert shown["closed"] and shown["below"]


# The session, the user, the roles, the grouping level, the groups, the standards, the years, the
# ledger's emptiness, the sums, the page below the standard: the same for 2 districts as for 5.
QUERIES = {"ledger": 10, "empty": 10}


@pytest.mark.django_db
@pytest.mark.parametrize("districts", [2, 5])
def test_the_overviews_queries_do_not_grow_with_the_province(client, districts):
    made, admin = _province(districts)
    client.force_login(admin)
    for kind, year in (("ledger", made.ledger_years[-1]), ("empty", made.ledger_years[0] - 1)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("funding:overview", args=[year]), {"per_page": 20})
        assert response.status_code == 200
        assert bool(response.context["below"]) == (kind == "empty")
        assert len(queries) == QUERIES[kind], (kind, [q["sql"][:80] for q in queries])

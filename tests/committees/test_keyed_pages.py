"""A registry list's page is read as a deferred join (pagination.KeyedPaginator): the keys sorted and
sliced, the page's rows read whole by key. It shows the same rows in the same order as the plain
slice, whatever the sort (points and members included, reversed too) and the page."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from committees import selectors
from committees.filters import StationFilter, TeamFilter, VolunteerFilter
from committees.models import (
    BackboneRole,
    Layer,
    Person,
    PointsEntry,
    Position,
    Post,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from committees.pagination import KeyedPaginator
from tests.factories import PersonFactory, PostFactory, TutoringStationFactory, VolunteerFactory, VolunteerTeamFactory

PER_PAGE = 4


@pytest.fixture
def registry(xs):
    """Volunteers with equal names, years, points and dates (the sorts' later keys decide), teams
    with members, stations with points, a few leadership posts."""
    villages = [xs.dg_v1, xs.dg_v2, xs.eh_v1, xs.eh_v2]
    teams = [VolunteerTeamFactory(name=f"团队{i % 3}", committee=villages[i % 4]) for i in range(7)]
    for i in range(19):
        person = PersonFactory(name=f"人员{i % 5}", birth_year=1950 + i % 3)
        volunteer = VolunteerFactory(
            person=person,
            committee=villages[i % 4],
            layer=Layer.BACKBONE if i % 3 else Layer.PARTICIPANT,
            joined_on=datetime.date(2020, 1 + i % 2, 1),
            exited_on=datetime.date(2024, 1, 1) if i % 4 == 0 else None,
        )
        if i % 3:
            PointsEntry.objects.create(
                volunteer=volunteer, reason="服务", points=Decimal(i % 4), date=volunteer.joined_on
            )
        teams[i % 7].members.add(volunteer)
        if i % 6 == 0:
            PostFactory(committee=villages[i % 4], person=person, position=Position.MEMBER)
    for i in range(9):
        hub = TutoringStationFactory(name=f"辅导站{i % 4}", committee=villages[i % 4], opened_year=2015 + i % 2)
        if i % 3 == 0:
            TutoringStationFactory(name=f"辅导点{i}", committee=villages[i % 4], kind=StationKind.POINT, hub=hub)
    return xs


def _pages(paginator_class, qs) -> list[list[tuple]]:
    paginator = paginator_class(qs, PER_PAGE)
    return [[_shown(row) for row in paginator.page(n)] for n in paginator.page_range]


def _shown(row) -> tuple:
    if isinstance(row, Volunteer):
        roles = [r.name for r in row.backbone_roles.all()]
        return row.pk, row.person.name, row.committee.name, row.points_total, roles
    if isinstance(row, VolunteerTeam):
        return row.pk, row.name, row.committee.name, row.n_members
    if isinstance(row, TutoringStation):
        return row.pk, row.name, row.committee.name, [p.pk for p in row.points.all()]
    raise AssertionError(row)


def _request(user, params: dict):
    request = RequestFactory().get("/", params)
    request.user = user
    return request


LISTS = [
    (VolunteerFilter, Volunteer, selectors.VOLUNTEER_SORTS),
    (TeamFilter, VolunteerTeam, selectors.TEAM_SORTS),
    (StationFilter, TutoringStation, selectors.STATION_SORTS),
]


@pytest.fixture(params=["sliced", "sought"])
def seeking(request, monkeypatch):
    """Pages read as a plain slice of the sorted keys, or sought by the first sort key from the
    second page on (KeyedPaginator.seek_past, 1,000 rows on a page, lowered to the test's size)."""
    if request.param == "sought":
        monkeypatch.setattr(KeyedPaginator, "seek_past", PER_PAGE)
    return request.param


@pytest.mark.parametrize(("filterset_class", "model", "sorts"), LISTS, ids=lambda v: getattr(v, "__name__", ""))
def test_every_sort_of_a_list_reads_the_same_pages_as_the_plain_slice(registry, filterset_class, model, sorts, seeking):
    for sort, _label in [("", ""), *selectors.sort_choices(sorts)]:
        qs = filterset_class({"sort": sort}, queryset=model.objects.all(), request=_request(registry.admin, {})).qs

        keyed = _pages(KeyedPaginator, qs)

        assert keyed == _pages(Paginator, qs), sort
        assert sum(len(page) for page in keyed) == qs.count() > PER_PAGE


def test_a_filtered_list_reads_the_same_pages(registry, seeking):
    team = VolunteerTeam.objects.filter(members__isnull=False).first()
    for params in [{"team": team.pk, "sort": "-points"}, {"layer": Layer.BACKBONE, "state": "active"}]:
        request = _request(registry.admin, params)
        qs = VolunteerFilter(params, queryset=Volunteer.objects.all(), request=request).qs
        assert _pages(KeyedPaginator, qs) == _pages(Paginator, qs)
    hubs = StationFilter({"hub_only": True}, queryset=TutoringStation.objects.all(), request=request).qs
    assert _pages(KeyedPaginator, hubs) == _pages(Paginator, hubs)


def test_a_page_sorts_and_slices_only_the_keys(registry):
    qs = VolunteerFilter({}, queryset=Volunteer.objects.all(), request=_request(registry.admin, {})).qs

    with CaptureQueriesContext(connection) as queries:
        list(KeyedPaginator(qs, PER_PAGE).page(3))

    page_query = next(q["sql"] for q in queries.captured_queries if "points" in q["sql"])
    outer, keys = page_query.split(" IN (SELECT ", 1)
    assert "LIMIT" in keys and "OFFSET" in keys and "LIMIT" not in outer
    assert "points" not in keys  # the points total is worked out for the page's rows only


def test_a_page_past_the_threshold_sorts_only_the_rows_of_its_first_keys_values(registry, monkeypatch):
    monkeypatch.setattr(KeyedPaginator, "seek_past", PER_PAGE)
    qs = VolunteerFilter({}, queryset=Volunteer.objects.all(), request=_request(registry.admin, {})).qs
    paginator = KeyedPaginator(qs, PER_PAGE)
    assert len({v.committee_id for v in qs.all()}) > 2  # the page's committees are fewer than the list's

    with CaptureQueriesContext(connection) as queries:
        page = list(paginator.page(3))

    grouped, read = [q["sql"] for q in queries.captured_queries][-2:]  # after the count
    assert 'COUNT("committees_volunteer"."id") AS "n"' in grouped and "GROUP BY" in grouped
    keys = read.split(" IN (SELECT ", 1)[1]
    assert 'V1."path" IN (' in keys and "LIMIT" in keys
    assert [v.pk for v in page] == [v.pk for v in Paginator(qs, PER_PAGE).page(3)]


def test_a_long_list_or_a_first_page_is_read_as_a_plain_slice(registry, monkeypatch):
    qs = VolunteerFilter({}, queryset=Volunteer.objects.all(), request=_request(registry.admin, {})).qs
    for seek_past, seek_at_most, number in [(PER_PAGE, 1, 3), (PER_PAGE, 10_000, 1), (1_000, 10_000, 3)]:
        monkeypatch.setattr(KeyedPaginator, "seek_past", seek_past)
        monkeypatch.setattr(KeyedPaginator, "seek_at_most", seek_at_most)
        with CaptureQueriesContext(connection) as queries:
            list(KeyedPaginator(qs, PER_PAGE).page(number))
        grouped = [q for q in queries.captured_queries if 'COUNT("committees_volunteer"."id") AS "n"' in q["sql"]]
        assert grouped == [], (seek_past, seek_at_most, number)


def test_a_list_not_of_a_queryset_is_sliced_as_it_is():
    paginator = KeyedPaginator(list(range(10)), PER_PAGE)

    assert list(paginator.page(3)) == [8, 9]


# The people list reads its page whole: its first page walks an index in the list's order and
# stops after its rows, and its test of scope (two EXISTS) would be compiled and planned twice.
@pytest.mark.parametrize("url", ["/registry/volunteers/", "/registry/teams/", "/registry/stations/"])
def test_the_registry_lists_read_their_pages_by_key(registry, client_for, url):
    with CaptureQueriesContext(connection) as queries:
        response = client_for(registry.admin).get(url)

    assert response.status_code == 200 and len(response.context["page_obj"].object_list) > 0
    assert any(" IN (SELECT " in q["sql"] and "LIMIT" in q["sql"].split(" IN (SELECT ", 1)[1] for q in queries)


TEAM_CHOICES = 'SELECT "committees_volunteerteam"."id" AS "pk", "committees_volunteerteam"."name" AS "name" FROM'


def test_the_team_filter_reads_its_choices_once_and_only_when_needed(registry, client_for):
    client = client_for(registry.admin)
    team = VolunteerTeam.objects.order_by("name", "pk").first()

    def team_queries(url: str, params: dict) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return [q["sql"] for q in queries if q["sql"].startswith(TEAM_CHOICES)]

    assert len(team_queries("/registry/volunteers/", {})) == 1
    body = client.get("/registry/volunteers/", {"team": team.pk}).content.decode()
    assert f'<option value="{team.pk}" selected>{team.name}</option>' in body
    assert team_queries("/registry/volunteers/export/", {}) == []


def test_a_volunteer_page_reads_its_roles_names_in_one_query_in_the_roles_order(registry, django_assert_num_queries):
    first, second = BackboneRole.objects.create(name="乙员", display_order=1), BackboneRole.objects.create(name="甲员")
    volunteers = list(Volunteer.objects.order_by("pk")[:3])
    volunteers[0].backbone_roles.set([second, first])
    volunteers[2].backbone_roles.set([first])

    with django_assert_num_queries(1):
        selectors.with_role_names(volunteers)

    assert [v.role_names for v in volunteers] == [[r.name for r in v.backbone_roles.all()] for v in volunteers]
    assert volunteers[0].role_names == ["甲员", "乙员"] and volunteers[1].role_names == []


def test_a_page_of_people_reads_their_posts_and_memberships_names_in_two_queries(registry, django_assert_num_queries):
    posts, volunteers = Post.objects.all(), Volunteer.objects.all()
    people = list(Person.objects.filter(pk__in=volunteers.values("person_id")).order_by("pk")[:6])
    assert any(posts.filter(person__in=people).open())

    with django_assert_num_queries(2):
        selectors.people_with_memberships(people, posts=posts, volunteers=volunteers)

    for person in people:
        open_posts = posts.open().filter(person=person).select_related("committee")
        memberships = volunteers.active().filter(person=person).select_related("committee")
        assert person.open_posts == [(person.pk, p.committee.name, p.position) for p in open_posts]
        assert person.active_memberships == [(person.pk, v.committee.name, v.layer) for v in memberships]


def test_a_page_of_stations_reads_its_points_in_one_query_in_the_order_registered(registry, django_assert_num_queries):
    stations = list(TutoringStation.objects.filter(kind=StationKind.CENTRAL).order_by("pk"))
    hub = stations[1]
    later = TutoringStationFactory(name="第一辅导点", committee=hub.committee, kind=StationKind.POINT, hub=hub)

    with django_assert_num_queries(1):
        selectors.with_satellite_points(stations)

    assert [[p.pk for p in s.satellite_points] for s in stations] == [[p.pk for p in s.points.all()] for s in stations]
    assert hub.satellite_points[-1].pk == later.pk and hub.satellite_points[-1].name == "第一辅导点"


@pytest.mark.parametrize(("filterset_class", "model", "sorts"), LISTS, ids=lambda v: getattr(v, "__name__", ""))
def test_a_pages_keys_are_kept_until_the_list_changes(transactional_db, registry, filterset_class, model, sorts):
    """Outside a transaction a page's keys, sought or sliced, are kept (committees.kept): the page
    is read by its keys alone, the same rows as the plain slice, until a write to the list's tables."""
    for seek_past in (1_000, PER_PAGE):
        KeyedPaginator.seek_past = seek_past
        try:
            for sort, _label in [("", ""), *selectors.sort_choices(sorts)][:4]:
                qs = filterset_class(
                    {"sort": sort}, queryset=model.objects.all(), request=_request(registry.admin, {})
                ).qs
                assert _pages(KeyedPaginator, qs) == _pages(Paginator, qs), (seek_past, sort)
                with CaptureQueriesContext(connection) as queries:
                    again = _pages(KeyedPaginator, qs)
                assert again == _pages(Paginator, qs)
                assert not any(" IN (SELECT " in q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"])
        finally:
            KeyedPaginator.seek_past = 1_000
    qs = VolunteerFilter({}, queryset=Volunteer.objects.all(), request=_request(registry.admin, {})).qs
    before = _pages(KeyedPaginator, qs)
    PointsEntry.objects.filter(volunteer=before[0][0][0]).delete()
    Volunteer.objects.filter(pk=before[0][0][0]).delete()
    assert _pages(KeyedPaginator, qs) == _pages(Paginator, qs) != before

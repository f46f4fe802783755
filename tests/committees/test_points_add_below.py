"""Above OFFERED_AT_MOST active volunteers the ranking page lists the children to add points on:
those in whose subtree an active volunteer serves (deep down or on the child itself; not one who
left, not a neighbour whose code starts with the child's), in code order, in two queries however many
children there are (views.points._children_with_volunteers); the page's counts and the ranking's signs are one
query, and
the page runs as many queries for more volunteers and children."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Committee, Kind, Volunteer
from committees.views.points import _children_with_volunteers
from tests.committees.test_points import member
from tests.factories import CommitteeFactory


def _brute_force(committee) -> list[Committee]:
    active = Volunteer.objects.active()
    return [
        c for c in committee.children.order_by("code") if active.filter(committee__path__startswith=c.path).exists()
    ]


def _towns(xs, n: int, first: int = 0) -> list[Committee]:
    return [
        CommitteeFactory(code=f"XS9{k:02d}", name=f"新镇{k}", kind=Kind.TOWN, parent=xs.district)
        for k in range(first, first + n)
    ]


def test_it_lists_the_children_with_an_active_volunteer_below(xs):
    member(xs.dg_v1, "深处")  # a village of 东港镇
    gone = member(xs.eh_v1, "离开者")  # 鹅湖镇's only volunteer has left
    gone.exited_on, gone.exit_reason = datetime.date(2024, 1, 1), "迁居"
    gone.save()
    towns = _towns(xs, 3)
    member(towns[1], "本级")  # on the child itself
    lookalike = CommitteeFactory(code="XS9011", name="近名镇", kind=Kind.TOWN, parent=xs.district)
    member(lookalike, "邻居")  # below "/XS/XS9011/", not below "/XS/XS901/" (towns[1])
    found = _children_with_volunteers(xs.district)
    assert found == _brute_force(xs.district)
    assert [c.code for c in found] == [xs.dg.code, towns[1].code, lookalike.code]
    assert _children_with_volunteers(xs.dg_v1) == []  # no children


def test_it_runs_two_queries_whatever_the_number_of_children(xs):
    def queries(n_towns: int, first: int) -> int:
        for town in _towns(xs, n_towns, first)[::2]:  # every other new town has a volunteer
            member(town, f"{town.code}的五老")
        expected = _brute_force(xs.district)
        with CaptureQueriesContext(connection) as captured:
            assert _children_with_volunteers(xs.district) == expected
        return len(captured)

    assert queries(2, 0) == 2
    assert queries(20, 2) == 2


def test_the_page_offers_them_above_the_limit(xs, client_for, monkeypatch):
    for n in range(3):
        member(xs.eh_v2, f"五老{n}")
    monkeypatch.setattr("committees.views.points.OFFERED_AT_MOST", 2)
    response = client_for(xs.staff).get(reverse("registry:points_ranking", args=[xs.district.pk]))
    assert [c.code for c in response.context["add_below"]] == [xs.eh.code]


def test_the_ranking_page_runs_as_many_queries_for_more_volunteers_and_children(xs, client_for, monkeypatch):
    monkeypatch.setattr("committees.views.points.OFFERED_AT_MOST", 2)
    client = client_for(xs.staff)
    url = reverse("registry:points_ranking", args=[xs.district.pk])

    def queries(n_towns: int, first: int) -> int:
        for town in _towns(xs, n_towns, first):
            for k in range(3):
                member(town, f"{town.code}号{k}")
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.context["add_below"]
        return len(captured)

    # The session, the user, the roles; the committee, both counts with the signs, the page's
    # zeros, the children and their probes.
    assert queries(1, 0) == 8
    assert queries(15, 1) == 8


def test_each_child_is_probed_in_path_order_for_one_row(xs):
    """Each probe is a scalar sub-query cut at one row in the path's order, on PostgreSQL the order
    of its prefix index (`~<~`): an EXISTS lost its order, and the planner scanned the table from
    its start to a late child's first committee."""
    towns = _towns(xs, 3)
    member(towns[2], "末镇")
    expected = _brute_force(xs.district)
    with CaptureQueriesContext(connection) as captured:
        assert _children_with_volunteers(xs.district) == expected
    probes = captured[-1]["sql"]
    assert "EXISTS (SELECT" not in probes.replace("EXISTS(SELECT 1", "")
    n_children = xs.district.children.count()
    assert probes.count("LIMIT 1) IS NOT NULL") == n_children
    order = "USING ~<~ LIMIT 1" if connection.vendor == "postgresql" else '"path" LIMIT 1'
    assert probes.count(order) == n_children


def test_the_probe_is_kept_until_a_volunteer_joins_or_leaves(transactional_db, xs):
    """Outside a transaction the probe's answer is kept (committees.kept): the children are read
    again, the probe is not, until a volunteer joins or leaves."""
    towns = _towns(xs, 3)
    member(towns[0], "甲")
    assert _children_with_volunteers(xs.district) == _brute_force(xs.district)
    with CaptureQueriesContext(connection) as captured:
        assert _children_with_volunteers(xs.district) == _brute_force(xs.district)
    probes = [q["sql"] for q in captured if "LIMIT 1) IS NOT NULL" in q["sql"]]
    assert probes == []
    joined = member(towns[2], "乙")
    assert towns[2] in _children_with_volunteers(xs.district)
    joined.exited_on, joined.exit_reason = datetime.date(2024, 1, 1), "迁居"
    joined.save()
    assert towns[2] not in _children_with_volunteers(xs.district) == _brute_force(xs.district)

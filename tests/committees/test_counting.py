"""Counting a long list: exactly up to EXACT_AT_MOST rows, past it the planner's estimate on
PostgreSQL, shown as about N (约) under the list; on SQLite, without an estimate, exactly."""

from __future__ import annotations

from django.db import connection
from django.urls import reverse

from committees import counting
from committees.models import Volunteer
from tests.committees.test_points import member


def test_a_count_stops_at_its_limit_and_past_the_exact_size_is_estimated(xs):
    for n in range(5):
        member(xs.dg_v1, f"计数{n}")
    volunteers = Volunteer.objects.all()
    total = volunteers.count()
    assert counting.count_at_most(volunteers, 3) == 3 and counting.count_at_most(volunteers, 100) == total
    assert counting.about_count(volunteers, exact_at_most=100) == (total, False)
    found, estimated = counting.about_count(volunteers, exact_at_most=2)
    if connection.vendor == "postgresql":
        assert estimated and found >= 3
    else:
        assert (found, estimated) == (total, False)


def test_an_estimated_count_reads_about_n_under_the_list(xs, client_for, monkeypatch):
    for n in range(3):
        member(xs.dg_v1, f"估计{n}")
    monkeypatch.setattr(counting, "EXACT_AT_MOST", 1)
    monkeypatch.setattr(counting, "estimated_count", lambda qs: 4321)
    response = client_for(xs.staff).get(reverse("registry:points_ranking", args=[xs.dg.pk]))
    html = response.content.decode()
    assert "约4321条" in html and "约87页" in html


def test_past_the_exact_size_the_people_and_volunteer_lists_read_about_n_and_the_same_rows(xs, client_for, monkeypatch):
    for n in range(6):
        member(xs.dg_v1 if n % 2 else xs.eh_v1, f"人员{n}")
    client = client_for(xs.staff)
    exact = {url: client.get(url, {"per_page": 20}) for url in ("/registry/people/", "/registry/volunteers/")}
    monkeypatch.setattr(counting, "EXACT_AT_MOST", 2)
    monkeypatch.setattr(counting, "estimated_count", lambda qs: 98765)
    for url, before in exact.items():
        response = client.get(url, {"per_page": 20})
        assert "约98765条" in response.content.decode(), url
        assert [r.pk for r in response.context["page_obj"].object_list] == [
            r.pk for r in before.context["page_obj"].object_list
        ]
        assert "约" not in before.content.decode().split('class="pagination"')[-1].split("</nav>")[0]

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

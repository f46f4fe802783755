"""Counting a long list: exactly up to EXACT_AT_MOST rows, past it the planner's estimate on
PostgreSQL, shown as about N (约) under the list; on SQLite, without an estimate, exactly."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def test_several_counts_are_read_in_one_query(xs, django_assert_num_queries):
    for n in range(5):
        member(xs.dg_v1 if n % 2 else xs.eh_v1, f"合计{n}")
    volunteers = Volunteer.objects.all()
    in_dg = volunteers.filter(committee__path__startswith=xs.dg.path)
    cases = [(volunteers, 3), (volunteers, 100), (in_dg, 100), (in_dg.filter(layer="none"), 5)]
    expected = [counting.count_at_most(qs, limit) for qs, limit in cases]
    with django_assert_num_queries(1):
        assert counting.counts_at_most(*cases) == expected == [3, 5, 2, 0]


def test_an_estimated_count_reads_about_n_under_the_list(xs, client_for, monkeypatch):
    for n in range(3):
        member(xs.dg_v1, f"估计{n}")
    monkeypatch.setattr(counting, "EXACT_AT_MOST", 1)
    monkeypatch.setattr(counting, "estimated_count", lambda qs: 4321)
    response = client_for(xs.staff).get(reverse("registry:points_ranking", args=[xs.dg.pk]))
    html = response.content.decode()
    assert "第1页(约4321条)：只列出前40页" in html  # 87 pages of 50, the ranking offers 40


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


def test_a_long_list_offers_its_first_pages_only_and_says_so(rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    from committees.pagination import paginate

    page, base = paginate(rf.get("/", {"page": 9}), list(range(100)), per_page=10, pages_at_most=3)
    assert page.number == 3 and page.pages_capped and page.page_links[-1] == 3 and not page.has_next()
    page.count_is_estimate = True
    with translation.override("zh-hans"):
        html = render_to_string("pagination.html", {"page_obj": page, "querystring_base": base})
    assert "第3页(约100条)：只列出前3页，其余请用筛选条件缩小范围后查看" in html
    uncapped, _base = paginate(rf.get("/", {"page": 2}), list(range(100)), per_page=10, pages_at_most=30)
    assert uncapped.number == 2 and not uncapped.pages_capped and uncapped.paginator.num_pages == 10


def _analyze(*tables: str) -> None:
    """The planner's statistics of the tables, as autovacuum keeps them (PostgreSQL)."""
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def test_a_long_table_is_estimated_before_it_is_counted(xs, monkeypatch, django_assert_num_queries):
    for n in range(9):
        member(xs.dg_v1, f"先估{n}")
    volunteers = Volunteer.objects.all()
    total = volunteers.count()
    if connection.vendor != "postgresql":  # no statistics, no estimate: counted
        assert counting.count_at_most(volunteers, 100, table_over=1) == total
        assert counting.about_count(volunteers, exact_at_most=100, estimate_first=True) == (total, False)
        return
    _analyze("committees_volunteer")
    assert counting.count_at_most(volunteers, 100, table_over=total - 1) is None  # not counted
    assert counting.count_at_most(volunteers, 100, table_over=total) == total
    assert total > 2 * counting.ESTIMATE_TRUSTED_TIMES
    for estimate, expected, queries in [
        (9, (9, True), 1),  # more than 4 × 2: the statistics read, the estimate taken, no count
        (8, (8, True), 2),  # not far enough past: counted (more than 2 found), the estimate shown
        (1, (3, True), 2),  # an estimate under the rows counted: at least those
    ]:
        monkeypatch.setattr(counting, "estimated_count", lambda qs, estimate=estimate: estimate)
        with django_assert_num_queries(queries):
            assert counting.about_count(volunteers, exact_at_most=2, estimate_first=True) == expected
    monkeypatch.setattr(counting, "estimated_count", lambda qs: pytest.fail("a short table is counted"))
    with django_assert_num_queries(1):
        assert counting.about_count(volunteers, exact_at_most=total, estimate_first=True) == (total, False)


def test_the_people_list_of_a_province_sized_scope_is_not_counted_person_by_person(xs, client_for, monkeypatch):
    for n in range(9):
        member(xs.dg_v1, f"省级{n}")
    seen: list[str] = []
    monkeypatch.setattr(counting, "estimated_count", lambda qs: seen.append(str(qs.query)) or 123_456)
    monkeypatch.setattr(counting, "EXACT_AT_MOST", 2)  # a table of more than 4 × 2 people is long
    if connection.vendor == "postgresql":
        _analyze("committees_person")
    with CaptureQueriesContext(connection) as queries:
        response = client_for(xs.staff).get("/registry/people/")

    assert "约123456条" in response.content.decode()
    assert " UNION " in seen[0]  # the union of the scope's rows, which the planner estimates well
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"]]
    if connection.vendor == "postgresql":  # asked for the table's statistics; the count not run
        assert len(counts) == 1 and counts[0].startswith("SELECT CASE WHEN (SELECT reltuples")
    else:
        assert len(counts) == 1 and counts[0].startswith("SELECT COUNT(*)")


def test_a_filter_that_can_find_nothing_counts_nothing(xs):
    """A committee filter naming no committee is an IN of no values, which Django doesn't compile
    (EmptyResultSet): counted and estimated as none, without a query."""
    nothing = Volunteer.objects.filter(pk__in=[])
    assert counting.count_at_most(nothing, 10, table_over=1) == 0
    assert counting.about_count(nothing, estimate_first=True) == (0, False)
    if connection.vendor == "postgresql":
        assert counting.estimated_count(nothing) == 0


def test_a_tree_of_no_committee_is_read_without_a_query(db, django_assert_num_queries):
    from committees.models import Committee
    from committees.selectors.tree import committee_tree

    with django_assert_num_queries(0):
        tree = committee_tree(Committee.objects.none(), [])
    assert tree.nodes == [] and sum(tree.by_kind.values()) == 0

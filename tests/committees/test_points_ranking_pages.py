"""The points ranking read a page at a time (selectors.ranking.Ranking) gives year_totals' rows,
ranks and order on every page and slice: positive years, ties, members whose year sums to zero
(with entries or none), negative years, members who left before the year, and the page shows them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.urls import reverse

from committees import counting, selectors
from committees.models import PointsEntry, Volunteer
from committees.selectors.ranking import Ranking
from tests.committees.test_points import member

YEAR = 2024
SCORES = ["12", "12", "3.5", "0", "-2", "-2", "-7", "1", None, None, "12", None, "0.25", "-0.5", None]


def _club(xs) -> None:
    for n, score in enumerate(SCORES):
        v = member(xs.dg_v1 if n % 2 else xs.dg_v2, f"成员{n % 5}号{n:02d}")
        if score is not None:
            PointsEntry.objects.create(
                volunteer=v, points=Decimal(score), date=datetime.date(YEAR, 5, 1), reason="活动"
            )
        if score == "0":  # a year that sums to zero from two entries
            PointsEntry.objects.create(volunteer=v, points=Decimal("4"), date=datetime.date(YEAR, 6, 1), reason="活动")
            PointsEntry.objects.create(volunteer=v, points=Decimal("-4"), date=datetime.date(YEAR, 7, 1), reason="扣分")
    gone = member(xs.dg_v1, "离开者", joined_on=datetime.date(2010, 1, 1))
    gone.exited_on, gone.exit_reason = datetime.date(YEAR - 1, 3, 1), "迁居"
    gone.save()
    PointsEntry.objects.create(volunteer=gone, points=Decimal("50"), date=datetime.date(YEAR - 1, 1, 1), reason="活动")


def _row(v) -> tuple:
    return (v.pk, v.person.name, v.committee.name, Decimal(v.year_points), v.year_entries, v.rank)


def test_every_slice_is_the_whole_rankings_slice(xs):
    _club(xs)
    volunteers = Volunteer.objects.filter(committee__path__startswith=xs.dg.path)
    whole = [_row(v) for v in selectors.year_totals(volunteers, YEAR)]
    assert len(whole) == len(SCORES) and {r[5] for r in whole} == {1, 4, 5, 6, 7, 12, 13, 15}
    ranking = Ranking(volunteers, YEAR)
    assert ranking.count() == len(whole) and ranking.signs() == (6, 4)
    for start in range(len(whole) + 1):
        for stop in range(start, len(whole) + 2):
            assert [_row(v) for v in Ranking(volunteers, YEAR)[start:stop]] == whole[start:stop], (start, stop)


def test_the_page_shows_the_ranking_a_page_at_a_time(xs, client_for):
    _club(xs)
    url = reverse("registry:points_ranking", args=[xs.dg.pk])
    whole = list(selectors.year_totals(Volunteer.objects.filter(committee__path__startswith=xs.dg.path), YEAR))
    response = client_for(xs.staff).get(url, {"year": YEAR, "per_page": 20})
    assert [v.pk for v in response.context["page_obj"].object_list] == [v.pk for v in whole]
    assert response.context["page_obj"].paginator.count == len(whole)
    html = response.content.decode()
    names = [v.person.name for v in whole]
    assert all(html.index(a) < html.index(b) for a, b in zip(names, names[1:], strict=False))


def test_the_counts_and_the_signs_are_read_in_one_query(xs, django_assert_num_queries):
    _club(xs)
    volunteers = Volunteer.objects.filter(committee__path__startswith=xs.dg.path)
    ranking = Ranking(volunteers, YEAR)
    cases = [(ranking.members, 100), (volunteers.active(), 3)]
    expected = [counting.count_at_most(qs, limit) for qs, limit in cases]
    with django_assert_num_queries(1):
        assert ranking.counts_with_signs(*cases) == expected == [len(SCORES), 3]
        assert ranking.signs() == (6, 4)  # read with the counts
    assert Ranking(volunteers, YEAR).signs() == (6, 4)

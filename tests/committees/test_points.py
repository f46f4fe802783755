"""Five-old points: a year's totals and a committee's ranking (hand-computed, scoped, bounded
queries, the Excel file, adding a line on the page) and the entry/exit review (its parameters are
data on the settings page; a recorded decision removes the suggestion and keeps its reason; an
exit ends the membership, a promotion changes the layer)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from committees import selectors
from committees.models import (
    Decision,
    ExitEntryDecision,
    Layer,
    PointsEntry,
    ReviewKey,
    ReviewSetting,
    Suggestion,
    Volunteer,
)
from tests.factories import PersonFactory

YEAR = 2024


def member(committee, name: str, *, layer=Layer.PARTICIPANT, birth_year: int = 1955, **extra) -> Volunteer:
    person = PersonFactory(name=name, birth_year=birth_year)
    return Volunteer.objects.create(person=person, committee=committee, layer=layer, **extra)


def points(volunteer, amount: str, day: datetime.date) -> PointsEntry:
    return PointsEntry.objects.create(volunteer=volunteer, points=Decimal(amount), date=day, reason="活动")


def ranked_club(xs) -> dict[str, Volunteer]:
    a, b, c = (member(xs.dg_v1, n) for n in ("甲", "乙", "丙"))
    d = member(xs.dg_v1, "丁", joined_on=datetime.date(2020, 1, 1))
    d.exited_on, d.exit_reason = datetime.date(YEAR - 1, 6, 1), "迁居"
    d.save()
    e = member(xs.eh_v1, "戊")
    points(a, "10", datetime.date(YEAR, 3, 1))
    points(a, "5.50", datetime.date(YEAR, 11, 30))
    points(a, "100", datetime.date(YEAR - 1, 12, 31))
    points(b, "15.50", datetime.date(YEAR, 1, 1))
    points(c, "3", datetime.date(YEAR, 12, 31))
    points(c, "7", datetime.date(YEAR + 1, 1, 1))
    points(d, "50", datetime.date(YEAR - 1, 3, 1))
    points(e, "99", datetime.date(YEAR, 5, 1))
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_year_totals_and_ranks_match_hand_computed_values(xs):
    ranked_club(xs)
    rows = selectors.year_totals(Volunteer.objects.filter(committee__path__startswith=xs.dg.path), YEAR)
    # 甲 10 + 5.50 = 15.50 (the 100 of the year before does not count); 乙 15.50; 丙 3 (not next
    # year's 7); 丁 exited the year before; 戊 is in another town.
    got = [(v.person.name, v.year_points, v.year_entries, v.rank) for v in rows]
    assert got == [
        ("乙", Decimal("15.50"), 1, 1),
        ("甲", Decimal("15.50"), 2, 1),
        ("丙", Decimal("3.00"), 1, 3),
    ]


def test_the_ranking_page_is_scoped_and_exports_the_year(xs, client_for):
    ranked_club(xs)
    url = reverse("registry:points_ranking", args=[xs.dg.pk])
    page = client_for(xs.dg_secretary).get(url, {"year": YEAR}).content.decode()
    assert page.index("乙") < page.index("甲") < page.index("丙") and "戊" not in page
    assert client_for(xs.eh_secretary).get(url).status_code == 404
    response = client_for(xs.staff).get(reverse("registry:points_export", args=[xs.dg.pk]), {"year": YEAR})
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    ).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [(r[0], r[1], r[4]) for r in rows] == [(1, "乙", 15.5), (1, "甲", 15.5), (3, "丙", 3)]


def test_points_are_added_on_the_page_within_scope(xs, client_for):
    club = ranked_club(xs)
    url = reverse("registry:points_ranking", args=[xs.dg.pk])
    data = {"volunteer": club["c"].pk, "points": "4", "date": f"{YEAR}-06-01", "reason": "培训"}
    client_for(xs.staff).post(f"{url}?year={YEAR}", data)
    assert club["c"].points_entries.filter(reason="培训", points=4).exists()
    foreign = {**data, "volunteer": club["e"].pk, "reason": "越界"}
    response = client_for(xs.dg_secretary).post(url, foreign)
    assert response.status_code == 200 and not PointsEntry.objects.filter(reason="越界").exists()
    assert client_for(xs.viewer).post(url, data).status_code == 403


def test_above_the_limit_the_page_sends_to_the_committees_below_to_add_points(xs, client_for, monkeypatch):
    club = ranked_club(xs)  # four active volunteers: three in 东港镇, one in 鹅湖镇
    monkeypatch.setattr("committees.views.points.OFFERED_AT_MOST", 3)
    district = reverse("registry:points_ranking", args=[xs.district.pk])
    response = client_for(xs.staff).get(district)
    html = response.content.decode()
    assert response.context["form"] is None and 'name="volunteer"' not in html
    assert [c.code for c in response.context["add_below"]] == [xs.dg.code, xs.eh.code]
    assert reverse("registry:points_ranking", args=[xs.dg.pk]) in html
    town = client_for(xs.staff).get(reverse("registry:points_ranking", args=[xs.dg.pk]))
    assert town.context["add_below"] is None and 'name="volunteer"' in town.content.decode()
    data = {"volunteer": club["e"].pk, "points": "2", "date": f"{YEAR}-06-01", "reason": "宣讲"}
    assert client_for(xs.staff).post(district, data).status_code == 302  # a posted line still counts
    assert club["e"].points_entries.filter(reason="宣讲").exists()


def test_the_ranking_runs_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    client = client_for(xs.staff)
    url = reverse("registry:points_ranking", args=[xs.district.pk])
    client.get(url)
    for n in range(40):
        points(member(xs.dg_v1 if n % 2 else xs.eh_v1, f"人{n}"), str(n), timezone.localdate())
    with django_assert_max_num_queries(14):
        response = client.get(url, {"per_page": 100})
    assert response.content.decode().count("/registry/people/") >= 40


def age_limit_row() -> ReviewSetting:
    return ReviewSetting.objects.get(key=ReviewKey.AGE_LIMIT)


def test_changing_the_age_limit_on_the_settings_page_changes_the_suggestions(xs, client_for):
    today = timezone.localdate()
    old = member(xs.dg_v1, "老张", birth_year=today.year - 79)
    points(old, "40", today)
    review = reverse("registry:review_list")
    query = {"suggestion": Suggestion.OVER_AGE}
    assert "老张" not in client_for(xs.staff).get(review, query).content.decode()
    edit = reverse("registry:reference_edit", args=["review-settings", age_limit_row().pk])
    client_for(xs.admin).post(edit, {"key": ReviewKey.AGE_LIMIT, "value": 79})
    assert age_limit_row().value == 79
    assert "老张" in client_for(xs.staff).get(review, query).content.decode()


def test_inactivity_low_points_and_entry_follow_the_parameters(xs):
    today = timezone.localdate()
    idle = member(xs.dg_v1, "闲", joined_on=datetime.date(2015, 1, 1))
    points(idle, "9", selectors.months_before(today, 13))
    low = member(xs.dg_v1, "少", layer=Layer.BACKBONE)
    points(low, "2", today)
    keen = member(xs.dg_v1, "勤")
    points(keen, "30", today)
    found = {
        (s.volunteer.person.name, s.suggestion) for s in selectors.review_suggestions(Volunteer.objects.all(), today)
    }
    assert found == {("闲", Suggestion.INACTIVE), ("少", Suggestion.LOW_POINTS), ("勤", Suggestion.ENTRY)}
    ReviewSetting.objects.filter(key=ReviewKey.INACTIVE_MONTHS).update(value=14)
    ReviewSetting.objects.filter(key=ReviewKey.ENTRY_POINTS_AT_LEAST).update(value=31)
    found = {
        (s.volunteer.person.name, s.suggestion) for s in selectors.review_suggestions(Volunteer.objects.all(), today)
    }
    assert found == {("少", Suggestion.LOW_POINTS)}


def test_a_decision_removes_the_suggestion_and_keeps_its_reason(xs, client_for):
    today = timezone.localdate()
    keen = member(xs.dg_v1, "勤")
    points(keen, "35", today)
    review = reverse("registry:review_list")
    assert "勤" in client_for(xs.dg_secretary).get(review).content.decode()
    decide = reverse("registry:volunteer_decide", args=[keen.pk])
    assert client_for(xs.eh_secretary).get(decide).status_code == 404
    assert client_for(xs.viewer).post(decide, {}).status_code == 403
    data = {"suggestion": Suggestion.ENTRY, "decision": Decision.PROMOTE, "reason": "表现突出，经会议研究"}
    client_for(xs.dg_secretary).post(decide, data)
    record = ExitEntryDecision.objects.get(volunteer=keen)
    assert (record.decision, record.decided_by, record.reason) == (Decision.PROMOTE, xs.dg_secretary, data["reason"])
    assert record.history.get().history_user == xs.dg_secretary
    keen.refresh_from_db()
    assert keen.layer == Layer.BACKBONE and keen.history.first().history_user == xs.dg_secretary
    assert "勤" not in client_for(xs.dg_secretary).get(review).content.decode()
    assert "表现突出" in client_for(xs.dg_secretary).get(decide).content.decode()


def test_an_exit_decision_ends_the_membership_and_holds_for_its_span(xs, client_for):
    today = timezone.localdate()
    old = member(xs.dg_v1, "老李", birth_year=today.year - 85)
    points(old, "40", today)
    keep = member(xs.dg_v1, "老王", birth_year=today.year - 85)
    points(keep, "40", today)
    client = client_for(xs.staff)
    exit_data = {"suggestion": Suggestion.OVER_AGE, "decision": Decision.EXIT, "reason": "本人申请退出"}
    client.post(reverse("registry:volunteer_decide", args=[old.pk]), exit_data)
    old.refresh_from_db()
    assert (old.exited_on, old.exit_reason) == (today, "本人申请退出")
    keep_data = {**exit_data, "decision": Decision.KEEP, "reason": "身体健康，继续服务"}
    client.post(reverse("registry:volunteer_decide", args=[keep.pk]), keep_data)
    assert keep.review_decisions.count() == 1 and keep.is_active
    assert not selectors.suggestion_holds(keep, Suggestion.OVER_AGE, today)
    later = selectors.months_before(today, -13)
    assert selectors.suggestion_holds(keep, Suggestion.OVER_AGE, later)  # the decision held 12 months


def test_the_review_list_runs_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    client = client_for(xs.staff)
    client.get(reverse("registry:review_list"))
    for n in range(40):
        member(xs.dg_v1 if n % 2 else xs.eh_v1, f"人{n}", birth_year=1930)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("registry:review_list"), {"per_page": 100})
    assert response.content.decode().count("/decide/") >= 40

"""The points an award brings, in the five-old points ledger (committees' PointsEntry): written
when the district awards a five-old volunteer, once however often it is decided, reversed by a new
entry when the award is undone; nothing for a station, a committee, a category without points or
a person who is not a volunteer; the demo's awarded volunteers have theirs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from committees.demo import demo_load
from committees.models import Layer, PointsBasis, PointsEntry, Volunteer
from evaluations import awards
from evaluations.demo.awards import AWARD_DECIDED, awards_demo_load
from evaluations.models import AwardCategory, AwardPeriod, Nomination, NominationState
from tests.factories import PersonFactory, PostFactory


@pytest.fixture
def period(scheme):
    return AwardPeriod.objects.create(scheme=scheme, first_year=2023, last_year=2025, nominations_open=True)


@pytest.fixture
def volunteer(xs):
    person = PersonFactory(name="东港老人")
    return Volunteer.objects.create(person=person, committee=xs.dg_v1, layer=Layer.BACKBONE)


def _nominate(xs, period, category: str, **awardee) -> Nomination:
    category = AwardCategory.objects.get(name=category)
    return awards.nominate(actor=xs.dg_secretary, period=period, category=category, town=xs.dg, **awardee)


def _ledger(volunteer) -> list[tuple[Decimal, str]]:
    return [(e.points, e.reason) for e in PointsEntry.objects.filter(volunteer=volunteer).order_by("pk")]


def test_staff_awarding_a_volunteer_writes_the_categorys_points_once(xs, period, volunteer, client_for):
    nomination = _nominate(xs, period, "先进个人", person=volunteer.person)
    url = reverse("awards:nomination_decide", kwargs={"pk": nomination.pk})
    client = client_for(xs.staff)
    assert client.post(url, {"decision": "award"}).status_code == 302
    assert client.post(url, {"decision": "award"}).status_code == 302  # decided twice
    entry = PointsEntry.objects.get(volunteer=volunteer)
    assert entry.points == Decimal("3") and entry.date == timezone.localdate()
    assert entry.reason == "先进个人（校外教育辅导站工作先进评选 2023–2025）"
    assert entry.rule.basis == PointsBasis.PER_AWARD and entry.rule.code == "award-district"
    assert entry.history.get().history_user == xs.staff


def test_undoing_an_award_writes_a_reversing_entry_and_keeps_the_first(xs, period, volunteer):
    nomination = _nominate(xs, period, "突出贡献奖", person=volunteer.person)
    awards.decide(actor=xs.staff, nomination=nomination, awarded=True)
    awards.decide(actor=xs.staff, nomination=nomination, awarded=False)
    awards.decide(actor=xs.staff, nomination=nomination, awarded=False)
    assert _ledger(volunteer) == [
        (Decimal("5"), "突出贡献奖（校外教育辅导站工作先进评选 2023–2025）"),
        (Decimal("-5"), "撤销：突出贡献奖（校外教育辅导站工作先进评选 2023–2025）"),
    ]
    awards.decide(actor=xs.admin, nomination=nomination, awarded=True)
    assert sum(points for points, _reason in _ledger(volunteer)) == Decimal("5")
    assert len(_ledger(volunteer)) == 3


def test_the_points_go_to_the_membership_in_the_nominating_town(xs, period, volunteer):
    Volunteer.objects.create(person=volunteer.person, committee=xs.eh_v1, layer=Layer.PARTICIPANT)
    nomination = _nominate(xs, period, "先进个人", person=volunteer.person)
    awards.decide(actor=xs.staff, nomination=nomination, awarded=True)
    assert PointsEntry.objects.get().volunteer == volunteer


def test_nothing_for_a_committee_a_category_without_points_or_a_person_not_a_volunteer(xs, period):
    station = xs.dg_v1.tutoring_stations.create(name="东港辅导站", kind="central")
    not_volunteer = PersonFactory(name="东港主任")
    PostFactory(committee=xs.dg_v1, person=not_volunteer, position="director")
    for category, awardee in (
        ("优秀辅导站", {"station": station}),
        ("突出贡献奖", {"committee": xs.dg_v1}),
        ("先进个人", {"person": not_volunteer}),
    ):
        awards.decide(actor=xs.staff, nomination=_nominate(xs, period, category, **awardee), awarded=True)
    assert Nomination.objects.filter(state=NominationState.AWARDED).count() == 3
    assert not PointsEntry.objects.exists()


def test_the_demos_awarded_volunteers_have_their_points_once(db):
    demo_load()
    staff = get_user_model().objects.get(username="staff")
    awards_demo_load(actor=staff)
    awarded = Nomination.objects.filter(period__first_year=2020, state="awarded", person__isnull=False)
    volunteers = awarded.filter(person__in=Volunteer.objects.active().values("person"))
    entries = PointsEntry.objects.filter(source__startswith="nomination:")
    assert volunteers.count() > 0 and entries.count() == volunteers.count()
    expected = sum(n.category.points for n in volunteers.select_related("category"))
    assert sum(e.points for e in entries) == expected
    assert {e.date for e in entries} == {timezone.localdate(AWARD_DECIDED)}
    awards_demo_load(actor=staff)  # loaded again
    assert PointsEntry.objects.filter(source__startswith="nomination:").count() == volunteers.count()

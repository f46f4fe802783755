"""Awards (评先创优): the demo's 2020–2022 period, nominating inside one's town, deciding as staff,
the certificate (the points an award brings: test_award_points.py)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.demo import demo_load
from committees.models import Layer, StationKind, TutoringStation, Volunteer
from evaluations import awards
from evaluations.demo.awards import awards_demo_load
from evaluations.models import AwardCategory, AwardPeriod, Nomination, NominationState
from tests.factories import PersonFactory


@pytest.fixture
def period(scheme):
    return AwardPeriod.objects.create(scheme=scheme, first_year=2023, last_year=2025, nominations_open=True)


def _category(name):
    return AwardCategory.objects.get(name=name)


def _station(village, name):
    return TutoringStation.objects.create(name=name, committee=village, kind=StationKind.CENTRAL)


def test_the_demo_period_shows_54_8_59_each_awardee_linked(db, client_for, django_assert_max_num_queries):
    demo_load()
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="staff")
    assert awards_demo_load(actor=staff) == 121
    assert awards_demo_load(actor=staff) == 0  # once
    period = AwardPeriod.objects.get(first_year=2020)
    assert Nomination.history.filter(period_id=period.pk).count() == 121
    client = client_for(staff)
    url = reverse("awards:period_detail", kwargs={"pk": period.pk})
    with django_assert_max_num_queries(20):
        page = client.get(url, {"per_page": 100}).content.decode()
    counts = dict(re.findall(r'data-category="([^"]+)">(\d+)<', page))
    assert counts == {"优秀辅导站": "54", "突出贡献奖": "8", "先进个人": "59"}
    links = 0
    for number in (1, 2):
        page = client.get(url, {"per_page": 100, "page": number}).content.decode()
        rows = re.findall(r'<td class="awardee">(.*?)</td>', page, re.S)
        assert rows and all(re.search(r'href="/(registry/stations|committees|registry/people)/\d+/"', r) for r in rows)
        links += len(rows)
    assert links == 121


def test_a_town_secretary_nominates_inside_their_town_only(xs, period, client_for):
    dg_station, eh_station = _station(xs.dg_v1, "东港辅导站"), _station(xs.eh_v1, "甘露辅导站")
    client = client_for(xs.dg_secretary)
    url = reverse("awards:period_nominate", kwargs={"pk": period.pk})
    category = _category("优秀辅导站").pk
    refused = client.post(url, {"town": xs.dg.pk, "category": category, "station": eh_station.pk})
    assert refused.status_code == 200 and not Nomination.objects.exists()
    assert refused.context["form"].errors
    other_town = client.post(url, {"town": xs.eh.pk, "category": category, "station": dg_station.pk})
    assert other_town.status_code == 200 and not Nomination.objects.exists()
    done = client.post(url, {"town": xs.dg.pk, "category": category, "station": dg_station.pk, "reason": "活动多"})
    assert done.status_code == 302
    nomination = Nomination.objects.get()
    assert (nomination.committee, nomination.station, nomination.state) == (xs.dg, dg_station, "nominated")


def test_the_service_refuses_an_out_of_town_awardee_and_a_wrong_kind(xs, period):
    eh_station = _station(xs.eh_v1, "甘露辅导站")
    person = PersonFactory(name="鹅湖老人")
    Volunteer.objects.create(person=person, committee=xs.eh_v1, layer=Layer.BACKBONE)
    args = {"actor": xs.admin, "period": period, "town": xs.dg}
    with pytest.raises(ValidationError, match="不在|not in"):
        awards.nominate(**args, category=_category("优秀辅导站"), station=eh_station)
    with pytest.raises(ValidationError):
        awards.nominate(**args, category=_category("先进个人"), person=person)
    with pytest.raises(ValidationError):
        awards.nominate(**args, category=_category("先进个人"), committee=xs.dg_v1)
    nomination = awards.nominate(**{**args, "town": xs.eh}, category=_category("先进个人"), person=person)
    assert nomination.person == person
    period.nominations_open = False
    with pytest.raises(ValidationError):
        awards.nominate(**args, category=_category("突出贡献奖"), committee=xs.dg_v1)


def test_staff_decide_a_secretary_may_not(xs, period, client_for):
    nomination = awards.nominate(
        actor=xs.dg_secretary, period=period, category=_category("突出贡献奖"), town=xs.dg, committee=xs.dg_v1
    )
    url = reverse("awards:nomination_decide", kwargs={"pk": nomination.pk})
    assert client_for(xs.dg_secretary).post(url, {"decision": "award"}).status_code == 403
    assert client_for(xs.eh_secretary).post(url, {"decision": "award"}).status_code == 404
    assert client_for(xs.staff).post(url, {"decision": "award"}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.AWARDED and nomination.decided_by == xs.staff
    assert nomination.history.count() == 2
    certificate = client_for(xs.dg_secretary).get(
        reverse("awards:nomination_certificate", kwargs={"pk": nomination.pk})
    )
    assert certificate.status_code == 200 and "certificate.css" in certificate.content.decode()
    assert "东港村关工委" in certificate.content.decode()

"""The team form's member picker: chips and a scoped search (htmx) instead of a checkbox per volunteer."""

import pytest
from django.urls import reverse

from committees.models import Layer, Person, Volunteer, VolunteerTeam
from tests.factories import PersonFactory, VolunteerFactory, VolunteerTeamFactory

pytestmark = pytest.mark.django_db

TEAM = {"name": "五老爱心志愿团", "team_type": "service_team", "founded_year": "2015"}


def _many_volunteers(committee, count: int) -> None:
    people = Person.objects.bulk_create(
        Person(name=f"志愿者{n:04d}", birth_year=1950, phone="13912345678") for n in range(count)
    )
    Volunteer.objects.bulk_create(Volunteer(person=p, committee=committee, layer=Layer.PARTICIPANT) for p in people)


def _search(client, committee, q: str, **extra):
    url = reverse("registry:team_member_search", kwargs={"committee_pk": committee.pk})
    return client.get(url, {"q": q, **extra})


def test_the_district_new_team_page_lists_no_volunteer(xs, client_for):
    _many_volunteers(xs.dg_v1, 600)
    # District staff read the registry; the district admin is who creates district-level teams.
    response = client_for(xs.admin).get(reverse("registry:team_create", kwargs={"committee_pk": xs.district.pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 60_000, len(response.content)
    assert 'type="checkbox"' not in body and "志愿者0001" not in body
    assert 'name="q"' in body and reverse("registry:team_member_search", args=[xs.district.pk]) in body


def test_the_search_finds_volunteers_by_name_with_committee_birth_year_and_phone(xs, client_for):
    VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="张明华", birth_year=1952, phone="13912345678"))
    response = _search(client_for(xs.admin), xs.district, "明华")
    body = response.content.decode()
    assert response.status_code == 200
    assert "张明华" in body and "东港村关工委" in body and "1952" in body and "13912345678" in body


def test_the_search_masks_the_phone_of_someone_the_reader_may_not_change(xs, client_for):
    both = PersonFactory(name="张两镇", phone="13912345678")
    VolunteerFactory(committee=xs.dg_v1, person=both)
    VolunteerFactory(committee=xs.eh_v1, person=both)  # so only the district may change them
    body = _search(client_for(xs.dg_secretary), xs.dg, "两镇").content.decode()
    assert "张两镇" in body and "13912345678" not in body and "5678" in body


def test_the_search_shows_at_most_twenty(xs, client_for):
    _many_volunteers(xs.dg_v1, 30)
    body = _search(client_for(xs.admin), xs.district, "志愿者").content.decode()
    assert body.count("data-pick=") == 20


def test_the_search_leaves_out_those_already_chosen(xs, client_for):
    chosen = VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="李已选"))
    other = VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="李未选"))
    body = _search(client_for(xs.dg_secretary), xs.dg, "李", members=[chosen.pk]).content.decode()
    assert f'data-pick="{other.pk}"' in body and f'data-pick="{chosen.pk}"' not in body


def test_a_town_secretary_finds_no_one_of_another_town(xs, client_for):
    VolunteerFactory(committee=xs.eh_v1, person=PersonFactory(name="鹅湖王五"))
    VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="东港王五"))
    client = client_for(xs.dg_secretary)
    body = _search(client, xs.dg, "王五").content.decode()
    assert "东港王五" in body and "鹅湖王五" not in body
    assert "data-pick=" not in _search(client, xs.dg, "鹅湖王五").content.decode()
    assert _search(client, xs.eh, "王五").status_code == 404  # the other town's committee


def test_readers_who_may_not_edit_the_registry_may_not_search(xs, client_for):
    for user in (xs.viewer, xs.staff):
        assert _search(client_for(user), xs.district, "王").status_code == 403


def test_posting_an_out_of_scope_member_is_refused(xs, client_for):
    mine = VolunteerFactory(committee=xs.dg_v1)
    theirs = VolunteerFactory(committee=xs.eh_v1)
    url = reverse("registry:team_create", kwargs={"committee_pk": xs.dg.pk})
    response = client_for(xs.dg_secretary).post(url, {**TEAM, "committee": xs.dg.pk, "members": [mine.pk, theirs.pk]})
    assert response.status_code == 200 and "members" in response.context["form"].errors
    assert not VolunteerTeam.objects.exists()


def test_the_edit_page_shows_members_as_removable_chips_and_keeps_those_out_of_reach(xs, client_for):
    team = VolunteerTeamFactory(committee=xs.dg, name="东港宣讲团")
    mine = VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="周留下"))
    gone = VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="周移除"))
    exited = VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="周已退出"), exited_on="2023-01-01")
    team.members.add(mine, gone, exited)
    client = client_for(xs.dg_secretary)
    url = reverse("registry:team_edit", kwargs={"pk": team.pk})
    body = client.get(url).content.decode()
    assert f'name="members" value="{mine.pk}"' in body and "周移除" in body and "data-remove" in body
    response = client.post(url, {**TEAM, "name": team.name, "committee": xs.dg.pk, "members": [mine.pk]})
    assert response.status_code == 302
    assert set(team.members.all()) == {mine, exited}

"""Role × object matrix for the registry's pages: objects in 东港镇 and in 鹅湖镇.

Out of the reader's scope: 404 and absent from lists. Readable but not allowed: 403.
"""

import datetime

import pytest
from django.urls import reverse

from committees.models import Layer, Person, Post, StationKind, TutoringStation, Volunteer, VolunteerTeam
from tests.factories import PersonFactory, PostFactory

ROLES = ["admin", "staff", "dg_secretary", "eh_secretary", "viewer", "dg_viewer"]
TOWNS = ["dg", "eh"]
READS = {
    "admin": {"dg", "eh"},
    "staff": {"dg", "eh"},
    "dg_secretary": {"dg"},
    "eh_secretary": {"eh"},
    "viewer": {"dg", "eh"},
    "dg_viewer": {"dg"},
}
WRITES = {"admin": {"dg", "eh"}, "dg_secretary": {"dg"}, "eh_secretary": {"eh"}}
PHONE = "13912341234"


@pytest.fixture
def registry(xs):
    rows = {}
    for town, village in (("dg", xs.dg_v1), ("eh", xs.eh_v1)):
        person = PersonFactory(name=f"{town}的人", phone=PHONE)
        post = PostFactory(committee=village, person=person, position="executive_deputy")
        volunteer = Volunteer.objects.create(person=person, committee=village, layer=Layer.BACKBONE)
        team = VolunteerTeam.objects.create(name=f"{town}宣讲团", committee=village)
        team.members.add(volunteer)
        station = TutoringStation.objects.create(name=f"{town}辅导站", committee=village, kind=StationKind.CENTRAL)
        rows[town] = {"person": person, "post": post, "volunteer": volunteer, "team": team, "station": station}
    return rows


def expected(role: str, town: str, write: bool, ok: int) -> int:
    if town not in READS[role]:
        return 404
    if write and town not in WRITES.get(role, set()):
        return 403
    return ok


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_person_detail_follows_the_matrix(xs, registry, client_for, role, town):
    person = registry[town]["person"]
    response = client_for(getattr(xs, role)).get(reverse("registry:person_detail", kwargs={"pk": person.pk}))
    assert response.status_code == expected(role, town, False, 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "page, text",
    [
        ("registry:person_list", "的人"),
        ("registry:volunteer_list", "的人"),
        ("registry:team_list", "宣讲团"),
        ("registry:station_list", "辅导站"),
    ],
)
def test_lists_show_only_the_scope(xs, registry, client_for, role, page, text):
    response = client_for(getattr(xs, role)).get(reverse(page))
    assert response.status_code == 200
    body = response.content.decode()
    for town in TOWNS:
        assert (f"{town}{text}" in body) == (town in READS[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_phones_are_masked_unless_the_reader_may_write(xs, registry, client_for, role, town):
    client = client_for(getattr(xs, role))
    pk = registry[town]["person"].pk
    for url in (reverse("registry:person_list"), reverse("registry:person_detail", kwargs={"pk": pk})):
        body = client.get(url).content.decode()
        if town not in READS[role]:
            continue
        writes = town in WRITES.get(role, set())
        assert (PHONE in body) == writes
        if not writes:
            assert "139****1234" in body


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_ending_a_post_follows_the_matrix(xs, registry, client_for, role, town):
    post = registry[town]["post"]
    client = client_for(getattr(xs, role))
    url = reverse("registry:post_end", kwargs={"pk": post.pk})
    assert client.get(url).status_code == expected(role, town, True, 200)
    response = client.post(url, {"ended_on": "2024-06-30"})
    status = expected(role, town, True, 302)
    assert response.status_code == status
    post.refresh_from_db()
    assert (post.ended_on == datetime.date(2024, 6, 30)) == (status == 302)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_recording_an_exit_follows_the_matrix(xs, registry, client_for, role, town):
    volunteer = registry[town]["volunteer"]
    client = client_for(getattr(xs, role))
    url = reverse("registry:volunteer_exit", kwargs={"pk": volunteer.pk})
    assert client.get(url).status_code == expected(role, town, True, 200)
    response = client.post(url, {"exited_on": "2024-06-30", "exit_reason": "搬迁"})
    status = expected(role, town, True, 302)
    assert response.status_code == status
    volunteer.refresh_from_db()
    assert (volunteer.exited_on is not None) == (status == 302)


def test_a_person_with_rows_in_both_towns_shows_only_the_readable_ones(xs, registry, client_for):
    person = registry["dg"]["person"]
    Post.objects.create(committee=xs.eh_v2, person=person, position="member")
    body = client_for(xs.dg_secretary).get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content
    assert xs.eh_v2.name not in body.decode()
    assert Person.objects.filter(pk=person.pk).exists()

"""Role × object matrix for the registry's pages: objects in 东港镇 and in 鹅湖镇.

Out of the reader's scope: 404 and absent from lists. Readable but not allowed: 403.
"""

import datetime

import pytest
from django.urls import reverse

from committees.models import Layer, Person, PointsEntry, Post, StationKind, TutoringStation, Volunteer, VolunteerTeam
from tests.factories import PersonFactory, PostFactory
from tests.scoping.matrix import ROLES, TOWN_READS, TOWNS, town_status

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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_person_detail_follows_the_matrix(xs, registry, client_for, role, town):
    person = registry[town]["person"]
    response = client_for(getattr(xs, role)).get(reverse("registry:person_detail", kwargs={"pk": person.pk}))
    assert response.status_code == town_status(role, town, 200)


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
        assert (f"{town}{text}" in body) == (town in TOWN_READS[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_phones_are_masked_unless_the_reader_may_write(xs, registry, client_for, role, town):
    client = client_for(getattr(xs, role))
    pk = registry[town]["person"].pk
    for url in (reverse("registry:person_list"), reverse("registry:person_detail", kwargs={"pk": pk})):
        body = client.get(url).content.decode()
        if town not in TOWN_READS[role]:
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
    assert client.get(url).status_code == town_status(role, town, 200, WRITES)
    response = client.post(url, {"ended_on": "2024-06-30"})
    status = town_status(role, town, 302, WRITES)
    assert response.status_code == status
    post.refresh_from_db()
    assert (post.ended_on == datetime.date(2024, 6, 30)) == (status == 302)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_recording_an_exit_follows_the_matrix(xs, registry, client_for, role, town):
    volunteer = registry[town]["volunteer"]
    client = client_for(getattr(xs, role))
    url = reverse("registry:volunteer_exit", kwargs={"pk": volunteer.pk})
    assert client.get(url).status_code == town_status(role, town, 200, WRITES)
    response = client.post(url, {"exited_on": "2024-06-30", "exit_reason": "搬迁"})
    status = town_status(role, town, 302, WRITES)
    assert response.status_code == status
    volunteer.refresh_from_db()
    assert (volunteer.exited_on is not None) == (status == 302)


def test_a_person_with_rows_in_both_towns_shows_only_the_readable_ones(xs, registry, client_for):
    person = registry["dg"]["person"]
    Post.objects.create(committee=xs.eh_v2, person=person, position="member")
    body = client_for(xs.dg_secretary).get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content
    assert xs.eh_v2.name not in body.decode()
    assert Person.objects.filter(pk=person.pk).exists()


# The create and edit pages: each case gives the page, a valid POST and whether it took effect.


def _new_person(town: str) -> dict:
    return {"name": f"{town}新人", "birth_year": "1958", "is_five_old": "on", "five_old_category": "teacher"}


def _person_edit(xs, rows, town):
    person = rows[town]["person"]
    data = {"name": "改名", "birth_year": "1955", "is_five_old": "on", "five_old_category": "teacher", "phone": PHONE}
    return (
        reverse("registry:person_edit", kwargs={"pk": person.pk}),
        data,
        lambda: Person.objects.get(pk=person.pk).name == "改名",
    )


def _post_create(xs, rows, town):
    village = rows[town]["post"].committee
    return (
        reverse("registry:post_create", kwargs={"committee_pk": village.pk}),
        {**_new_person(town), "position": "member"},
        lambda: Post.objects.filter(person__name=f"{town}新人", committee=village).exists(),
    )


def _post_edit(xs, rows, town):
    post = rows[town]["post"]
    return (
        reverse("registry:post_edit", kwargs={"pk": post.pk}),
        {"position": "executive_deputy", "source": "retired_leader", "concurrent": "on"},
        lambda: Post.objects.get(pk=post.pk).source == "retired_leader",
    )


def _volunteer_create(xs, rows, town):
    village = rows[town]["post"].committee
    return (
        reverse("registry:volunteer_create", kwargs={"committee_pk": village.pk}),
        {**_new_person(town), "layer": "participant"},
        lambda: Volunteer.objects.filter(person__name=f"{town}新人", committee=village).exists(),
    )


def _volunteer_edit(xs, rows, town):
    volunteer = rows[town]["volunteer"]
    return (
        reverse("registry:volunteer_edit", kwargs={"pk": volunteer.pk}),
        {"layer": "participant", "joined_on": "2020-03-01", "teams": [rows[town]["team"].pk]},
        lambda: Volunteer.objects.get(pk=volunteer.pk).layer == Layer.PARTICIPANT,
    )


def _points_entry_create(xs, rows, town):
    volunteer = rows[town]["volunteer"]
    return (
        reverse("registry:points_entry_create", kwargs={"pk": volunteer.pk}),
        {"reason": "服务一年", "points": "5", "date": "2024-06-30"},
        lambda: PointsEntry.objects.filter(volunteer=volunteer).exists(),
    )


def _team_create(xs, rows, town):
    village = rows[town]["post"].committee
    data = {"name": "新团队", "team_type": "service_team", "committee": village.pk,
            "members": [rows[town]["volunteer"].pk]}  # fmt: skip
    return (
        reverse("registry:team_create", kwargs={"committee_pk": village.pk}),
        data,
        lambda: VolunteerTeam.objects.filter(name="新团队", committee=village).exists(),
    )


def _team_edit(xs, rows, town):
    team = rows[town]["team"]
    data = {"name": "改名团队", "team_type": "lecture_group", "committee": team.committee_id,
            "members": [rows[town]["volunteer"].pk]}  # fmt: skip
    return (
        reverse("registry:team_edit", kwargs={"pk": team.pk}),
        data,
        lambda: VolunteerTeam.objects.get(pk=team.pk).name == "改名团队",
    )


def _station_create(xs, rows, town):
    village = rows[town]["post"].committee
    return (
        reverse("registry:station_create", kwargs={"committee_pk": village.pk}),
        {"name": "新辅导站", "committee": village.pk, "kind": "central", "activities_per_year": "6"},
        lambda: TutoringStation.objects.filter(name="新辅导站").exists(),
    )


def _station_edit(xs, rows, town):
    station = rows[town]["station"]
    data = {"name": "改名辅导站", "committee": station.committee_id, "kind": "central", "activities_per_year": "8"}
    return (
        reverse("registry:station_edit", kwargs={"pk": station.pk}),
        data,
        lambda: TutoringStation.objects.get(pk=station.pk).name == "改名辅导站",
    )


WRITE_PAGES = {
    "person_edit": _person_edit,
    "post_create": _post_create,
    "post_edit": _post_edit,
    "volunteer_create": _volunteer_create,
    "volunteer_edit": _volunteer_edit,
    "points_entry_create": _points_entry_create,
    "team_create": _team_create,
    "team_edit": _team_edit,
    "station_create": _station_create,
    "station_edit": _station_edit,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
@pytest.mark.parametrize("page", WRITE_PAGES)
def test_create_and_edit_pages_follow_the_matrix(xs, registry, client_for, role, town, page):
    url, data, took_effect = WRITE_PAGES[page](xs, registry, town)
    client = client_for(getattr(xs, role))
    assert client.get(url).status_code == town_status(role, town, 200, WRITES)
    response = client.post(url, data)
    status = town_status(role, town, 302, WRITES)
    assert response.status_code == status, getattr(response, "context", None) and response.context.get("form").errors
    assert took_effect() == (status == 302)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
@pytest.mark.parametrize("page, edit, key", [("registry:team_detail", "registry:team_edit", "team"),
                                             ("registry:station_detail", "registry:station_edit", "station")])  # fmt: skip
def test_team_and_station_pages_follow_the_matrix(xs, registry, client_for, role, town, page, edit, key):
    pk = registry[town][key].pk
    response = client_for(getattr(xs, role)).get(reverse(page, kwargs={"pk": pk}))
    status = town_status(role, town, 200)
    assert response.status_code == status
    if status == 200:
        edit_link = reverse(edit, kwargs={"pk": pk}) in response.content.decode()
        assert edit_link == (town in WRITES.get(role, set()))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_write_controls_show_only_where_the_reader_may_write(xs, registry, client_for, role, town):
    client = client_for(getattr(xs, role))
    village = registry[town]["post"].committee
    person = registry[town]["person"]
    writes = town in WRITES.get(role, set())
    committee_page = client.get(reverse("committees:detail", kwargs={"pk": village.pk}))
    person_page = client.get(reverse("registry:person_detail", kwargs={"pk": person.pk}))
    if town not in TOWN_READS[role]:
        assert committee_page.status_code == person_page.status_code == 404
        return
    body = committee_page.content.decode()
    for name in ("post_create", "volunteer_create", "team_create", "station_create"):
        assert (reverse(f"registry:{name}", kwargs={"committee_pk": village.pk}) in body) == writes
    body = person_page.content.decode()
    assert (reverse("registry:person_edit", kwargs={"pk": person.pk}) in body) == writes
    assert (reverse("registry:post_edit", kwargs={"pk": registry[town]["post"].pk}) in body) == writes
    volunteer_pk = registry[town]["volunteer"].pk
    assert (reverse("registry:points_entry_create", kwargs={"pk": volunteer_pk}) in body) == writes

"""The registry's pages: filters, sorting, masking, history, leadership flags, bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from committees import selectors, services
from committees.models import (
    BackboneRole,
    FiveOldCategory,
    Layer,
    Person,
    PointsEntry,
    Position,
    Post,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from tests.factories import (
    BackboneRoleFactory,
    PersonFactory,
    PointsRuleFactory,
    PostFactory,
    TutoringStationFactory,
    VolunteerFactory,
    VolunteerTeamFactory,
)


def names(response) -> list[str]:
    return [p.name for p in response.context["page_obj"]]


def test_mask_phone_keeps_the_ends():
    assert selectors.mask_phone("13912341234") == "139****1234"
    assert selectors.mask_phone("") == ""
    assert selectors.mask_phone("12345") == "****"


def test_the_people_list_filters_in_sql(xs, client_for):
    young = PersonFactory(name="张青", birth_year=1970, five_old_category=FiveOldCategory.CADRE)
    old = PersonFactory(name="李老", birth_year=1948)
    gone = PersonFactory(name="王退", birth_year=1940)
    PostFactory(committee=xs.dg_v1, person=young, position=Position.YOUNG_STAFF)
    Volunteer.objects.create(person=old, committee=xs.dg_v2, layer=Layer.BACKBONE)
    Volunteer.objects.create(
        person=gone, committee=xs.eh_v1, exited_on=datetime.date(2024, 1, 1), exit_reason="身体原因"
    )
    client = client_for(xs.admin)
    url = reverse("registry:person_list")
    assert names(client.get(url, {"committee": "XS01"})) == ["张青", "李老"]
    assert names(client.get(url, {"committee": "XS01V02"})) == ["李老"]
    assert names(client.get(url, {"category": "cadre"})) == ["张青"]
    assert names(client.get(url, {"layer": "backbone"})) == ["李老"]
    assert names(client.get(url, {"age_band": "70_80", "on": "2026-12-31"})) == ["李老"]
    assert names(client.get(url, {"age_band": "over_80", "on": "2026-12-31"})) == ["王退"]
    assert names(client.get(url, {"state": "exited"})) == ["王退"]
    assert names(client.get(url, {"state": "active"})) == ["张青", "李老"]
    assert names(client.get(url, {"q": "李"})) == ["李老"]
    assert names(client.get(url, {"sort": "birth_year"})) == ["王退", "李老", "张青"]  # oldest first
    assert names(client.get(url, {"committee": "NOPE"})) == []


@pytest.mark.parametrize("url", ["registry:person_list", "registry:volunteer_list"])
def test_the_age_filter_takes_ages_on_the_date_picked_or_today(xs, client_for, monkeypatch, url):
    """Born 1955: 68 at the end of 2023 (60 to 69), 71 in 2026 (70 to 80)."""
    VolunteerFactory(person=PersonFactory(name="赵老", birth_year=1955), committee=xs.dg_v1, layer=Layer.BACKBONE)
    client = client_for(xs.admin)

    def found(**params) -> list[str]:
        rows = client.get(reverse(url), params).context["page_obj"]
        return [getattr(row, "person", row).name for row in rows]

    assert found(age_band="60_69", on="2023-12-31") == ["赵老"]
    assert found(age_band="70_80", on="2023-12-31") == []
    assert found(age_band="70_80", on="2026-12-31") == ["赵老"]
    assert found(age_band="60_69", on="2026-12-31") == []
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2026, 3, 1))
    assert found(age_band="70_80") == ["赵老"]
    assert found(age_band="70_80", on="not a date") == ["赵老"]  # a list always answers: today's ages


def test_the_people_list_runs_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    for i in range(45):
        person = PersonFactory(phone=f"139000{i:05d}")
        PostFactory(committee=xs.dg_v1 if i % 2 else xs.eh_v1, person=person)
        Volunteer.objects.create(person=person, committee=xs.dg_v2)
    for user in (xs.admin, xs.dg_secretary, xs.viewer):
        client = client_for(user)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("registry:person_list"))
        assert response.status_code == 200


def test_show_personal_data_masks_unless_the_reader_may_change_the_person(xs):
    person = PersonFactory(phone="13912341234", id_number="320205195501011234")
    PostFactory(committee=xs.dg_v1, person=person)
    for user, phone, id_number in (
        (xs.dg_secretary, "13912341234", "320205195501011234"),
        (xs.viewer, "139****1234", "3202**********1234"),
        (xs.eh_secretary, "139****1234", "3202**********1234"),
    ):
        selectors.show_personal_data([person], user=user)
        assert (person.phone_shown, person.id_number_shown) == (phone, id_number)


def test_the_person_page_shows_posts_memberships_points_and_history(xs, client_for):
    person = PersonFactory(name="赵五老", phone="13800001111")
    PostFactory(committee=xs.dg_v1, person=person, position=Position.DEPUTY, ended_on=datetime.date(2023, 1, 1))
    volunteer = Volunteer.objects.create(person=person, committee=xs.dg_v1, layer=Layer.BACKBONE)
    volunteer.backbone_roles.add(BackboneRole.objects.create(name="宣讲员"))
    PointsEntry.objects.create(
        volunteer=volunteer, reason="服务一年", points=Decimal("5"), date=datetime.date(2023, 5, 1)
    )
    PointsEntry.objects.create(volunteer=volunteer, reason="获奖", points=Decimal("10"), date=datetime.date(2023, 6, 1))
    client = client_for(xs.dg_secretary)
    client.get(reverse("registry:person_list"))  # the history middleware records the request's user
    person.former_post = "东港中学校长"
    person._history_user = xs.dg_secretary
    person.save()
    response = client.get(reverse("registry:person_detail", kwargs={"pk": person.pk}))
    body = response.content.decode()
    assert "宣讲员" in body and "15" in body and "2023-01-01" in body
    assert "东港中学校长" in body and "东港秘书" in body


def test_the_volunteer_list_filters_and_totals_points(xs, client_for, django_assert_max_num_queries):
    team = VolunteerTeam.objects.create(name="法治宣讲团", committee=xs.dg)
    role = BackboneRole.objects.create(name="调解员")
    for i in range(45):
        v = Volunteer.objects.create(
            person=PersonFactory(birth_year=1950), committee=xs.dg_v1 if i % 2 else xs.eh_v1,
            layer=Layer.BACKBONE if i < 10 else Layer.PARTICIPANT,
        )  # fmt: skip
        v.backbone_roles.add(role)
        PointsEntry.objects.create(volunteer=v, reason="服务", points=Decimal("2"), date=datetime.date(2023, 1, 1))
        if i < 3:
            team.members.add(v)
    client = client_for(xs.admin)
    url = reverse("registry:volunteer_list")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == 45
    assert response.context["page_obj"][0].points_total == Decimal("2")
    assert client.get(url, {"layer": "backbone"}).context["page_obj"].paginator.count == 10
    assert client.get(url, {"team": team.pk}).context["page_obj"].paginator.count == 3
    assert client.get(url, {"committee": "XS03"}).context["page_obj"].paginator.count == 23
    assert client.get(url, {"state": "exited"}).context["page_obj"].paginator.count == 0


def test_the_team_and_station_lists_run_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    for i in range(42):
        village = xs.dg_v1 if i % 2 else xs.eh_v1
        VolunteerTeam.objects.create(name=f"团队{i}", committee=village)
        hub = TutoringStation.objects.create(name=f"中心站{i}", committee=village)
        TutoringStation.objects.create(name=f"点{i}", committee=village, kind=StationKind.POINT, hub=hub)
    client = client_for(xs.admin)
    for name in ("registry:team_list", "registry:station_list"):
        with django_assert_max_num_queries(10):
            response = client.get(reverse(name))
        assert response.status_code == 200
    body = client.get(reverse("registry:station_list"), {"q": "中心站7"}).content.decode()
    assert "点7" in body
    count = client.get(reverse("registry:station_list"), {"hub_only": "on"}).context["page_obj"].paginator.count
    assert count == 42


def test_the_committee_page_shows_the_leadership_and_its_flags(xs, client_for):
    PostFactory(committee=xs.dg_v1, person=PersonFactory(name="钱主任", is_five_old=False, five_old_category=""),
                position=Position.DIRECTOR, concurrent=True)  # fmt: skip
    PostFactory(committee=xs.dg_v1, person=PersonFactory(name="孙常务", is_five_old=False, five_old_category=""),
                position=Position.EXECUTIVE_DEPUTY)  # fmt: skip
    PostFactory(committee=xs.dg_v1, person=PersonFactory(name="旧委员"), position=Position.MEMBER,
                ended_on=datetime.date(2022, 1, 1))  # fmt: skip
    leadership = selectors.current_leadership(xs.dg_v1)
    assert [p.person.name for p in leadership["posts"]] == ["钱主任", "孙常务"]
    assert leadership["executive_not_five_old"] and not leadership["five_old_deputy"]
    assert leadership["no_young_staff"]
    body = client_for(xs.viewer).get(reverse("committees:detail", kwargs={"pk": xs.dg_v1.pk})).content.decode()
    assert "钱主任" in body and "旧委员" not in body
    PostFactory(committee=xs.dg_v1, person=PersonFactory(name="李副"), position=Position.DEPUTY)
    PostFactory(committee=xs.dg_v1, person=PersonFactory(name="小周"), position=Position.YOUNG_STAFF)
    leadership = selectors.current_leadership(xs.dg_v1)
    assert leadership["five_old_deputy"] and not leadership["no_young_staff"]


def test_ending_a_post_keeps_it_and_frees_the_position(xs):
    post = PostFactory(committee=xs.dg_v1, position=Position.DIRECTOR, started_on=datetime.date(2020, 1, 1))
    services.post_end(actor=xs.dg_secretary, post=post, ended_on=datetime.date(2024, 1, 1))
    post.refresh_from_db()
    assert post.ended_on == datetime.date(2024, 1, 1)
    assert post.history.first().history_change_reason
    PostFactory(committee=xs.dg_v1, position=Position.DIRECTOR)
    with pytest.raises(ValidationError):
        services.post_end(actor=xs.dg_secretary, post=post, ended_on=datetime.date(2024, 2, 1))


def test_ending_a_post_before_it_started_is_refused(xs):
    post = PostFactory(committee=xs.dg_v1, started_on=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError):
        services.post_end(actor=xs.admin, post=post, ended_on=datetime.date(2019, 1, 1))
    post.refresh_from_db()
    assert post.ended_on is None


def test_recording_an_exit_needs_a_reason(xs, client_for):
    volunteer = Volunteer.objects.create(person=PersonFactory(), committee=xs.dg_v1)
    with pytest.raises(ValidationError):
        services.volunteer_exit(
            actor=xs.admin, volunteer=volunteer, exited_on=datetime.date(2024, 1, 1), exit_reason=" "
        )
    url = reverse("registry:volunteer_exit", kwargs={"pk": volunteer.pk})
    response = client_for(xs.dg_secretary).post(url, {"exited_on": "2024-01-01", "exit_reason": "迁居外地"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.exit_reason == "迁居外地" and volunteer.history.first().history_user == xs.dg_secretary


# Create and edit pages ------------------------------------------------------------------


def _errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return response.context["form"].errors


NEW_PERSON = {"name": "周新", "birth_year": "1958", "is_five_old": "on", "five_old_category": "teacher"}


def test_adding_a_leadership_member_registers_the_person_with_history(xs, client_for):
    url = reverse("registry:post_create", kwargs={"committee_pk": xs.dg_v1.pk})
    client = client_for(xs.dg_secretary)
    assert client.get(url).status_code == 200
    response = client.post(url, {**NEW_PERSON, "position": "executive_deputy", "started_on": "2024-01-01"})
    assert response.status_code == 302
    post = Post.objects.get(committee=xs.dg_v1)
    assert post.person.name == "周新" and post.started_on == datetime.date(2024, 1, 1)
    assert post.history.first().history_user == xs.dg_secretary
    assert post.person.history.first().history_user == xs.dg_secretary
    assert "周新" in client.get(reverse("committees:detail", kwargs={"pk": xs.dg_v1.pk})).content.decode()


def test_a_registered_person_of_the_town_can_be_added_but_not_one_of_another_town(xs, client_for):
    mine = PersonFactory(name="本镇人")
    VolunteerFactory(person=mine, committee=xs.dg_v2)
    theirs = PersonFactory(name="外镇人")
    VolunteerFactory(person=theirs, committee=xs.eh_v1)
    client = client_for(xs.dg_secretary)
    url = reverse("registry:post_create", kwargs={"committee_pk": xs.dg_v1.pk})
    page = client.get(url).content.decode()
    assert "本镇人" in page and "外镇人" not in page
    assert "person" in _errors(client.post(url, {"person": theirs.pk, "position": "member"}))
    assert not Post.objects.exists()
    assert client.post(url, {"person": mine.pk, "position": "member"}).status_code == 302
    assert Post.objects.get().person == mine


def test_the_leadership_form_needs_one_person(xs, client_for):
    url = reverse("registry:post_create", kwargs={"committee_pk": xs.dg_v1.pk})
    client = client_for(xs.admin)
    assert client.post(url, {"position": "member"}).context["form"].non_field_errors()
    person = PersonFactory()
    PostFactory(committee=xs.dg_v2, person=person)
    response = client.post(url, {**NEW_PERSON, "person": person.pk, "position": "member"})
    assert response.context["form"].non_field_errors()
    assert "birth_year" in _errors(client.post(url, {"name": "无年", "position": "member"}))
    assert Post.objects.count() == 1


def test_a_second_director_is_a_form_error(xs, client_for):
    PostFactory(committee=xs.dg_v1, position=Position.DIRECTOR)
    client = client_for(xs.dg_secretary)
    url = reverse("registry:post_create", kwargs={"committee_pk": xs.dg_v1.pk})
    errors = _errors(client.post(url, {**NEW_PERSON, "name": "第二主任", "position": "director"}))
    assert "position" in errors
    assert not Person.objects.filter(name="第二主任").exists()
    deputy = PostFactory(committee=xs.dg_v1, position=Position.DEPUTY)
    response = client.post(reverse("registry:post_edit", kwargs={"pk": deputy.pk}), {"position": "director"})
    assert "position" in _errors(response)
    deputy.refresh_from_db()
    assert deputy.position == Position.DEPUTY


def test_a_minor_birth_year_is_a_form_error(xs, client_for):
    minor = str(timezone.localdate().year - 12)
    client = client_for(xs.dg_secretary)
    url = reverse("registry:post_create", kwargs={"committee_pk": xs.dg_v1.pk})
    assert "birth_year" in _errors(client.post(url, {**NEW_PERSON, "birth_year": minor, "position": "member"}))
    assert not Person.objects.filter(name="周新").exists()
    person = PersonFactory()
    PostFactory(committee=xs.dg_v1, person=person)
    edit = reverse("registry:person_edit", kwargs={"pk": person.pk})
    response = client.post(
        edit, {"name": person.name, "birth_year": minor, "is_five_old": "on", "five_old_category": "teacher"}
    )
    assert "birth_year" in _errors(response)
    person.refresh_from_db()
    assert person.birth_year == 1955


def test_editing_a_person_records_the_change(xs, client_for):
    person = PersonFactory(name="钱老")
    VolunteerFactory(person=person, committee=xs.dg_v1)
    client = client_for(xs.dg_secretary)
    url = reverse("registry:person_edit", kwargs={"pk": person.pk})
    assert client.get(url).status_code == 200
    data = {"name": "钱老师", "birth_year": "1950", "gender": "female", "id_number": "320205195001010000",
            "former_post": "校长", "is_five_old": "on", "five_old_category": "teacher", "notes": "退休"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.name == "钱老师" and person.gender == "female" and person.former_post == "校长"
    record = person.history.first()
    assert record.history_user == xs.dg_secretary and record.history_change_reason
    body = client.get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content.decode()
    assert "钱老 → 钱老师" in body


def test_a_five_old_needs_a_category_on_the_edit_form(xs, client_for):
    person = PersonFactory()
    PostFactory(committee=xs.dg_v1, person=person)
    url = reverse("registry:person_edit", kwargs={"pk": person.pk})
    response = client_for(xs.admin).post(url, {"name": "甲", "birth_year": "1950", "is_five_old": "on"})
    assert "five_old_category" in _errors(response)


def test_adding_a_volunteer_with_roles_and_teams(xs, client_for):
    role = BackboneRoleFactory(name="宣讲员")
    town_team = VolunteerTeamFactory(committee=xs.dg, name="东港宣讲团")
    other_town = VolunteerTeamFactory(committee=xs.eh, name="鹅湖宣讲团")
    client = client_for(xs.dg_secretary)
    url = reverse("registry:volunteer_create", kwargs={"committee_pk": xs.dg_v1.pk})
    page = client.get(url).content.decode()
    assert "东港宣讲团" in page and "鹅湖宣讲团" not in page
    data = {**NEW_PERSON, "layer": "backbone", "backbone_roles": [role.pk], "joined_on": "2023-05-01"}
    assert "teams" in _errors(client.post(url, {**data, "teams": [other_town.pk]}))
    assert client.post(url, {**data, "teams": [town_team.pk]}).status_code == 302
    volunteer = Volunteer.objects.get(person__name="周新")
    assert list(volunteer.backbone_roles.all()) == [role] and list(volunteer.teams.all()) == [town_team]
    assert volunteer.history.first().history_user == xs.dg_secretary


def test_editing_a_membership_keeps_the_teams_the_editor_cannot_touch(xs, client_for):
    volunteer = VolunteerFactory(committee=xs.dg_v1, layer=Layer.BACKBONE)
    district_team = VolunteerTeamFactory(committee=xs.district, name="区讲师团")
    district_team.members.add(volunteer)
    village_team = VolunteerTeamFactory(committee=xs.dg_v1, name="村服务队")
    role = BackboneRoleFactory()
    client = client_for(xs.dg_secretary)
    url = reverse("registry:volunteer_edit", kwargs={"pk": volunteer.pk})
    assert "区讲师团" not in client.get(url).content.decode()
    data = {"layer": "backbone", "backbone_roles": [role.pk], "teams": [village_team.pk]}
    assert client.post(url, data).status_code == 302
    assert set(volunteer.teams.all()) == {district_team, village_team}
    assert list(volunteer.backbone_roles.all()) == [role]
    assert volunteer.history.first().history_user == xs.dg_secretary


def test_adding_points_updates_the_total_on_the_person_page(xs, client_for):
    volunteer = VolunteerFactory(committee=xs.dg_v1)
    rule = PointsRuleFactory(name="服务满一年", points=Decimal("5"))
    client = client_for(xs.dg_secretary)
    url = reverse("registry:points_entry_create", kwargs={"pk": volunteer.pk})
    assert client.post(url, {"rule": rule.pk, "date": "2024-01-01"}).status_code == 302
    assert client.post(url, {"reason": "获奖", "points": "2.5", "date": "2024-02-01"}).status_code == 302
    errors = _errors(client.post(url, {"date": "2024-03-01"}))
    assert "reason" in errors and "points" in errors
    assert selectors.volunteer_points_total(volunteer) == Decimal("7.50")
    response = client.get(reverse("registry:person_detail", kwargs={"pk": volunteer.person_id}))
    [(membership, _writable)] = response.context["memberships"]
    assert membership.points_total == Decimal("7.50")
    body = response.content.decode()
    assert "7.5" in body and "服务满一年" in body and "获奖" in body
    assert PointsEntry.objects.first().history.first().history_user == xs.dg_secretary


def test_creating_a_team_with_members_of_its_subtree(xs, client_for):
    mine = VolunteerFactory(committee=xs.dg_v1, person=PersonFactory(name="东港志愿者"))
    theirs = VolunteerFactory(committee=xs.eh_v1, person=PersonFactory(name="鹅湖志愿者"))
    client = client_for(xs.admin)
    url = reverse("registry:team_create", kwargs={"committee_pk": xs.dg.pk})
    search = reverse("registry:team_member_search", kwargs={"committee_pk": xs.dg.pk})
    found = client.get(search, {"q": "志愿者"}).content.decode()
    assert "东港志愿者" in found and "鹅湖志愿者" not in found
    data = {"name": "五老爱心志愿团", "team_type": "service_team", "committee": xs.dg.pk, "founded_year": "2015"}
    assert "members" in _errors(client.post(url, {**data, "members": [mine.pk, theirs.pk]}))
    assert not VolunteerTeam.objects.exists()
    assert client.post(url, {**data, "members": [mine.pk]}).status_code == 302
    team = VolunteerTeam.objects.get()
    assert list(team.members.all()) == [mine] and team.history.first().history_user == xs.admin


def test_a_team_edit_rejects_a_volunteer_of_another_town_posted_by_id(xs, client_for):
    team = VolunteerTeamFactory(committee=xs.dg)
    mine = VolunteerFactory(committee=xs.dg_v1)
    theirs = VolunteerFactory(committee=xs.eh_v1)
    url = reverse("registry:team_edit", kwargs={"pk": team.pk})
    for user in (xs.dg_secretary, xs.admin):
        data = {"name": team.name, "team_type": "other", "committee": xs.dg.pk, "members": [mine.pk, theirs.pk]}
        assert "members" in _errors(client_for(user).post(url, data))
        assert not team.members.exists()
    data = {"name": "改名", "team_type": "other", "committee": xs.dg.pk, "members": [mine.pk]}
    assert client_for(xs.dg_secretary).post(url, data).status_code == 302
    team.refresh_from_db()
    assert team.name == "改名" and list(team.members.all()) == [mine]
    assert team.history.first().history_user == xs.dg_secretary


def test_a_team_cannot_be_moved_out_of_the_editors_scope(xs, client_for):
    team = VolunteerTeamFactory(committee=xs.dg)
    url = reverse("registry:team_edit", kwargs={"pk": team.pk})
    response = client_for(xs.dg_secretary).post(url, {"name": team.name, "team_type": "other", "committee": xs.eh.pk})
    assert "committee" in _errors(response)


def test_the_team_page_lists_members_in_bounded_queries(xs, client_for, django_assert_max_num_queries):
    team = VolunteerTeamFactory(committee=xs.dg, name="东港讲师团")
    role = BackboneRoleFactory()
    for i in range(30):
        volunteer = VolunteerFactory(committee=xs.dg_v1 if i % 2 else xs.dg_v2, layer=Layer.BACKBONE)
        volunteer.backbone_roles.add(role)
        team.members.add(volunteer)
    client = client_for(xs.dg_secretary)
    services.team_update(
        actor=xs.dg_secretary, team=team, data={"founded_year": 2010}, members=list(team.members.all())
    )
    with django_assert_max_num_queries(10):
        response = client.get(reverse("registry:team_detail", kwargs={"pk": team.pk}))
    assert len(response.context["members"]) == 30
    assert "2010" in response.content.decode() and "东港秘书" in response.content.decode()


def test_creating_and_editing_stations(xs, client_for):
    client = client_for(xs.dg_secretary)
    url = reverse("registry:station_create", kwargs={"committee_pk": xs.dg.pk})
    page = client.get(url).content.decode()
    assert xs.dg_v1.name in page and xs.eh_v1.name not in page and xs.dg_school.name in page
    data = {"name": "东港村中心站", "committee": xs.dg_v1.pk, "kind": "central", "linked_school": xs.dg_school.pk,
            "opened_year": "2012", "activities_per_year": "24"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    hub = TutoringStation.objects.get()
    assert hub.linked_school == xs.dg_school and hub.history.first().history_user == xs.dg_secretary
    point = {"name": "东港村一点", "committee": xs.dg_v2.pk, "kind": "point", "hub": hub.pk, "activities_per_year": "4"}
    assert "hub" in _errors(client.post(url, point))
    assert client.post(url, {**point, "committee": xs.dg_v1.pk}).status_code == 302
    assert "committee" in _errors(client.post(url, {**data, "name": "镇站", "committee": xs.dg.pk}))
    edit = reverse("registry:station_edit", kwargs={"pk": hub.pk})
    assert "hub" in _errors(client.post(edit, {**data, "kind": "point", "hub": hub.pk}))  # not its own hub
    assert client.post(edit, {**data, "activities_per_year": "30"}).status_code == 302
    hub.refresh_from_db()
    assert hub.activities_per_year == 30


def test_a_central_station_with_points_keeps_its_kind(xs, client_for):
    hub = TutoringStationFactory(committee=xs.dg_v1, name="中心站")
    TutoringStationFactory(committee=xs.dg_v1, name="点", kind=StationKind.POINT, hub=hub)
    other = TutoringStationFactory(committee=xs.dg_v1, name="另一中心站")
    edit = reverse("registry:station_edit", kwargs={"pk": hub.pk})
    data = {"name": "中心站", "committee": xs.dg_v1.pk, "kind": "point", "hub": other.pk, "activities_per_year": "0"}
    assert _errors(client_for(xs.dg_secretary).post(edit, data))
    hub.refresh_from_db()
    assert hub.kind == StationKind.CENTRAL


def test_the_station_page_lists_points_in_bounded_queries(xs, client_for, django_assert_max_num_queries):
    hub = TutoringStationFactory(committee=xs.dg_v1, name="中心站", linked_school=xs.dg_school)
    for i in range(25):
        TutoringStationFactory(committee=xs.dg_v1, name=f"点{i}", kind=StationKind.POINT, hub=hub)
    services.station_update(actor=xs.dg_secretary, station=hub, data={"opened_year": 2015})
    client = client_for(xs.viewer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("registry:station_detail", kwargs={"pk": hub.pk}))
    body = response.content.decode()
    assert "点24" in body and "东港秘书" in body and xs.dg_school.name in body


def test_the_person_page_runs_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    person = PersonFactory()
    role = BackboneRoleFactory()
    for village in (xs.dg_v1, xs.dg_v2):
        PostFactory(committee=village, person=person)
        volunteer = VolunteerFactory(committee=village, person=person, layer=Layer.BACKBONE)
        volunteer.backbone_roles.add(role)
        VolunteerTeamFactory(committee=village).members.add(volunteer)
        for i in range(15):
            PointsEntry.objects.create(
                volunteer=volunteer, reason=f"服务{i}", points=Decimal("1"), date=datetime.date(2024, 1, 1)
            )
    client = client_for(xs.dg_secretary)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("registry:person_detail", kwargs={"pk": person.pk}))
    assert len(response.context["ledger"]) == 30

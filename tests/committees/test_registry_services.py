"""The registry's write services: people, posts, volunteers, points, teams and stations."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committees import selectors, services
from committees.models import Layer, Person, Position, Post, StationKind, Volunteer
from tests.factories import (
    BackboneRoleFactory,
    PersonFactory,
    PointsRuleFactory,
    PostFactory,
    TutoringStationFactory,
    VolunteerFactory,
    VolunteerTeamFactory,
)

NEW_PERSON = {"name": "周新", "birth_year": 1958, "is_five_old": True, "five_old_category": "teacher"}


def test_post_create_registers_a_new_person_with_history(xs):
    post = services.post_create(
        actor=xs.dg_secretary, committee=xs.dg_v1, new_person=NEW_PERSON, position=Position.EXECUTIVE_DEPUTY
    )
    assert post.person.name == "周新" and post.committee == xs.dg_v1
    for record in (post.history.first(), post.person.history.first()):
        assert record.history_user == xs.dg_secretary and record.history_change_reason


def test_post_create_for_a_registered_person(xs):
    person = PersonFactory()
    post = services.post_create(actor=xs.admin, committee=xs.dg_v1, person=person, position=Position.DEPUTY)
    assert post.person == person


def test_post_create_needs_exactly_one_person(xs):
    with pytest.raises(ValidationError):
        services.post_create(actor=xs.admin, committee=xs.dg_v1, position=Position.MEMBER)
    with pytest.raises(ValidationError):
        services.post_create(
            actor=xs.admin, committee=xs.dg_v1, person=PersonFactory(), new_person=NEW_PERSON, position="member"
        )


def test_a_second_open_director_is_refused_and_no_person_is_left_behind(xs):
    PostFactory(committee=xs.dg_v1, position=Position.DIRECTOR)
    with pytest.raises(ValidationError) as exc:
        services.post_create(
            actor=xs.admin, committee=xs.dg_v1, new_person={**NEW_PERSON, "name": "孤儿"}, position="director"
        )
    assert "position" in exc.value.error_dict
    assert not Person.objects.filter(name="孤儿").exists()


def test_a_minor_and_a_second_executive_deputy_are_reported_together(xs):
    PostFactory(committee=xs.dg_v1, position=Position.EXECUTIVE_DEPUTY)
    minor = {**NEW_PERSON, "birth_year": timezone.localdate().year - 10}
    with pytest.raises(ValidationError) as exc:
        services.post_create(actor=xs.admin, committee=xs.dg_v1, new_person=minor, position="executive_deputy")
    assert {"birth_year", "position"} <= set(exc.value.error_dict)


def test_a_closed_committee_takes_no_new_posts(xs):
    services.committee_close(actor=xs.admin, committee=xs.dg_v2, closed_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.post_create(actor=xs.admin, committee=xs.dg_v2, new_person=NEW_PERSON, position="member")


def test_post_update_keeps_the_director_rule(xs):
    PostFactory(committee=xs.dg_v1, position=Position.DIRECTOR)
    deputy = PostFactory(committee=xs.dg_v1, position=Position.DEPUTY)
    with pytest.raises(ValidationError) as exc:
        services.post_update(actor=xs.admin, post=deputy, data={"position": Position.DIRECTOR})
    assert "position" in exc.value.error_dict
    services.post_update(actor=xs.admin, post=deputy, data={"source": "retired_leader", "concurrent": True})
    deputy.refresh_from_db()
    assert deputy.source == "retired_leader" and deputy.history.first().history_user == xs.admin


def test_person_update_checks_the_adult_rule_and_records_the_editor(xs):
    person = PersonFactory()
    with pytest.raises(ValidationError) as exc:
        services.person_update(actor=xs.admin, person=person, data={"birth_year": timezone.localdate().year - 5})
    assert "birth_year" in exc.value.error_dict
    person.refresh_from_db()
    services.person_update(actor=xs.dg_secretary, person=person, data={"phone": " 13900000000 "})
    person.refresh_from_db()
    assert person.phone == "13900000000" and person.history.first().history_user == xs.dg_secretary


def test_person_update_refuses_other_fields(xs):
    with pytest.raises(ValidationError):
        services.person_update(actor=xs.admin, person=PersonFactory(), data={"code": "X1"})


def test_volunteer_create_with_roles_and_teams(xs):
    role = BackboneRoleFactory(name="宣讲员")
    town_team = VolunteerTeamFactory(committee=xs.dg)
    volunteer = services.volunteer_create(
        actor=xs.dg_secretary,
        committee=xs.dg_v1,
        new_person=NEW_PERSON,
        layer=Layer.BACKBONE,
        backbone_roles=[role],
        teams=[town_team],
    )
    assert list(volunteer.backbone_roles.all()) == [role] and list(volunteer.teams.all()) == [town_team]
    assert volunteer.history.first().history_user == xs.dg_secretary


def test_a_volunteer_cannot_join_a_team_of_another_town_or_of_a_lower_committee(xs):
    for team in (VolunteerTeamFactory(committee=xs.eh), VolunteerTeamFactory(committee=xs.dg_v2)):
        with pytest.raises(ValidationError) as exc:
            services.volunteer_create(actor=xs.admin, committee=xs.dg_v1, new_person=NEW_PERSON, teams=[team])
        assert "teams" in exc.value.error_dict


def test_only_backbone_members_hold_backbone_roles(xs):
    with pytest.raises(ValidationError) as exc:
        services.volunteer_create(
            actor=xs.admin, committee=xs.dg_v1, new_person=NEW_PERSON, layer=Layer.PARTICIPANT,
            backbone_roles=[BackboneRoleFactory()],
        )  # fmt: skip
    assert "backbone_roles" in exc.value.error_dict


def test_one_active_membership_per_committee(xs):
    volunteer = VolunteerFactory(committee=xs.dg_v1)
    with pytest.raises(ValidationError):
        services.volunteer_create(actor=xs.admin, committee=xs.dg_v1, person=volunteer.person)


def test_volunteer_update_records_what_changed(xs):
    volunteer = VolunteerFactory(committee=xs.dg_v1)
    role = BackboneRoleFactory()
    team = VolunteerTeamFactory(committee=xs.dg_v1)
    services.volunteer_update(
        actor=xs.dg_secretary, volunteer=volunteer, data={"layer": Layer.BACKBONE}, backbone_roles=[role], teams=[team]
    )
    volunteer.refresh_from_db()
    assert volunteer.layer == Layer.BACKBONE and list(volunteer.teams.all()) == [team]
    record = volunteer.history.first()
    assert record.history_user == xs.dg_secretary and record.history_change_reason != "edited"
    count = volunteer.history.count()
    services.volunteer_update(
        actor=xs.admin, volunteer=volunteer, data={"layer": Layer.BACKBONE}, backbone_roles=[role], teams=[team]
    )
    assert volunteer.history.count() == count  # nothing changed, nothing recorded


def test_points_entries_add_up(xs):
    volunteer = VolunteerFactory(committee=xs.dg_v1)
    rule = PointsRuleFactory(name="服务满一年", points=Decimal("5"))
    entry = services.points_entry_create(
        actor=xs.dg_secretary, volunteer=volunteer, rule=rule, date=datetime.date(2024, 1, 1)
    )
    assert entry.points == Decimal("5") and entry.reason == "服务满一年"
    services.points_entry_create(
        actor=xs.dg_secretary, volunteer=volunteer, reason="获奖", points=Decimal("2.5"), date=datetime.date(2024, 2, 1)
    )
    assert selectors.volunteer_points_total(volunteer) == Decimal("7.5")
    assert entry.history.first().history_user == xs.dg_secretary
    with pytest.raises(ValidationError):
        services.points_entry_create(actor=xs.admin, volunteer=volunteer, reason="无分", date=datetime.date(2024, 1, 1))


def test_team_members_come_from_the_owners_subtree(xs):
    inside = VolunteerFactory(committee=xs.dg_v1)
    outside = VolunteerFactory(committee=xs.eh_v1)
    with pytest.raises(ValidationError) as exc:
        services.team_create(actor=xs.admin, committee=xs.dg, name="团", team_type="other", members=[inside, outside])
    assert "members" in exc.value.error_dict
    team = services.team_create(actor=xs.admin, committee=xs.dg, name="团", team_type="other", members=[inside])
    assert list(team.members.all()) == [inside] and team.history.first().history_user == xs.admin
    with pytest.raises(ValidationError):
        services.team_update(actor=xs.admin, team=team, data={}, members=[inside, outside])
    with pytest.raises(ValidationError):  # moving the team away from its members
        services.team_update(actor=xs.admin, team=team, data={"committee": xs.eh}, members=[inside])


def test_exited_volunteers_stay_in_a_team_but_cannot_join_one(xs):
    team = VolunteerTeamFactory(committee=xs.dg)
    gone = VolunteerFactory(committee=xs.dg_v1, exited_on=datetime.date(2024, 1, 1), exit_reason="搬迁")
    team.members.add(gone)
    services.team_update(actor=xs.admin, team=team, data={"name": "新名"}, members=[gone])
    other = VolunteerFactory(committee=xs.dg_v2, exited_on=datetime.date(2024, 1, 1), exit_reason="搬迁")
    with pytest.raises(ValidationError):
        services.team_update(actor=xs.admin, team=team, data={}, members=[gone, other])


def test_station_rules(xs):
    hub = services.station_create(actor=xs.dg_secretary, committee=xs.dg_v1, name="中心站", linked_school=xs.dg_school)
    point = services.station_create(
        actor=xs.dg_secretary, committee=xs.dg_v1, name="点", kind=StationKind.POINT, hub=hub
    )
    assert point.history.first().history_user == xs.dg_secretary
    with pytest.raises(ValidationError):  # a hub of another village
        services.station_create(actor=xs.admin, committee=xs.dg_v2, name="点2", kind=StationKind.POINT, hub=hub)
    with pytest.raises(ValidationError):  # stations belong to villages
        services.station_create(actor=xs.admin, committee=xs.dg, name="镇站")
    with pytest.raises(ValidationError):  # the hub would point to a point
        services.station_update(actor=xs.admin, station=hub, data={"kind": StationKind.POINT, "hub": point})
    services.station_update(actor=xs.admin, station=hub, data={"activities_per_year": 12})
    hub.refresh_from_db()
    assert hub.activities_per_year == 12 and hub.history.first().history_change_reason


def test_a_station_with_points_keeps_its_village(xs):
    hub = TutoringStationFactory(committee=xs.dg_v1)
    TutoringStationFactory(committee=xs.dg_v1, kind=StationKind.POINT, hub=hub)
    with pytest.raises(ValidationError):
        services.station_update(actor=xs.admin, station=hub, data={"committee": xs.dg_v2})


def test_registry_services_never_leave_an_orphan(xs):
    before = Person.objects.count()
    with pytest.raises(ValidationError):
        services.volunteer_create(
            actor=xs.admin, committee=xs.dg_v1, new_person=NEW_PERSON, teams=[VolunteerTeamFactory(committee=xs.eh)]
        )
    assert Person.objects.count() == before
    assert not Post.objects.exists() and not Volunteer.objects.exists()

"""The registry's pages: filters, sorting, masking, history, leadership flags, bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees import selectors, services
from committees.models import (
    BackboneRole,
    FiveOldCategory,
    Layer,
    PointsEntry,
    Position,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from tests.factories import PersonFactory, PostFactory


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
    assert names(client.get(url, {"age_band": "70_80"})) == ["李老"]
    assert names(client.get(url, {"age_band": "over_80"})) == ["王退"]
    assert names(client.get(url, {"state": "exited"})) == ["王退"]
    assert names(client.get(url, {"state": "active"})) == ["张青", "李老"]
    assert names(client.get(url, {"q": "李"})) == ["李老"]
    assert names(client.get(url, {"sort": "-age"})) == ["王退", "李老", "张青"]
    assert names(client.get(url, {"committee": "NOPE"})) == []


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


def test_show_phones_masks_where_the_reader_may_not_write(xs):
    from committees import scoping
    from committees.models import Post

    person = PersonFactory(phone="13912341234")
    PostFactory(committee=xs.dg_v1, person=person)
    for user, shown in ((xs.dg_secretary, "13912341234"), (xs.viewer, "139****1234"), (xs.eh_secretary, "139****1234")):
        posts = scoping.scope_queryset(Post.objects.all(), user, scoping.Action.EDIT_REGISTRY)
        volunteers = scoping.scope_queryset(Volunteer.objects.all(), user, scoping.Action.EDIT_REGISTRY)
        [row] = selectors.show_phones([person], writable_posts=posts, writable_volunteers=volunteers)
        assert row.phone_shown == shown


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

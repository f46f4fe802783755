import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from committees import services
from committees.models import (
    BackboneRole,
    Committee,
    Kind,
    Layer,
    Person,
    PointsEntry,
    Position,
    Post,
    PostSource,
    StationKind,
    TutoringStation,
    Volunteer,
)
from committees.selectors import volunteer_points_total, with_points_total
from tests.factories import PersonFactory, PostFactory


@pytest.fixture
def demo(demo_district):
    """The demo district (tests/demo_snapshot.py)."""


@pytest.mark.parametrize("position", [Position.DIRECTOR, Position.EXECUTIVE_DEPUTY])
def test_a_second_open_single_post_is_refused_by_the_database(xs, position):
    PostFactory(committee=xs.dg_v1, position=position)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(committee=xs.dg_v1, position=position)


@pytest.mark.parametrize("position", [Position.DIRECTOR, Position.EXECUTIVE_DEPUTY])
def test_a_second_open_single_post_is_refused_by_clean(xs, position):
    PostFactory(committee=xs.dg_v1, position=position)
    second = Post(committee=xs.dg_v1, person=PersonFactory(), position=position)
    with pytest.raises(ValidationError) as exc:
        second.clean()
    assert "position" in exc.value.message_dict
    with pytest.raises(ValidationError):
        second.full_clean()


def test_an_ended_single_post_leaves_room_for_a_successor(xs):
    first = PostFactory(committee=xs.dg_v1, position=Position.DIRECTOR, started_on=datetime.date(2018, 1, 1))
    first.ended_on = datetime.date(2023, 6, 30)
    first.save(update_fields=["ended_on"])
    second = Post(committee=xs.dg_v1, person=PersonFactory(), position=Position.DIRECTOR)
    second.full_clean()
    second.save()
    assert list(Post.objects.open().filter(committee=xs.dg_v1)) == [second]


def test_several_deputies_are_allowed(xs):
    PostFactory(committee=xs.dg, position=Position.DEPUTY)
    PostFactory(committee=xs.dg, position=Position.DEPUTY)
    assert Post.objects.filter(committee=xs.dg, position=Position.DEPUTY).count() == 2


def test_ending_a_post_keeps_it_in_history(xs):
    post = PostFactory(committee=xs.dg_v1, position=Position.EXECUTIVE_DEPUTY, source=PostSource.RETIRED_TEACHER)
    post.ended_on = datetime.date(2024, 3, 31)
    post.save()
    assert Post.objects.filter(pk=post.pk).exists()
    records = list(post.history.order_by("history_date"))
    assert [r.ended_on for r in records] == [None, datetime.date(2024, 3, 31)]
    assert records[-1].history_type == "~"


def test_a_birth_year_that_makes_a_minor_is_refused(db):
    minor = Person(name="小明", birth_year=timezone.localdate().year - 10)
    with pytest.raises(ValidationError) as exc:
        minor.full_clean()
    assert "birth_year" in exc.value.message_dict


def test_an_adult_of_exactly_18_is_accepted(db):
    Person(name="成年人", birth_year=timezone.localdate().year - 18).full_clean()


def test_an_impossible_birth_year_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="古人", birth_year=1850)


def test_a_category_needs_a_five_old(db):
    with pytest.raises(ValidationError):
        Person(name="甲", birth_year=1950, is_five_old=False, five_old_category="teacher").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="甲", birth_year=1950, is_five_old=False, five_old_category="teacher")


def test_deleting_a_committee_with_posts_is_refused(xs):
    PostFactory(committee=xs.dg_v2, position=Position.DIRECTOR)
    with pytest.raises(ValidationError):
        services.committee_delete(actor=xs.admin, committee=xs.dg_v2)
    assert Committee.objects.filter(pk=xs.dg_v2.pk).exists()


def test_one_open_membership_per_person_and_committee(xs):
    person = PersonFactory()
    Volunteer.objects.create(person=person, committee=xs.dg_v1, layer=Layer.BACKBONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.create(person=person, committee=xs.dg_v1, layer=Layer.PARTICIPANT)
    Volunteer.objects.create(person=person, committee=xs.dg_v2)  # another committee is fine


def test_the_points_total_is_the_ledger_sum(xs):
    volunteer = Volunteer.objects.create(person=PersonFactory(), committee=xs.dg_v1, layer=Layer.BACKBONE)
    assert volunteer_points_total(volunteer) == Decimal("0")
    for points in ("10", "2.5"):
        PointsEntry.objects.create(
            volunteer=volunteer, reason="服务", points=Decimal(points), date=datetime.date(2023, 1, 1)
        )
    assert volunteer_points_total(volunteer) == Decimal("12.5")
    assert with_points_total(Volunteer.objects.all()).get().points_total == Decimal("12.5")


def test_the_backbone_roles_are_seeded(db):
    assert list(BackboneRole.objects.values_list("name", flat=True)) == [
        "宣传员",
        "辅导员",
        "监督员",
        "帮扶员",
        "信息员",
    ]


def test_a_point_needs_a_central_station_of_its_village(xs):
    hub = TutoringStation.objects.create(name="中心站", committee=xs.dg_v1)
    with pytest.raises(ValidationError):
        TutoringStation(name="点", committee=xs.dg_v1, kind=StationKind.POINT).full_clean()
    with pytest.raises(ValidationError):
        TutoringStation(name="点", committee=xs.dg_v2, kind=StationKind.POINT, hub=hub).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        TutoringStation.objects.create(name="点", committee=xs.dg_v1, kind=StationKind.POINT)
    TutoringStation(
        name="点", committee=xs.dg_v1, kind=StationKind.POINT, hub=hub, linked_school=xs.dg_school
    ).full_clean()


def test_the_demo_town_executive_deputies_follow_the_report(demo):
    posts = (
        Post.objects.open()
        .filter(committee__kind__in=[Kind.TOWN, Kind.SUBDISTRICT], position=Position.EXECUTIVE_DEPUTY)
        .select_related("person")
    )
    sources = sorted(p.source for p in posts)
    assert sources.count(PostSource.SECOND_LINE_LEADER) == 4
    assert sources.count(PostSource.RETIRED_LEADER) == 4
    assert sources.count(PostSource.RETIRED_PRINCIPAL) == 1
    ages = [2023 - p.person.birth_year for p in posts]
    assert sum(ages) / len(ages) == 59


def test_every_demo_town_has_its_leadership(demo):
    for town in Committee.objects.filter(kind__in=[Kind.TOWN, Kind.SUBDISTRICT]):
        positions = sorted(Post.objects.open().filter(committee=town).values_list("position", flat=True))
        assert len(positions) == 9, town  # 8 members (the seed's 一般在8名左右) and the young staff member
        assert positions.count(Position.DEPUTY) == 2
        assert {Position.DIRECTOR, Position.OFFICE_HEAD, Position.YOUNG_STAFF} <= set(positions)
        director = Post.objects.get(committee=town, position=Position.DIRECTOR)
        assert director.concurrent and director.source == PostSource.IN_OFFICE_CADRE
        # one deputy is also the director of an enterprise committee of the town
        assert Post.objects.filter(
            position=Position.DIRECTOR,
            committee__kind=Kind.ENTERPRISE,
            committee__parent=town,
            person__posts__committee=town,
            person__posts__position=Position.DEPUTY,
        ).exists()


def test_the_demo_new_community_has_a_five_old_deputy(demo):
    community = Committee.objects.get(
        kind=Kind.COMMUNITY, posts__position=Position.EXECUTIVE_DEPUTY, posts__person__is_five_old=False
    )
    assert community.parent.name == "东亭街道关工委" and "新建" in community.notes
    assert Post.objects.filter(committee=community, position=Position.DEPUTY, person__is_five_old=True).exists()
    assert Post.objects.filter(committee=community, position=Position.YOUNG_STAFF).exists()


def test_the_demo_registry_loads_once(demo):
    counts = (Person.objects.count(), Post.objects.count(), Volunteer.objects.count(), Person.history.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (Person.objects.count(), Post.objects.count(), Volunteer.objects.count(), Person.history.count()) == counts
    assert "已经加载过" in out.getvalue()

"""Factories for tests. Committees get their path from save(), so parents come first."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from committees.models import (
    BackboneRole,
    Committee,
    FiveOldCategory,
    Kind,
    Layer,
    Person,
    PointsRule,
    Position,
    Post,
    Role,
    RoleAssignment,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n:04d}")
    name = factory.Sequence(lambda n: f"测试关工委{n}")
    kind = Kind.DISTRICT
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("pw-Xishan-2024")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = Role.VIEWER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试人{n}")
    birth_year = 1955
    is_five_old = True
    five_old_category = FiveOldCategory.TEACHER


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    committee = factory.SubFactory(CommitteeFactory)
    person = factory.SubFactory(PersonFactory)
    position = Position.MEMBER


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    person = factory.SubFactory(PersonFactory)
    committee = factory.SubFactory(CommitteeFactory)
    layer = Layer.PARTICIPANT


class BackboneRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BackboneRole
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"宣讲员{n}")


class PointsRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PointsRule

    code = factory.Sequence(lambda n: f"R{n:03d}")
    name = factory.Sequence(lambda n: f"服务满一年{n}")
    points = Decimal("5")


class VolunteerTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerTeam

    name = factory.Sequence(lambda n: f"宣讲团{n}")
    committee = factory.SubFactory(CommitteeFactory)


class TutoringStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TutoringStation

    name = factory.Sequence(lambda n: f"辅导站{n}")
    committee = factory.SubFactory(CommitteeFactory, kind=Kind.VILLAGE)
    kind = StationKind.CENTRAL

"""A registry for 东港镇 of the `xs` district, and helpers to open rounds and fill forms."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from committees.models import (
    Committee,
    FiveOldCategory,
    Kind,
    Layer,
    Position,
    PostSource,
    StationKind,
    TeamType,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from surveys import services
from surveys.models import State, Submission
from tests.factories import CommitteeFactory, PersonFactory, PostFactory, RoleFactory, UserFactory
from tests.surveys.forms import VALID


@dataclass
class Registry:
    team: VolunteerTeam
    hub: TutoringStation


def build_registry(xs) -> Registry:
    """东港镇's leadership, five-olds, a team and stations (鹅湖镇 stays empty)."""
    dg, v1, v2 = xs.dg, xs.dg_v1, xs.dg_v2

    def post(committee, position, *, name, birth_year=1970, five_old=False, source="", concurrent=False):
        category = FiveOldCategory.CADRE if five_old else ""
        person = PersonFactory(name=name, birth_year=birth_year, is_five_old=five_old, five_old_category=category)
        return PostFactory(committee=committee, person=person, position=position, source=source, concurrent=concurrent)

    post(dg, Position.DIRECTOR, name="周书记", concurrent=True, source=PostSource.IN_OFFICE_CADRE)
    post(dg, Position.EXECUTIVE_DEPUTY, name="钱主任", birth_year=1964, source=PostSource.SECOND_LINE_LEADER)
    post(dg, Position.DEPUTY, name="孙副主任", birth_year=1955, five_old=True, source=PostSource.RETIRED_LEADER)
    post(dg, Position.DEPUTY, name="吴副主任", birth_year=1975)
    post(dg, Position.OFFICE_HEAD, name="郑办公室", birth_year=1985, concurrent=True)
    post(dg, Position.YOUNG_STAFF, name="王小青", birth_year=1998, concurrent=True)
    post(dg, Position.MEMBER, name="冯委员", birth_year=1952, five_old=True)
    ended = post(dg, Position.DEPUTY, name="陈前任", birth_year=1950, five_old=True)
    ended.ended_on = datetime.date(2020, 1, 1)
    ended.save()

    post(v1, Position.DIRECTOR, name="褚书记", concurrent=True, source=PostSource.IN_OFFICE_CADRE)
    post(
        v1, Position.EXECUTIVE_DEPUTY, name="卫老师", birth_year=1955, five_old=True, source=PostSource.RETIRED_TEACHER
    )
    post(v1, Position.YOUNG_STAFF, name="蒋小青", birth_year=1999)
    post(v2, Position.DIRECTOR, name="沈书记", concurrent=True, source=PostSource.IN_OFFICE_CADRE)
    post(v2, Position.EXECUTIVE_DEPUTY, name="韩干部", birth_year=1985, source=PostSource.IN_OFFICE_CADRE)
    post(v2, Position.DEPUTY, name="杨老兵", birth_year=1950, five_old=True, source=PostSource.OTHER_FIVE_OLD)

    def volunteer(committee, layer, birth_year, category, *, joined=datetime.date(2015, 3, 1), exited=None):
        person = PersonFactory(birth_year=birth_year, five_old_category=category)
        return Volunteer.objects.create(
            person=person,
            committee=committee,
            layer=layer,
            joined_on=joined,
            exited_on=exited,
            exit_reason="迁居" if exited else "",
        )

    members = [
        volunteer(v1, Layer.BACKBONE, 1950, FiveOldCategory.TEACHER),  # 73 on 2023-12-31
        volunteer(v1, Layer.BACKBONE, 1960, FiveOldCategory.CADRE),  # 63
        volunteer(v1, Layer.BACKBONE, 1940, FiveOldCategory.VETERAN, joined=datetime.date(2023, 4, 1)),  # 83
        volunteer(v2, Layer.PARTICIPANT, 1958, FiveOldCategory.EXPERT),
        volunteer(v2, Layer.PARTICIPANT, 1956, FiveOldCategory.MODEL_WORKER),
    ]
    volunteer(v2, Layer.BACKBONE, 1949, FiveOldCategory.TEACHER, exited=datetime.date(2023, 6, 1))
    volunteer(v2, Layer.PARTICIPANT, 1950, FiveOldCategory.TEACHER, joined=datetime.date(2024, 2, 1))

    team = VolunteerTeam.objects.create(
        name="东港老干部宣讲团",
        team_type=TeamType.LECTURE_GROUP,
        committee=dg,
        founded_year=2012,
        service_content="进校园宣讲",
    )
    team.members.set(members[:2])
    hub = TutoringStation.objects.create(
        name="东港村辅导站", committee=v1, kind=StationKind.CENTRAL, activities_per_year=20
    )
    TutoringStation.objects.create(
        name="东港村第一辅导点", committee=v1, kind=StationKind.POINT, hub=hub, activities_per_year=6
    )
    TutoringStation.objects.create(name="港下社区辅导站", committee=v2, kind=StationKind.CENTRAL, activities_per_year=8)
    return Registry(team=team, hub=hub)


@pytest.fixture
def registry(xs) -> Registry:
    return build_registry(xs)


def today() -> datetime.date:
    return timezone.localdate()


def open_round(xs, year: int = 2023, *, deadline: datetime.date | None = None, **kwargs):
    return services.round_open(
        actor=xs.admin, year=year, deadline=deadline or today() + datetime.timedelta(days=30), **kwargs
    )


def submission(survey_round, town, form: int) -> Submission:
    return Submission.objects.select_related("survey_round", "town").get(
        survey_round=survey_round, town=town, form=form
    )


def fill(actor, sub: Submission, sections: dict | None = None):
    """Save a form's valid test rows (for 东港镇); the row keys follow tests.surveys.forms."""
    return services.submission_save(actor=actor, submission=sub, rows=sections or VALID[sub.form])


def fill_and_submit(actor, sub: Submission, sections: dict | None = None) -> Submission:
    """Save a form's valid test rows and submit it, as `actor` (through the services)."""
    fill(actor, sub, sections)
    return services.submission_submit(actor=actor, submission=sub)


def submitted(survey_round, town, form: int) -> Submission:
    """A form of the round marked submitted, without its rows (fill_and_submit goes through the
    services)."""
    Submission.objects.filter(survey_round=survey_round, town=town, form=form).update(state=State.SUBMITTED)
    return submission(survey_round, town, form)


@pytest.fixture
def province(db):
    """A province of two cities, a district each, two towns a district, a village a town."""
    root = CommitteeFactory(code="JS", name="江苏省关工委", kind=Kind.PROVINCE)
    for c, city in enumerate(("无锡", "苏州"), start=1):
        city_committee = CommitteeFactory(code=f"JS{c}", name=f"{city}市关工委", kind=Kind.CITY, parent=root)
        district = CommitteeFactory(code=f"JS{c}D", name=f"{city}某区关工委", kind=Kind.DISTRICT, parent=city_committee)
        for t in (1, 2):
            town = CommitteeFactory(code=f"JS{c}D{t}", name=f"{city}{t}镇关工委", kind=Kind.TOWN, parent=district)
            CommitteeFactory(code=f"JS{c}D{t}V1", name=f"{city}{t}村关工委", kind=Kind.VILLAGE, parent=town)
    return root


def province_user(committee_code: str, role: str):
    """A user holding `role` on the province's committee of that code."""
    user = UserFactory()
    RoleFactory(user=user, committee=Committee.objects.get(code=committee_code), role=role)
    return user


@pytest.fixture
def migrate_to():
    """Migrate the test database to some migrations and back: migrate_to([("surveys", "0111_…")])
    returns the apps of that state; the test's end migrates it to the latest again, for the tests after."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets=None):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        targets = targets or executor.loader.graph.leaf_nodes()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate
    migrate()

"""The volunteers and people lists run the same few queries with 100 volunteers as with 10,000."""

import datetime
from decimal import Decimal

from django.urls import reverse

from committees.models import (
    BackboneRole,
    FiveOldCategory,
    Layer,
    Person,
    PointsEntry,
    Position,
    Post,
    Volunteer,
    VolunteerTeam,
)

# Session, user, roles, count, page, prefetches, the form's team choices, who may see phones in
# full, the committee picker's choices, the committee filter's named committees: 8 to 10.
MAX_QUERIES = 10
CATEGORIES = tuple(FiveOldCategory.values)


def add_volunteers(xs, teams: dict[int, VolunteerTeam], start: int, stop: int) -> None:
    """Volunteers start…stop-1 round the four villages, in bulk, with roles, points, teams and a few posts."""
    villages = [xs.dg_v1, xs.dg_v2, xs.eh_v1, xs.eh_v2]
    people = Person.objects.bulk_create(
        [
            Person(
                code=f"Q{i:05d}",
                name=f"志愿者{i}",
                birth_year=1938 + i % 45,
                phone=f"139{i:08d}",
                is_five_old=True,
                five_old_category=CATEGORIES[i % len(CATEGORIES)],
            )
            for i in range(start, stop)
        ],
        batch_size=2000,
    )
    volunteers = Volunteer.objects.bulk_create(
        [
            Volunteer(
                person=person,
                committee=villages[i % len(villages)],
                layer=Layer.BACKBONE if i % 5 == 0 else Layer.PARTICIPANT,
                joined_on=datetime.date(2010 + i % 14, 1 + i % 12, 1),
                exited_on=datetime.date(2024, 6, 30) if i % 17 == 0 else None,
                exit_reason="迁居" if i % 17 == 0 else "",
            )
            for i, person in enumerate(people, start=start)
        ],
        batch_size=2000,
    )
    roles = list(BackboneRole.objects.all())
    RoleThrough = Volunteer.backbone_roles.through
    RoleThrough.objects.bulk_create(
        [
            RoleThrough(volunteer_id=v.pk, backbonerole_id=roles[i % len(roles)].pk)
            for i, v in enumerate(volunteers)
            if v.layer == Layer.BACKBONE
        ],
        batch_size=2000,
    )
    PointsEntry.objects.bulk_create(
        [
            PointsEntry(volunteer=v, reason="服务一年", points=Decimal("10"), date=datetime.date(2023, 12, 31))
            for i, v in enumerate(volunteers)
            if i % 3 == 0
        ],
        batch_size=2000,
    )
    TeamThrough = VolunteerTeam.members.through
    TeamThrough.objects.bulk_create(
        [
            TeamThrough(volunteerteam_id=teams[v.committee.parent_id].pk, volunteer_id=v.pk)
            for i, v in enumerate(volunteers)
            if i % 4 < 2
        ],
        batch_size=2000,
    )
    Post.objects.bulk_create(
        [Post(committee=v.committee, person=v.person, position=Position.MEMBER) for v in volunteers[::50]]
    )


def query_counts(client_for, django_assert_max_num_queries, url: str, cases) -> dict[str, tuple[int, int]]:
    """For each case: (queries run, rows found); fails when a case runs more than MAX_QUERIES."""
    counts = {}
    for label, user, params in cases:
        client = client_for(user)
        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            response = client.get(url, params)
        assert response.status_code == 200, label
        counts[label] = (len(captured), response.context["page_obj"].paginator.count)
    return counts


def volunteer_cases(xs, teams):
    return [
        ("district admin", xs.admin, {}),
        ("东港镇 secretary", xs.dg_secretary, {}),
        ("layer", xs.admin, {"layer": Layer.BACKBONE}),
        ("age band", xs.dg_secretary, {"age_band": "70_80"}),
        ("team", xs.dg_secretary, {"team": teams[xs.dg.pk].pk}),
        ("search", xs.admin, {"q": "志愿者1"}),
        ("committee, category and state", xs.admin, {"committee": "XS03", "category": "teacher", "state": "active"}),
        (
            "all filters, page 2",
            xs.admin,
            {"layer": Layer.PARTICIPANT, "age_band": "over_80", "q": "志愿者", "page": 2},
        ),
        ("sorted by points, descending", xs.admin, {"sort": "-points"}),
        ("sorted by birth year, page 2", xs.dg_secretary, {"sort": "birth_year", "page": 2}),
    ]


def people_cases(xs):
    return [
        ("district admin", xs.admin, {}),
        ("东港镇 secretary", xs.dg_secretary, {}),
        ("layer", xs.admin, {"layer": Layer.BACKBONE}),
        ("age band", xs.dg_secretary, {"age_band": "70_80"}),
        ("search", xs.admin, {"q": "志愿者1"}),
        (
            "committee, category, state, sort",
            xs.admin,
            {"committee": "XS01", "category": "cadre", "state": "active", "sort": "-birth_year"},
        ),
        ("viewer, page 3", xs.viewer, {"page": 3}),
    ]


def make_teams(xs) -> dict[int, VolunteerTeam]:
    return {town.pk: VolunteerTeam.objects.create(name=f"{town.name}宣讲团", committee=town) for town in (xs.dg, xs.eh)}


def test_the_volunteer_list_runs_the_same_queries_for_100_and_10000_volunteers(
    xs, client_for, django_assert_max_num_queries
):
    teams = make_teams(xs)
    url = reverse("registry:volunteer_list")
    add_volunteers(xs, teams, 0, 100)
    small = query_counts(client_for, django_assert_max_num_queries, url, volunteer_cases(xs, teams))
    add_volunteers(xs, teams, 100, 10_000)
    large = query_counts(client_for, django_assert_max_num_queries, url, volunteer_cases(xs, teams))

    assert {k: q for k, (q, _) in large.items()} == {k: q for k, (q, _) in small.items()}
    assert large["district admin"][1] == 10_000
    assert large["东港镇 secretary"][1] == 5_000
    assert all(rows > small[k][1] > 0 for k, (_, rows) in large.items() if k != "all filters, page 2")


def test_the_people_list_runs_the_same_queries_for_100_and_10000_volunteers(
    xs, client_for, django_assert_max_num_queries
):
    teams = make_teams(xs)
    url = reverse("registry:person_list")
    add_volunteers(xs, teams, 0, 100)
    small = query_counts(client_for, django_assert_max_num_queries, url, people_cases(xs))
    add_volunteers(xs, teams, 100, 10_000)
    large = query_counts(client_for, django_assert_max_num_queries, url, people_cases(xs))

    assert {k: q for k, (q, _) in large.items()} == {k: q for k, (q, _) in small.items()}
    assert large["district admin"][1] == 10_000
    assert large["东港镇 secretary"][1] == 5_000
    assert all(rows > small[k][1] > 0 for k, (_, rows) in large.items() if k != "viewer, page 3")

"""The demo registry: posts, volunteers, teams and stations, consistent with the 2024 report.
Loaded once, as a whole: if any demo person exists, the registry is left alone."""

from __future__ import annotations

import datetime
import random

from simple_history.utils import bulk_create_with_history

from ..models import (
    PERSON_CODE_PREFIX,
    TOWN_KINDS,
    VILLAGE_KINDS,
    BackboneRole,
    Committee,
    FiveOldCategory,
    Kind,
    Layer,
    Person,
    PointsEntry,
    PointsRule,
    Position,
    Post,
    PostSource,
    StationKind,
    TeamType,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from .people import SEED_DAY, PeopleMaker, aged, backbone_birth_years
from .tree import HISTORY_REASON, demo_committees

PARTICIPANT_COUNT = 3450
HUB_AND_POINTS_VILLAGES = 42
DEFAULT_BACKBONE_ROLES = ("宣传员", "辅导员", "监督员", "帮扶员", "信息员")

# Town executive deputies, town by town: 4 second-line leaders, 4 retired leaders and one
# retired principal, aged 59 on average at SEED_DAY (sum of ages 531).
TOWN_EXECUTIVE_DEPUTIES: tuple[tuple[str, int], ...] = (
    (PostSource.SECOND_LINE_LEADER, 57),
    (PostSource.RETIRED_LEADER, 60),
    (PostSource.SECOND_LINE_LEADER, 58),
    (PostSource.RETIRED_LEADER, 62),
    (PostSource.RETIRED_PRINCIPAL, 58),
    (PostSource.SECOND_LINE_LEADER, 56),
    (PostSource.RETIRED_LEADER, 64),
    (PostSource.SECOND_LINE_LEADER, 55),
    (PostSource.RETIRED_LEADER, 61),
)

# (name suffix, type, service content); a town takes the first 6, the first five towns a 7th.
TEAM_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("老干部宣讲团", TeamType.LECTURE_GROUP, "进校园、进社区开展党史和革命传统宣讲"),
    ("老教师宣讲团", TeamType.LECTURE_GROUP, "课后辅导、读书会和家庭教育讲座"),
    ("法治宣讲团", TeamType.LECTURE_GROUP, "青少年法治教育、防范电信诈骗和校园欺凌"),
    ("退役军人讲师团", TeamType.LECTURER_GROUP, "国防教育、军训指导和英模事迹报告"),
    ("“五老”爱心志愿团", TeamType.SERVICE_TEAM, "结对帮扶困境青少年，节假日看护留守儿童"),
    ("“五老”帮教团", TeamType.MENTORING_GROUP, "帮教有不良行为的青少年和社区矫正青少年"),
    ("家庭教育讲师团", TeamType.LECTURER_GROUP, "家长学校授课和家庭教育咨询"),
)
WUFUHUA_TOWN = "安镇街道"
WUFUHUA_TEAM = (
    "“五福花”团队",
    TeamType.OTHER,
    "退休女干部、女教师、女企业家牵手“五失”“四困”青少年，播撒健康福、文化福、学业福、温馨福和就业福",
)


def _town_short(town: Committee) -> str:
    """东港镇 → 东港, 安镇街道 → 安镇: the name people use for the town."""
    name = _base_name(town)
    return name.removesuffix("街道") if name.endswith("街道") else name.removesuffix("镇")


def _base_name(committee: Committee) -> str:
    return committee.name.removesuffix("关工委")


def _demo_backbone_roles() -> list[BackboneRole]:
    roles = list(BackboneRole.objects.all())
    if not roles:  # the data migration seeds them; a database built without migrations has none
        roles = BackboneRole.objects.bulk_create(
            BackboneRole(name=name, display_order=i + 1) for i, name in enumerate(DEFAULT_BACKBONE_ROLES)
        )
    return roles


class _Posts:
    """The posts to create, each started on a random first of the month in 2016–2023."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: list[tuple[Committee, Person, dict]] = []

    def add(
        self,
        committee: Committee,
        person: Person,
        position: str,
        source: str = "",
        concurrent: bool = False,
        rng: random.Random | None = None,
    ):
        rng = rng or self.rng
        started = datetime.date(rng.randint(2016, 2023), rng.randint(1, 12), 1)
        self.rows.append(
            (
                committee,
                person,
                {"position": position, "source": source, "concurrent": concurrent, "started_on": started},
            )
        )


def registry_load(*, by_code: dict[str, Committee], actor=None) -> int:
    """Create the demo registry unless it is there; return the number of people created."""
    if Person.objects.filter(code__startswith=PERSON_CODE_PREFIX).exists():
        return 0
    rng = random.Random(2024)
    maker = PeopleMaker(rng)
    committees = sorted(by_code.values(), key=lambda c: c.code)
    towns = [c for c in committees if c.kind in TOWN_KINDS]
    villages = [c for c in committees if c.kind in VILLAGE_KINDS]
    posts = _Posts(rng)
    new_community = next(spec.code for level in demo_committees() for spec in level if spec.notes)

    for t, town in enumerate(towns):
        _town_posts(posts, maker, t, town, by_code)
    for v, village in enumerate(villages):
        _village_posts(posts, maker, v, village, new_community)
    volunteer_rows = _volunteer_rows(rng, maker, villages)
    _town_third_members(posts, maker, towns)

    volunteers = _registry_save(rng, maker, posts, volunteer_rows, actor)
    _volunteer_extras(rng, volunteers, actor)
    _teams_load(rng, towns, volunteers, actor)
    _stations_load(rng, villages, committees, actor)
    return len(maker.people)


def _town_posts(posts: _Posts, maker: PeopleMaker, t: int, town: Committee, by_code: dict[str, Committee]) -> None:
    """A town committee's leaders, office and members; its deputy for enterprises also directs
    the town's first enterprise committee."""
    rng = maker.rng
    short = _town_short(town)
    kind_word = "街道" if town.kind == Kind.SUBDISTRICT else "镇"
    director = maker.make(birth_year=rng.randint(1975, 1983), former_post=f"{kind_word}党（工）委副书记（在职）")
    posts.add(town, director, Position.DIRECTOR, PostSource.IN_OFFICE_CADRE, concurrent=True)

    source, age = TOWN_EXECUTIVE_DEPUTIES[t]
    if source == PostSource.SECOND_LINE_LEADER:
        deputy = maker.make(birth_year=aged(age), former_post=f"{kind_word}人大（工委）主任（退二线）")
    elif source == PostSource.RETIRED_LEADER:
        deputy = maker.make(
            birth_year=aged(age),
            category=FiveOldCategory.CADRE,
            former_post=f"原{kind_word}党（工）委副书记（退休）",
        )
    else:
        deputy = maker.make(birth_year=aged(age), category=FiveOldCategory.TEACHER, former_post=f"原{short}中学校长")
    posts.add(town, deputy, Position.EXECUTIVE_DEPUTY, source)

    enterprise_director = maker.make(
        birth_year=rng.randint(1952, 1962),
        category=FiveOldCategory.CADRE,
        former_post=f"原{kind_word}经济服务中心主任",
    )
    posts.add(town, enterprise_director, Position.DEPUTY, PostSource.RETIRED_LEADER)
    posts.add(by_code[f"{town.code}E001"], enterprise_director, Position.DIRECTOR, PostSource.RETIRED_LEADER, True)
    teacher = maker.make(birth_year=rng.randint(1952, 1962), category=FiveOldCategory.TEACHER)
    posts.add(town, teacher, Position.DEPUTY, PostSource.RETIRED_TEACHER)
    office = maker.make(birth_year=rng.randint(1978, 1990), former_post=f"{kind_word}宣传统战办干部（在职）")
    posts.add(town, office, Position.OFFICE_HEAD, PostSource.IN_OFFICE_CADRE, concurrent=True)
    young = maker.make(birth_year=rng.randint(1995, 2001), former_post="机关年轻干部（兼职）")
    posts.add(town, young, Position.YOUNG_STAFF, concurrent=True)
    for category in (FiveOldCategory.VETERAN, FiveOldCategory.EXPERT):
        member = maker.make(birth_year=rng.randint(1948, 1958), category=category)
        posts.add(town, member, Position.MEMBER, PostSource.OTHER_FIVE_OLD)


# The seed's town leadership: "班子成员一般在8名左右" (the young staff member not counted).
TOWN_LEADERSHIP_SIZE = 8
THIRD_MEMBERS_SEED = 20248  # their own random numbers: everyone made before stays as they were


def _town_third_members(posts: _Posts, maker: PeopleMaker, towns: list[Committee]) -> None:
    """A third five-old member in each town, so that the towns' leaderships number
    TOWN_LEADERSHIP_SIZE. Made after everyone else, with their own random numbers, so that the
    other people, their codes and the rest of the demo's figures are unchanged."""
    rng = random.Random(THIRD_MEMBERS_SEED)
    makes = maker.with_rng(rng)
    for town in towns:
        member = makes.make(birth_year=rng.randint(1950, 1958), category=FiveOldCategory.MODEL_WORKER)
        posts.add(town, member, Position.MEMBER, PostSource.OTHER_FIVE_OLD, rng=rng)


# A village's five-old executive deputy, in turn: (post source, five-old category).
VILLAGE_SOURCES = (
    (PostSource.RETIRED_TEACHER, FiveOldCategory.TEACHER),
    (PostSource.RETIRED_LEADER, FiveOldCategory.CADRE),
    (PostSource.OTHER_FIVE_OLD, FiveOldCategory.VETERAN),
    (PostSource.RETIRED_TEACHER, FiveOldCategory.TEACHER),
    (PostSource.OTHER_FIVE_OLD, FiveOldCategory.MODEL_WORKER),
    (PostSource.RETIRED_LEADER, FiveOldCategory.CADRE),
)


def _village_posts(posts: _Posts, maker: PeopleMaker, v: int, village: Committee, new_community: str) -> None:
    """A village or community's director, executive deputy and young staff member; the new
    community's executive deputy is a serving cadre, with a five-old deputy beside them."""
    rng = maker.rng
    head = "社区" if village.kind == Kind.COMMUNITY else "村"
    director = maker.make(birth_year=rng.randint(1970, 1986), former_post=f"{head}党组织书记（在职）")
    posts.add(village, director, Position.DIRECTOR, PostSource.IN_OFFICE_CADRE, concurrent=True)
    if village.code == new_community:
        cadre = maker.make(birth_year=rng.randint(1980, 1988), former_post="社区党委副书记（在职）")
        posts.add(village, cadre, Position.EXECUTIVE_DEPUTY, PostSource.IN_OFFICE_CADRE, concurrent=True)
        five_old = maker.make(birth_year=rng.randint(1952, 1960), category=FiveOldCategory.TEACHER)
        posts.add(village, five_old, Position.DEPUTY, PostSource.RETIRED_TEACHER)
    else:
        source, category = VILLAGE_SOURCES[v % len(VILLAGE_SOURCES)]
        five_old = maker.make(birth_year=rng.randint(1950, 1963), category=category)
        posts.add(village, five_old, Position.EXECUTIVE_DEPUTY, source)
    young = maker.make(birth_year=rng.randint(1993, 2001), former_post=f"{head}工作人员（兼职）")
    posts.add(village, young, Position.YOUNG_STAFF, concurrent=True)


def _volunteer_rows(
    rng: random.Random, maker: PeopleMaker, villages: list[Committee]
) -> list[tuple[Committee, Person, str]]:
    """The volunteers, dealt round the villages in code order so every town gets its share."""
    rows: list[tuple[Committee, Person, str]] = []
    for i, birth_year in enumerate(backbone_birth_years(rng)):
        person = maker.make(birth_year=birth_year, category=maker.category())
        rows.append((villages[i % len(villages)], person, Layer.BACKBONE))
    for i in range(PARTICIPANT_COUNT):
        person = maker.make(birth_year=aged(rng.randint(58, 85)), category=maker.category())
        rows.append((villages[(i * 7) % len(villages)], person, Layer.PARTICIPANT))
    return rows


def _registry_save(
    rng: random.Random,
    maker: PeopleMaker,
    posts: _Posts,
    volunteer_rows: list[tuple[Committee, Person, str]],
    actor,
) -> list[Volunteer]:
    """Save the people, their posts and the volunteers (each joined on a random day); return the
    volunteers."""
    for person in maker.people:
        person.full_clean(validate_unique=False, validate_constraints=False)
    history = {"default_user": actor, "default_change_reason": HISTORY_REASON, "batch_size": 500}
    bulk_create_with_history(maker.people, Person, **history)
    bulk_create_with_history([Post(committee=c, person=p, **fields) for c, p, fields in posts.rows], Post, **history)
    return bulk_create_with_history(
        [
            Volunteer(
                committee=c,
                person=p,
                layer=layer,
                joined_on=datetime.date(rng.randint(2008, 2023), rng.randint(1, 12), rng.randint(1, 28)),
            )
            for c, p, layer in volunteer_rows
        ],
        Volunteer,
        **history,
    )


def _volunteer_extras(rng: random.Random, volunteers: list[Volunteer], actor) -> None:
    """Backbone roles and a first points entry (years of service) for each backbone volunteer."""
    roles = _demo_backbone_roles()
    backbone = [v for v in volunteers if v.layer == Layer.BACKBONE]
    Through = Volunteer.backbone_roles.through
    Through.objects.bulk_create(
        Through(volunteer_id=v.pk, backbonerole_id=role.pk)
        for v in backbone
        for role in rng.sample(roles, rng.choice((1, 1, 2)))
    )
    rule = PointsRule.objects.filter(code="service-year").first()
    if rule is None:
        return
    entries = [
        PointsEntry(
            volunteer=v,
            rule=rule,
            reason=f"{rule.name}：{SEED_DAY.year - v.joined_on.year} 年",
            points=rule.points * (SEED_DAY.year - v.joined_on.year),
            date=SEED_DAY,
        )
        for v in backbone
        if v.joined_on.year < SEED_DAY.year
    ]
    bulk_create_with_history(entries, PointsEntry, default_user=actor, default_change_reason=HISTORY_REASON)


def _teams_load(rng: random.Random, towns: list[Committee], volunteers: list[Volunteer], actor) -> None:
    by_town: dict[str, list[Volunteer]] = {}
    for v in volunteers:
        by_town.setdefault(v.committee.parent_id, []).append(v)
    teams: list[VolunteerTeam] = []
    members: list[tuple[int, list[Volunteer]]] = []
    for t, town in enumerate(towns):
        short = _town_short(town)
        templates = list(TEAM_TEMPLATES[: 7 if t < 5 else 6])
        if _base_name(town) == WUFUHUA_TOWN:
            templates[-1] = WUFUHUA_TEAM
        for suffix, team_type, content in templates:
            teams.append(
                VolunteerTeam(
                    name=suffix if suffix == WUFUHUA_TEAM[0] else f"{short}{suffix}",
                    team_type=team_type,
                    committee=town,
                    founded_year=rng.randint(2008, 2021),
                    service_content=content,
                )
            )
            pool = by_town.get(town.pk, [])
            members.append((len(teams) - 1, rng.sample(pool, min(len(pool), rng.randint(8, 24)))))
    created = bulk_create_with_history(teams, VolunteerTeam, default_user=actor, default_change_reason=HISTORY_REASON)
    Through = VolunteerTeam.members.through
    Through.objects.bulk_create(
        Through(volunteerteam_id=created[i].pk, volunteer_id=v.pk) for i, chosen in members for v in chosen
    )


def _stations_load(rng: random.Random, villages: list[Committee], committees: list[Committee], actor) -> None:
    """A tutoring station in every village; HUB_AND_POINTS_VILLAGES of them run hub-and-points."""
    schools: dict[int, list[Committee]] = {}
    for c in committees:
        if c.kind == Kind.SCHOOL:
            schools.setdefault(c.parent_id, []).append(c)
    hubs = set(rng.sample(range(len(villages)), HUB_AND_POINTS_VILLAGES))
    centrals = [
        TutoringStation(
            name=f"{_base_name(v)}校外教育辅导站",
            committee=v,
            kind=StationKind.CENTRAL,
            linked_school=rng.choice(schools[v.parent_id]) if v.parent_id in schools else None,
            opened_year=rng.randint(2004, 2016),
            activities_per_year=rng.randint(6, 30),
        )
        for v in villages
    ]
    history = {"default_user": actor, "default_change_reason": HISTORY_REASON}
    centrals = bulk_create_with_history(centrals, TutoringStation, **history)
    points = [
        TutoringStation(
            name=f"{central.name}第{'一二三'[k]}辅导点",
            committee=central.committee,
            kind=StationKind.POINT,
            hub=central,
            linked_school=central.linked_school,
            opened_year=rng.randint(max(central.opened_year, 2012), 2022),
            activities_per_year=rng.randint(4, 20),
        )
        for i, central in enumerate(centrals)
        if i in hubs
        for k in range(rng.randint(1, 3))
    ]
    bulk_create_with_history(points, TutoringStation, **history)

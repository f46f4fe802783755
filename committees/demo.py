"""The Xishan demo district: its committees, one user per role, and the loader.

The counts follow the 2024 research report (9 towns, 128 villages, 39 schools, 404
enterprises). Town names are real; village, school and company names are invented from
syllable lists, deterministically, so every load builds the same tree.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from . import ages, services
from .models import (
    PATH_SEPARATOR,
    PERSON_CODE_PREFIX,
    TOWN_KINDS,
    VILLAGE_KINDS,
    BackboneRole,
    Committee,
    FiveOldCategory,
    Gender,
    Kind,
    Layer,
    Person,
    PointsEntry,
    PointsRule,
    Position,
    Post,
    PostSource,
    Role,
    RoleAssignment,
    StationKind,
    TeamType,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)

DISTRICT_CODE = "XS"
DISTRICT_NAME = "锡山区关工委"
HISTORY_REASON = "load_demo"


@dataclass(frozen=True)
class TownSpec:
    name: str
    kind: str
    villages: int
    schools: int
    enterprises: int
    # Well-known place names in the town, used first for its villages.
    places: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.name.removesuffix("街道").removesuffix("镇")


TOWNS: tuple[TownSpec, ...] = (
    TownSpec("东港镇", Kind.TOWN, 20, 5, 60, ("东港", "港下")),
    TownSpec("锡北镇", Kind.TOWN, 18, 5, 55, ("八士", "张泾")),
    TownSpec("鹅湖镇", Kind.TOWN, 16, 5, 48, ("甘露", "荡口")),
    TownSpec("羊尖镇", Kind.TOWN, 17, 4, 50, ("羊尖", "严家桥")),
    TownSpec("东亭街道", Kind.SUBDISTRICT, 13, 5, 45, ("东亭",)),
    TownSpec("安镇街道", Kind.SUBDISTRICT, 12, 4, 40, ("安镇", "胶山")),
    TownSpec("厚桥街道", Kind.SUBDISTRICT, 11, 4, 38, ("厚桥", "嵩山")),
    TownSpec("东北塘街道", Kind.SUBDISTRICT, 10, 3, 30, ("东北塘",)),
    TownSpec("云林街道", Kind.SUBDISTRICT, 11, 4, 38, ("云林",)),
)

LINES: tuple[str, ...] = ("区教育关工委", "区退役军人事务局关工委", "区民营经济关工委")

# Syllables for invented names.
PLACE_FIRST = "新东西南北前后上大小高长青红金春秋荷梅桂柳桑枫竹松杨陈张周钱吴华顾朱蒋沈福永富兴和丰吉瑞泰康宁"
VILLAGE_SECOND = "塘桥港泾巷庄墅浜湾荡山湖河堰圩田埭墩坝舍"
COMMUNITY_SECOND = "合华康苑园景城庭馨怡欣悦"
BRAND_FIRST = "宏恒华新鑫金永盛润嘉源达泰隆丰瑞通联力锦天海"
BRAND_SECOND = "达力源盛泰丰祥通宇鼎晟业昌兴茂诚嘉信航凯"
INDUSTRIES = (
    "纺织",
    "精密机械",
    "电子",
    "新材料",
    "电气",
    "化纤",
    "印染",
    "不锈钢",
    "汽车部件",
    "环保科技",
    "服饰",
    "建材",
    "包装",
    "塑业",
    "铸造",
    "阀门",
    "电缆",
    "智能装备",
    "食品",
)

# The one community whose executive deputy is not a five-old: its last (newest) community.
NEW_COMMUNITY_TOWN = "东亭街道"
NEW_COMMUNITY_NOTES = "新建商品房住宅小区社区：常务副主任由在职社区干部兼任，另配备一名“五老”副主任。"

# Offsets so that a town lists its villages, then schools, then enterprises.
ORDER_SCHOOLS = 100
ORDER_ENTERPRISES = 1000


@dataclass(frozen=True)
class CommitteeSpec:
    code: str
    name: str
    kind: str
    parent_code: str | None
    opened_on: datetime.date
    display_order: int
    notes: str = ""


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    committee_code: str
    role: str
    password: str

    @property
    def email(self) -> str:
        # Example addresses (RFC 2606): in development the mail is written to var/mail/.
        return f"{self.username}@xishan.example"


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "区关工委管理员", DISTRICT_CODE, Role.DISTRICT_ADMIN, "Xishan-admin-2024"),
    DemoUser("staff", "区关工委工作人员", DISTRICT_CODE, Role.DISTRICT_STAFF, "Xishan-staff-2024"),
    DemoUser("dongang", "东港镇秘书", "XS01", Role.TOWN_SECRETARY, "Xishan-dongang-2024"),
    DemoUser("ehu", "鹅湖镇秘书", "XS03", Role.TOWN_SECRETARY, "Xishan-ehu-2024"),
    DemoUser("viewer", "区关工委查看员", DISTRICT_CODE, Role.VIEWER, "Xishan-viewer-2024"),
)


def _day(year: int, n: int) -> datetime.date:
    return datetime.date(year, 1 + (n * 5) % 12, 1 + (n * 11) % 28)


def _names(first: str, second: str, count: int, used: set[str], *, salt: int) -> list[str]:
    """`count` two-syllable names not yet in `used`, walking the pairs with a fixed stride."""
    pairs = [a + b for a in first for b in second if a != b]
    stride = 37
    while math.gcd(stride, len(pairs)) != 1:  # coprime, so the walk visits every pair
        stride += 2
    names: list[str] = []
    for k in range(len(pairs)):
        name = pairs[(salt * 11 + k * stride) % len(pairs)]
        if name not in used:
            used.add(name)
            names.append(name)
            if len(names) == count:
                return names
    raise ValueError("not enough syllables for the demo names")


def _is_community(town: TownSpec, i: int) -> bool:
    # Towns are mostly villages with a few communities; subdistricts the other way round.
    if town.kind == Kind.TOWN:
        return i % 6 == 1
    return i % 5 != 3


def demo_committees() -> list[list[CommitteeSpec]]:
    """The demo tree, level by level (parents before children)."""
    root = CommitteeSpec(DISTRICT_CODE, DISTRICT_NAME, Kind.DISTRICT, None, datetime.date(2001, 1, 18), 0)
    towns: list[CommitteeSpec] = []
    below_towns: list[CommitteeSpec] = []
    used_places: set[str] = {t.short for t in TOWNS}
    used_brands: set[str] = set()
    for t, town in enumerate(TOWNS):
        code = f"{DISTRICT_CODE}{t + 1:02d}"
        towns.append(CommitteeSpec(code, f"{town.name}关工委", town.kind, DISTRICT_CODE, _day(2001, t + 3), t + 1))

        places = list(town.places)
        used_places.update(places)
        n_communities = sum(_is_community(town, i) for i in range(town.villages))
        n_villages = town.villages - n_communities
        village_places = [p for i, p in enumerate(places) if not _is_community(town, i)]
        community_places = [p for i, p in enumerate(places) if _is_community(town, i)]
        village_places += _names(PLACE_FIRST, VILLAGE_SECOND, n_villages - len(village_places), used_places, salt=t)
        community_places += _names(
            PLACE_FIRST, COMMUNITY_SECOND, n_communities - len(community_places), used_places, salt=t
        )
        bases = []
        for i in range(town.villages):
            is_community = _is_community(town, i)
            base = community_places.pop(0) if is_community else village_places.pop(0)
            bases.append(base)
            opened = _day(2002 + (t * 7 + i * 3) % 10, t + i)
            notes = ""
            if i == town.villages - 1 and town.kind == Kind.SUBDISTRICT:
                opened = _day(2014 + t, i)  # a newly built residential community
                if town.name == NEW_COMMUNITY_TOWN:
                    notes = NEW_COMMUNITY_NOTES
            below_towns.append(
                CommitteeSpec(
                    f"{code}V{i + 1:02d}",
                    f"{base}{'社区' if is_community else '村'}关工委",
                    Kind.COMMUNITY if is_community else Kind.VILLAGE,
                    code,
                    opened,
                    i + 1,
                    notes,
                )
            )

        schools = [f"锡山区{town.short}中学", f"锡山区{town.short}中心小学"]
        schools += [f"锡山区{base}小学" for base in bases[1 : town.schools - 1]]
        for i, school in enumerate(schools[: town.schools]):
            below_towns.append(
                CommitteeSpec(
                    f"{code}S{i + 1:02d}",
                    f"{school}关工委",
                    Kind.SCHOOL,
                    code,
                    _day(2003 + (t + i * 3) % 9, t + i),
                    ORDER_SCHOOLS + i + 1,
                )
            )

        brands = _names(BRAND_FIRST, BRAND_SECOND, town.enterprises, used_brands, salt=t)
        for i, brand in enumerate(brands):
            industry = INDUSTRIES[(t * 5 + i) % len(INDUSTRIES)]
            company = f"江苏{brand}{industry}集团有限公司" if i % 9 == 0 else f"无锡{brand}{industry}有限公司"
            below_towns.append(
                CommitteeSpec(
                    f"{code}E{i + 1:03d}",
                    f"{company}关工委",
                    Kind.ENTERPRISE,
                    code,
                    _day(2006 + (t * 3 + i * 7) % 18, t + i),
                    ORDER_ENTERPRISES + i + 1,
                )
            )

    lines = [
        CommitteeSpec(
            f"{DISTRICT_CODE}L{i + 1:02d}",
            name,
            Kind.LINE,
            DISTRICT_CODE,
            _day(2004 + i * 4, i),
            len(TOWNS) + i + 1,
        )
        for i, name in enumerate(LINES)
    ]
    return [[root], towns + lines, below_towns]


@dataclass
class DemoLoadResult:
    committees_created: Counter[str] = field(default_factory=Counter)
    users_created: list[str] = field(default_factory=list)
    roles_created: int = 0
    people_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.committees_created or self.users_created or self.roles_created or self.people_created)


@transaction.atomic
def demo_load(*, actor=None) -> DemoLoadResult:
    """Create whatever part of the demo district is missing; existing rows are left alone."""
    result = DemoLoadResult()
    by_code: dict[str, Committee] = {}
    for level in demo_committees():
        existing = Committee.objects.in_bulk([s.code for s in level], field_name="code")
        by_code.update(existing)
        new = []
        for spec in level:
            if spec.code in existing:
                continue
            committee = Committee(
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                parent=by_code[spec.parent_code] if spec.parent_code else None,
                opened_on=spec.opened_on,
                display_order=spec.display_order,
                notes=spec.notes,
            )
            # bulk_create skips save(): set path and depth exactly as save() does.
            committee.path = committee.build_path()
            committee.depth = committee.path.count(PATH_SEPARATOR) - 2
            committee.full_clean(validate_unique=False, validate_constraints=False)
            new.append(committee)
        created = bulk_create_with_history(
            new, Committee, batch_size=500, default_user=actor, default_change_reason=HISTORY_REASON
        )
        by_code.update({c.code: c for c in created})
        result.committees_created.update(c.kind for c in created)

    User = get_user_model()
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = services.user_create(
                actor=actor,
                username=demo.username,
                full_name=demo.full_name,
                email=demo.email,
                password=demo.password,
            )
            result.users_created.append(demo.username)
        elif not user.email:  # a demo loaded before the demo users had addresses
            services.user_update(actor=actor, user=user, full_name=user.first_name, email=demo.email)
        committee = by_code[demo.committee_code]
        held = RoleAssignment.objects.active().filter(user=user, committee=committee, role=demo.role)
        if not held.exists():
            services.role_assign(actor=actor, user=user, committee=committee, role=demo.role)
            result.roles_created += 1

    result.people_created = registry_load(by_code=by_code, actor=actor)
    return result


# The registry ---------------------------------------------------------------------------
# People, posts, volunteers, teams and stations, consistent with the 2024 report. Loaded once,
# as a whole: if any demo person exists, the registry is left alone.

# The day the seed describes (the 2023 survey's reference date): its ages and service-year
# points hold on that day. Ages elsewhere are taken at a date the reader names, so the seed's
# figures are those of `district_summary --on 2023-12-31`.
SEED_DAY = datetime.date(2023, 12, 31)
BACKBONE_COUNT = 368
PARTICIPANT_COUNT = 3450
BACKBONE_AGED_70_80 = 240  # 65%: the report's "over 60%"
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

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦方邹熊白孟秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤华浦过"
)
GIVEN_MALE = "建国志明伟强军华平德福荣庆祥林海兵仁义春生根宝兴发勇峰忠良文武明亮金涛杰斌"
GIVEN_FEMALE = "秀英桂兰凤珍玉梅丽芳敏娟红霞萍琴彩云月芬燕华翠琳菊洁静"

CATEGORY_WEIGHTS = (
    (FiveOldCategory.CADRE, 30),
    (FiveOldCategory.TEACHER, 30),
    (FiveOldCategory.VETERAN, 18),
    (FiveOldCategory.EXPERT, 12),
    (FiveOldCategory.MODEL_WORKER, 10),
)
FORMER_POSTS = {
    FiveOldCategory.CADRE: ("退休干部", "原村党支部书记", "原镇机关干部", "原企业党委书记"),
    FiveOldCategory.TEACHER: ("退休教师", "原小学校长", "原中学教导主任", "退休幼儿园教师"),
    FiveOldCategory.VETERAN: ("退役军人", "原部队连长", "老战士"),
    FiveOldCategory.EXPERT: ("退休工程师", "退休医生", "原农技站站长", "退休律师"),
    FiveOldCategory.MODEL_WORKER: ("市劳动模范", "省劳动模范", "原乡镇企业劳模"),
}

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


class _PeopleMaker:
    """Invented, deterministic people: the same seed gives the same district."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[Person] = []
        self.used: set[tuple[str, int]] = set()

    def make(
        self, *, birth_year: int, category: str = "", former_post: str = "", gender: str = "", notes: str = ""
    ) -> Person:
        rng = self.rng
        gender = gender or rng.choice((Gender.MALE, Gender.MALE, Gender.FEMALE))
        given = GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))
            if (name, birth_year) not in self.used:
                break
        self.used.add((name, birth_year))
        if category and not former_post:
            former_post = rng.choice(FORMER_POSTS[category])
        person = Person(
            code=f"{PERSON_CODE_PREFIX}{len(self.people) + 1:05d}",
            name=name,
            gender=gender,
            birth_year=birth_year,
            phone=f"139{rng.randrange(10**8):08d}",
            former_post=former_post,
            is_five_old=bool(category),
            five_old_category=category,
            notes=notes,
        )
        self.people.append(person)
        return person

    def category(self) -> str:
        cats, weights = zip(*CATEGORY_WEIGHTS, strict=True)
        return self.rng.choices(cats, weights)[0]


def _age(age: int) -> int:
    """The birth year of someone `age` years old at SEED_DAY."""
    return ages.birth_year_of(age, SEED_DAY)


def _backbone_birth_years(rng: random.Random) -> list[int]:
    seventies, sixties, over_80 = ages.BY_KEY["70_80"], ages.BY_KEY["60_69"], ages.BY_KEY["over_80"]
    years = [_age(rng.randint(seventies.youngest, seventies.oldest)) for _ in range(BACKBONE_AGED_70_80)]
    rest = BACKBONE_COUNT - BACKBONE_AGED_70_80
    years += [_age(rng.randint(sixties.youngest, sixties.oldest)) for _ in range(rest * 3 // 4)]
    years += [_age(rng.randint(over_80.youngest, over_80.youngest + 5)) for _ in range(rest - rest * 3 // 4)]
    rng.shuffle(years)
    return years


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


def registry_load(*, by_code: dict[str, Committee], actor=None) -> int:
    """Create the demo registry unless it is there; return the number of people created."""
    if Person.objects.filter(code__startswith=PERSON_CODE_PREFIX).exists():
        return 0
    rng = random.Random(2024)
    maker = _PeopleMaker(rng)
    committees = sorted(by_code.values(), key=lambda c: c.code)
    towns = [c for c in committees if c.kind in TOWN_KINDS]
    villages = [c for c in committees if c.kind in VILLAGE_KINDS]
    posts: list[tuple[Committee, Person, dict]] = []
    new_community = next(spec.code for level in demo_committees() for spec in level if spec.notes)

    def post(committee: Committee, person: Person, position: str, source: str = "", concurrent: bool = False):
        started = datetime.date(rng.randint(2016, 2023), rng.randint(1, 12), 1)
        posts.append(
            (
                committee,
                person,
                {"position": position, "source": source, "concurrent": concurrent, "started_on": started},
            )
        )

    for t, town in enumerate(towns):
        short = _town_short(town)
        kind_word = "街道" if town.kind == Kind.SUBDISTRICT else "镇"
        director = maker.make(birth_year=rng.randint(1975, 1983), former_post=f"{kind_word}党（工）委副书记（在职）")
        post(town, director, Position.DIRECTOR, PostSource.IN_OFFICE_CADRE, concurrent=True)

        source, age = TOWN_EXECUTIVE_DEPUTIES[t]
        if source == PostSource.SECOND_LINE_LEADER:
            deputy = maker.make(birth_year=_age(age), former_post=f"{kind_word}人大（工委）主任（退二线）")
        elif source == PostSource.RETIRED_LEADER:
            deputy = maker.make(
                birth_year=_age(age),
                category=FiveOldCategory.CADRE,
                former_post=f"原{kind_word}党（工）委副书记（退休）",
            )
        else:
            deputy = maker.make(
                birth_year=_age(age), category=FiveOldCategory.TEACHER, former_post=f"原{short}中学校长"
            )
        post(town, deputy, Position.EXECUTIVE_DEPUTY, source)

        enterprise_director = maker.make(
            birth_year=rng.randint(1952, 1962),
            category=FiveOldCategory.CADRE,
            former_post=f"原{kind_word}经济服务中心主任",
        )
        post(town, enterprise_director, Position.DEPUTY, PostSource.RETIRED_LEADER)
        post(by_code[f"{town.code}E001"], enterprise_director, Position.DIRECTOR, PostSource.RETIRED_LEADER, True)
        teacher = maker.make(birth_year=rng.randint(1952, 1962), category=FiveOldCategory.TEACHER)
        post(town, teacher, Position.DEPUTY, PostSource.RETIRED_TEACHER)
        office = maker.make(birth_year=rng.randint(1978, 1990), former_post=f"{kind_word}宣传统战办干部（在职）")
        post(town, office, Position.OFFICE_HEAD, PostSource.IN_OFFICE_CADRE, concurrent=True)
        young = maker.make(birth_year=rng.randint(1995, 2001), former_post="机关年轻干部（兼职）")
        post(town, young, Position.YOUNG_STAFF, concurrent=True)
        for category in (FiveOldCategory.VETERAN, FiveOldCategory.EXPERT):
            member = maker.make(birth_year=rng.randint(1948, 1958), category=category)
            post(town, member, Position.MEMBER, PostSource.OTHER_FIVE_OLD)

    village_sources = (
        (PostSource.RETIRED_TEACHER, FiveOldCategory.TEACHER),
        (PostSource.RETIRED_LEADER, FiveOldCategory.CADRE),
        (PostSource.OTHER_FIVE_OLD, FiveOldCategory.VETERAN),
        (PostSource.RETIRED_TEACHER, FiveOldCategory.TEACHER),
        (PostSource.OTHER_FIVE_OLD, FiveOldCategory.MODEL_WORKER),
        (PostSource.RETIRED_LEADER, FiveOldCategory.CADRE),
    )
    for v, village in enumerate(villages):
        head = "社区" if village.kind == Kind.COMMUNITY else "村"
        director = maker.make(birth_year=rng.randint(1970, 1986), former_post=f"{head}党组织书记（在职）")
        post(village, director, Position.DIRECTOR, PostSource.IN_OFFICE_CADRE, concurrent=True)
        if village.code == new_community:
            cadre = maker.make(birth_year=rng.randint(1980, 1988), former_post="社区党委副书记（在职）")
            post(village, cadre, Position.EXECUTIVE_DEPUTY, PostSource.IN_OFFICE_CADRE, concurrent=True)
            five_old = maker.make(birth_year=rng.randint(1952, 1960), category=FiveOldCategory.TEACHER)
            post(village, five_old, Position.DEPUTY, PostSource.RETIRED_TEACHER)
        else:
            source, category = village_sources[v % len(village_sources)]
            five_old = maker.make(birth_year=rng.randint(1950, 1963), category=category)
            post(village, five_old, Position.EXECUTIVE_DEPUTY, source)
        young = maker.make(birth_year=rng.randint(1993, 2001), former_post=f"{head}工作人员（兼职）")
        post(village, young, Position.YOUNG_STAFF, concurrent=True)

    # Volunteers, dealt round the villages in code order so every town gets its share.
    volunteer_rows: list[tuple[Committee, Person, str]] = []
    for i, birth_year in enumerate(_backbone_birth_years(rng)):
        person = maker.make(birth_year=birth_year, category=maker.category())
        volunteer_rows.append((villages[i % len(villages)], person, Layer.BACKBONE))
    for i in range(PARTICIPANT_COUNT):
        person = maker.make(birth_year=_age(rng.randint(58, 85)), category=maker.category())
        volunteer_rows.append((villages[(i * 7) % len(villages)], person, Layer.PARTICIPANT))

    for person in maker.people:
        person.full_clean(validate_unique=False, validate_constraints=False)
    history = {"default_user": actor, "default_change_reason": HISTORY_REASON, "batch_size": 500}
    bulk_create_with_history(maker.people, Person, **history)
    bulk_create_with_history([Post(committee=c, person=p, **fields) for c, p, fields in posts], Post, **history)
    volunteers = bulk_create_with_history(
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
    _volunteer_extras(rng, volunteers, actor)
    _teams_load(rng, towns, volunteers, actor)
    _stations_load(rng, villages, committees, actor)
    return len(maker.people)


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

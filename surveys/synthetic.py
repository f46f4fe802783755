"""A synthetic district for the compile benchmark: N towns of M villages each, a few schools and
enterprises per town, and approved survey rounds whose five forms hold plausible, valid values.

It writes into the database it is pointed at, like load_demo, but refuses one that already
holds a district: a survey round asks every town of the database, so a synthetic round beside
the demo's would mix the two districts. bench_compile builds it in a throwaway database.

The values are invented deterministically (the same sizes give the same district). The funds
(表2) rows come from the demo's own generator (surveys.demo._Figures); the leadership (表1),
五有五好 (表3), five-olds (表4) and systems (表5) rows are made here, because the demo reads
those from its registry of people and its villages' reviews, which would take minutes to build for 3,000 villages. The
rounds are opened with the round_open service, then every form is validated with the forms'
own rules (an error is a bug of this module) and written in bulk with its history and the
submit and approve transitions by surveys.filling, as the demo's approved rounds are.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from committees import services as committee_services
from committees.demo import GIVEN_FEMALE, GIVEN_MALE, SURNAMES
from committees.models import PATH_SEPARATOR, TOWN_KINDS, UPPER_KINDS, Committee, Kind, Role
from committees.selectors import committees_open_on

from . import selectors, services
from .demo import _Figures, _money
from .filling import Fill, at, round_approve_in_bulk, round_rows, round_submissions
from .models import Submission, SubmissionRow, SurveyRound
from .spec import (
    BRAND_CATEGORIES,
    CATEGORY_KEYS,
    MAIN,
    SUB,
    TEAM_TYPES,
)

DEFAULT_CODE = "SY"
HISTORY_REASON = "load_synthetic"
SCHOOLS_PER_TOWN = 3
ENTERPRISES_PER_TOWN = 4
MAX_TOWNS = 999
MAX_VILLAGES = 999

# One village in SHORT_EVERY has its funds below the standard, one in REGRESSED_EVERY regressed
# at the look-back, one in EXCEPTION_EVERY has an in-office executive deputy (not a five-old),
# one in NO_YOUNG_EVERY no young staff: enough for every problem rule to fire on a big district.
SHORT_EVERY = 40
REGRESSED_EVERY = 60
REGRESSED_MEASURES = "调整充实班子，恢复“五老”活动阵地，年底前由镇（街道）关工委复查"
EXCEPTION_EVERY = 50
NO_YOUNG_EVERY = 20
TOWN_SOURCES = ("second_line_leader", "retired_leader", "retired_leader", "retired_principal")
VILLAGE_SOURCES = ("retired_teacher", "retired_leader", "other_five_old", "retired_teacher", "retired_leader")
# The five categories' shares of the five-olds (cadres, veterans, experts, teachers, model workers).
CATEGORY_SHARES = (30, 18, 12, 30, 10)
TEAM_NAMES = ("宣讲团", "讲师团", "志愿服务队", "帮教团", "家庭教育讲师团", "爱心志愿团", "法治宣讲团")


@dataclass
class SyntheticDistrict:
    district: Committee
    towns: int
    villages: int
    years: list[int] = field(default_factory=list)
    committees: int = 0
    rows: int = 0  # submission rows written (all rounds)
    seconds: float = 0.0


def town_code(code: str, t: int) -> str:
    return f"{code}{t + 1:03d}"


def village_code(town: str, v: int) -> str:
    return f"{town}V{v + 1:03d}"


def check_free(code: str) -> None:
    if Committee.objects.filter(code=code).exists():
        raise ValidationError(f"A committee with the code {code} already exists.")
    other = Committee.objects.filter(kind__in=UPPER_KINDS).order_by("code").first()
    if other is not None:
        raise ValidationError(
            f"This database already holds the district {other.code}: a survey round asks every town of "
            "the database, so the synthetic district needs a database of its own (bench_compile makes one)."
        )


def _committee(code: str, name: str, kind: str, parent: Committee | None, opened: datetime.date, order: int):
    committee = Committee(code=code, name=name, kind=kind, parent=parent, opened_on=opened, display_order=order)
    # bulk_create skips save(): set path and depth exactly as save() does.
    committee.path = committee.build_path()
    committee.depth = committee.path.count(PATH_SEPARATOR) - 2
    # The parent is the object just created: validating the foreign key would query it again.
    committee.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
    return committee


def tree_create(
    *, code: str, towns: int, villages: int, actor, parent: Committee | None = None, place: str = "合成", order: int = 0
) -> tuple[Committee, int]:
    """The district (under `parent`, a city or a province, or the root), its towns (every third a
    subdistrict), villages (every fifth a community), schools and enterprises, created level by
    level in bulk with their history. `place` begins the towns' names."""
    history = {"default_user": actor, "default_change_reason": HISTORY_REASON, "batch_size": 2000}
    name = f"{place}区关工委" if parent else f"合成区{code}关工委"
    district = _committee(code, name, Kind.DISTRICT, parent, datetime.date(2001, 1, 1), order)
    (district,) = bulk_create_with_history([district], Committee, **history)
    level = [
        _committee(
            town_code(code, t),
            f"{place}{t + 1}{'街道' if t % 3 == 2 else '镇'}关工委",
            Kind.SUBDISTRICT if t % 3 == 2 else Kind.TOWN,
            district,
            datetime.date(2001, 1 + t % 12, 1),
            t + 1,
        )
        for t in range(towns)
    ]
    town_list = bulk_create_with_history(level, Committee, **history)
    below_towns = [c for t, town in enumerate(town_list) for c in _below_town(town, t, villages)]
    bulk_create_with_history(below_towns, Committee, **history)
    return district, 1 + len(town_list) + len(below_towns)


def _below_town(town: Committee, t: int, villages: int) -> list[Committee]:
    """A town's villages (every fifth a community), schools and enterprises."""
    below_towns: list[Committee] = []
    place = town.name.removesuffix("关工委")
    for v in range(villages):
        community = v % 5 == 4
        below_towns.append(
            _committee(
                village_code(town.code, v),
                f"{place}第{v + 1}{'社区' if community else '村'}关工委",
                Kind.COMMUNITY if community else Kind.VILLAGE,
                town,
                # Opened from 2002 to 2021: every 五有五好 creation round turns up.
                datetime.date(2002 + (t * 7 + v * 3) % 20, 1 + v % 12, 1),
                v + 1,
            )
        )
    for s in range(SCHOOLS_PER_TOWN):
        below_towns.append(
            _committee(
                f"{town.code}S{s + 1:02d}",
                f"{place}第{s + 1}学校关工委",
                Kind.SCHOOL,
                town,
                datetime.date(2005, 9, 1),
                1000 + s + 1,
            )
        )
    for e in range(ENTERPRISES_PER_TOWN):
        below_towns.append(
            _committee(
                f"{town.code}E{e + 1:03d}",
                f"{place}第{e + 1}企业关工委",
                Kind.ENTERPRISE,
                town,
                datetime.date(2008, 1, 1),
                2000 + e + 1,
            )
        )
    return below_towns


def admin_create(code: str, district: Committee):
    """The synthetic district's admin, who opens and approves its rounds (no usable password:
    `manage.py changepassword` gives one to browse the district)."""
    User = get_user_model()
    admin = User(username=f"{code.lower()}-admin", first_name=f"{district.name.removesuffix('关工委')}管理员")
    admin.set_unusable_password()
    admin.full_clean()
    admin.save()
    committee_services.role_assign(actor=None, user=admin, committee=district, role=Role.DISTRICT_ADMIN)
    return admin


class _Values(_Figures):
    """One round's invented values: the demo's funds rows (inherited), the rest here.

    The demo's __init__ picks its villages by the demo's yearly figures; this one scales them
    with the number of villages, for any year."""

    def __init__(self, year: int, villages: list[str], seed: int = 0):
        self.year = year
        self.rng = random.Random(year * 31 + len(villages) + seed * 1_000_003)
        self.short = set(self.rng.sample(villages, len(villages) // SHORT_EVERY))
        self.regressed = set(self.rng.sample(villages, len(villages) // REGRESSED_EVERY))
        self.exceptions = set(villages[EXCEPTION_EVERY // 2 :: EXCEPTION_EVERY])
        self.without_deputy = set(villages[EXCEPTION_EVERY // 2 :: EXCEPTION_EVERY * 2])
        self.no_young = set(villages[NO_YOUNG_EVERY // 2 :: NO_YOUNG_EVERY])

    def fhfg(self, committee: Committee) -> dict:
        """表3: a village's 五有五好 row (a synthetic district has no reviews to prefill it from)."""
        rng = self.rng
        opened = committee.opened_on.year if committee.opened_on else 2001
        if opened <= 2011:
            built, period = rng.randint(max(opened, 2001), 2011), "first"
        elif opened <= 2017:
            built, period = rng.randint(opened, 2017), "second"
        else:
            built, period = min(opened + 1, self.year), "new"
        items = {f"fhfg_item_{n}": "met" for n in range(1, 11)}
        for n in rng.sample(range(1, 11), rng.choice((0, 0, 0, 1, 2))):
            items[f"fhfg_item_{n}"] = "partly_met"
        if committee.code in self.regressed:
            lookback = "regressed"
            items.update({"fhfg_item_7": "not_met", "fhfg_item_9": "partly_met"})
        elif self.year == 2022:
            lookback = rng.choice(("consolidated", "consolidated", "not_checked", "improved"))
        else:
            lookback = rng.choice(("consolidated", "consolidated", "consolidated", "improved"))
        return {
            "committee_code": committee.code,
            "fhfg_built": True,
            "built_year": built,
            "creation_round": period,
            **items,
            "lookback": lookback,
            "rectification": REGRESSED_MEASURES if lookback == "regressed" else None,
        }

    def person(self) -> str:
        rng = self.rng
        given = GIVEN_MALE if rng.random() < 0.7 else GIVEN_FEMALE
        return rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2))))

    def leadership(self, committee: Committee, t: int) -> dict:
        """表1: a town's or village's leadership."""
        rng = self.rng
        if committee.kind in TOWN_KINDS:
            source = TOWN_SOURCES[t % len(TOWN_SOURCES)]
            return {
                "committee_code": committee.code,
                "leadership_size": rng.randint(7, 11),
                "director_name": self.person(),
                "director_concurrent": True,
                "exec_deputy_name": self.person(),
                "exec_deputy_birth_year": self.year - rng.randint(55, 64),
                "exec_deputy_source": source,
                "exec_deputy_five_old": source != "second_line_leader",
                "deputies": rng.randint(2, 4),
                "five_old_deputy": True,
                "office_head": self.person(),
                "young_staff": rng.randint(1, 2),
            }
        exception = committee.code in self.exceptions
        return {
            "committee_code": committee.code,
            "leadership_size": rng.randint(3, 7),
            "director_name": self.person(),
            "director_concurrent": True,
            "exec_deputy_name": self.person(),
            "exec_deputy_birth_year": self.year - (rng.randint(36, 45) if exception else rng.randint(60, 74)),
            "exec_deputy_source": "in_office_cadre" if exception else rng.choice(VILLAGE_SOURCES),
            "exec_deputy_five_old": not exception,
            "deputies": rng.randint(1, 3),
            "five_old_deputy": committee.code not in self.without_deputy and (exception or rng.random() < 0.5),
            "young_staff": 0 if committee.code in self.no_young else 1,
        }

    def five_olds(self, town: Committee, villages: int, teams: int) -> dict:
        """表4: the town's five-olds, their categories and the backbone's age bands."""
        rng = self.rng
        backbone = 4 + sum(rng.randint(2, 4) for _ in range(villages))
        participants = sum(rng.randint(20, 34) for _ in range(villages))
        bands = {
            "backbone_70_80": backbone * rng.randint(58, 66) // 100,
            "backbone_over_80": backbone * rng.randint(5, 10) // 100,
            "backbone_60_69": backbone * rng.randint(20, 26) // 100,
        }
        bands["backbone_under_60"] = backbone - sum(bands.values())
        total = backbone + participants
        categories = dict(zip(CATEGORY_KEYS, (total * share // 100 for share in CATEGORY_SHARES), strict=True))
        categories["cadres"] += total - sum(categories.values())
        return {
            "committee_code": town.code,
            "backbone": backbone,
            "participants": participants,
            **categories,
            **bands,
            "joined": rng.randint(villages // 2, villages + 2),
            "exited": rng.randint(0, villages // 2 + 1),
            "volunteer_teams": teams,
        }

    def teams(self, town: Committee, villages: list[Committee]) -> list[dict]:
        """表4B: four to seven teams, the town's own and some of its villages'."""
        rng = self.rng
        place = town.name.removesuffix("关工委")
        owners = [town, *villages]
        return [
            {
                "committee_code": owners[n % len(owners)].code,
                "name": f"{place}{TEAM_NAMES[n]}",
                "team_type": TEAM_TYPES[n % len(TEAM_TYPES)].value,
                "members": rng.randint(8, 30),
                "founded_year": rng.randint(2008, min(2021, self.year)),
                "service": "进校园、进社区开展宣讲和结对帮扶",
            }
            for n in range(4 + len(town.code + town.name) % 4)
        ]

    def systems(self, town: Committee, villages: int) -> dict:
        """表5: the town's systems and activities, scaled by its villages."""
        rng = self.rng
        lectures = rng.randint(6, 16)
        return {
            "committee_code": town.code,
            "in_party_assessment": rng.random() < 0.9,
            "assessment_weight": _money(rng.choice((1, 1.5, 2, 2, 3))),
            "village_assessment_rules": True,
            "exec_deputy_meetings": 4,
            "joint_meetings": rng.randint(2, 4),
            "field_visits": rng.randint(4, 10),
            "tutoring_stations": villages,
            "hub_villages": villages // 3,
            "station_activities": sum(rng.randint(6, 30) for _ in range(villages)),
            "station_beneficiaries": villages * rng.randint(60, 140),
            "family_lectures": lectures,
            "family_audience": lectures * rng.randint(110, 140),
            "study_aid": _money(rng.randint(2000, 6000) / 100),
            "study_aid_students": rng.randint(60, 190),
            "internship_enterprises": rng.randint(1, 4),
            "recommended_jobs": rng.randint(3, 9),
            "articles": rng.randint(3, 7),
        }

    def brands(self, town: Committee, t: int) -> list[dict]:
        """表5B: one brand per town."""
        category = BRAND_CATEGORIES[t % len(BRAND_CATEGORIES)]
        return [
            {
                "committee_code": town.code,
                "name": f"{town.name.removesuffix('关工委')}“{category.label}”品牌",
                "category": category.value,
                "start_year": 2005 + t % 15,
                "summary": "镇（街道）关工委持续开展的特色活动",
            }
        ]


def _town_rows(
    form: int, town: Committee, t: int, rows: list[SubmissionRow], members: list[Committee], values: _Values
) -> dict[str, list[dict]]:
    """The incoming rows of one town's form, by section."""
    villages = [c for c in members if c.is_village]
    main = [r for r in rows if r.section == MAIN]
    by_id = {c.pk: c for c in members}
    if form == 1:
        return {MAIN: [values.leadership(by_id[r.committee_id], t) for r in main]}
    if form == 2:
        return {MAIN: [values.funds(r.values["committee_code"], r.committee_id == town.pk, r.values) for r in main]}
    if form == 3:
        enterprises = sum(1 for c in members if c.kind == Kind.ENTERPRISE)
        return {
            MAIN: [values.fhfg(by_id[r.committee_id]) for r in main],
            SUB: [{"committee_code": town.code, "fhfg_enterprises": values.rng.randint(0, enterprises)}],
        }
    if form == 4:
        teams = values.teams(town, villages)
        return {MAIN: [values.five_olds(town, len(villages), len(teams))], SUB: teams}
    return {MAIN: [values.systems(town, len(villages))], SUB: values.brands(town, t)}


def round_approve(survey_round: SurveyRound, actor, seed: int = 0) -> int:
    """Enter, validate, submit and approve every form of every town of an open round, in bulk.
    Returns the number of rows written."""
    year = survey_round.year
    submissions = round_submissions(survey_round, "town__display_order", "town__code", "form")
    rows = round_rows(survey_round)
    towns = sorted({s.town for s in submissions}, key=lambda town: (town.display_order, town.code))
    subtree = committees_open_on(towns, survey_round.reference_date)
    members: dict[int, list[Committee]] = defaultdict(list)
    for committee in subtree:
        if committee.kind not in TOWN_KINDS:
            members[committee.parent_id].append(committee)
    funding = selectors.funding_bounds(survey_round.data_year)
    values = _Values(year, [c.code for c in subtree if c.is_village], seed)
    index = {town.pk: t for t, town in enumerate(towns)}

    def fill(submission: Submission, sub_rows: list[SubmissionRow]) -> Fill:
        town, t = submission.town, index[submission.town_id]
        town_members = [town, *members[town.pk]]
        return Fill(
            incoming=_town_rows(submission.form, town, t, sub_rows, town_members, values),
            context=selectors.build_context(survey_round, town, town_members, funding),
            submitted_at=at(datetime.date(year, 9, 20 + t % 9)),
            committees={c.code: c for c in town_members},
        )

    return round_approve_in_bulk(
        survey_round, actor=actor, submissions=submissions, rows=rows, fill=fill, history_reason=HISTORY_REASON
    )


@transaction.atomic
def synthetic_district_create(
    *, towns: int, villages: int, year: int = 2023, previous: bool = False, code: str = DEFAULT_CODE
) -> SyntheticDistrict:
    """Create the district, its admin, and the approved round of `year` (and of year − 1 first
    when `previous`, so that the report carries last round's values)."""
    if not 1 <= towns <= MAX_TOWNS or not 1 <= villages <= MAX_VILLAGES:
        raise ValidationError(f"Towns and villages per town: 1 to {MAX_TOWNS} each.")
    start = time.perf_counter()
    check_free(code)
    district, committees = tree_create(code=code, towns=towns, villages=villages, actor=None)
    admin = admin_create(code, district)
    result = SyntheticDistrict(district=district, towns=towns, villages=towns * villages, committees=committees)
    for round_year in (year - 1, year) if previous else (year,):
        survey_round = services.round_open(
            actor=admin,
            scope=district,
            year=round_year,
            deadline=datetime.date(round_year, 10, 10),
            opened_on=datetime.date(round_year, 4, 20),
        )
        result.rows += round_approve(survey_round, admin)
        result.years.append(round_year)
    result.seconds = time.perf_counter() - start
    return result

"""The demo's survey rounds: 2022 and 2023 with every town's five forms approved, and 2024 open.

The towns' rows are made to sum to the figures of the 2024 research report (docs/DOMAIN.md), as the
district report compiles them: 9 towns, 128 villages, 127 village executive deputies who are
five-olds, 59 volunteer teams, 368 backbone and 3,450 participant five-olds (from the registry),
39 schools, 404 enterprises of which 74 五有五好, 128 五有五好 villages, 42 hub-and-points
villages, and the study-aid donations of 334.82 万元 that the 2023 survey reported. The villages'
form 3 rows are prefilled from their 五有五好 reviews (evaluations.demo.history, loaded first). Everything
goes through the services, acting as the district admin, like the management commands do.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from committees.demo import DISTRICT_CODE
from committees.models import Committee
from committees.selectors import committees_open_on
from evaluations.demo.assessment import assessment_demo_load
from evaluations.demo.awards import awards_demo_load
from evaluations.demo.campaigns import campaign_demo_load
from evaluations.demo.history import FIRST_ROUND_LAST_YEAR, fhfg_demo_load
from funding.demo import LedgerFigures, StudyAidFigures, donations_demo_load, funding_demo_load

from . import selectors, services
from .cell_comments import comment_rows
from .filling import Fill, at, round_approve_in_bulk, round_rows, round_submissions
from .models import State, Submission, SubmissionRow, SurveyRound
from .selectors import round_for_year
from .spec import MAIN

APPROVED_YEARS = (2022, 2023)
OPEN_YEAR = 2024
OPEN_DEADLINE = datetime.date(2024, 10, 10)
OPEN_EXTENSION_DAYS = 30
EXTENSION_REASON = "演示：各镇（街道）延期填报"
SUBMITTED_TOWN = "XS02"  # 锡北镇: all five forms submitted
RETURNED_TOWN = "XS03"  # 鹅湖镇: form 2 returned
HISTORY_REASON = "load_demo"
RETURN_REASON = "部分村（社区）“实际到位”金额与财政拨付凭证不符，请核对后重新填报。"
RETURN_COMMENT = "实际到位金额与财政拨付凭证不符，请附凭证核对。"

# Per town (in code order): 五有五好 enterprises, study-aid donations (万元) and students aided,
# internship enterprises and graduates recommended, as the 2023 survey reported them.
FHFG_ENTERPRISES = {2022: (12, 10, 8, 9, 8, 7, 6, 4, 6), 2023: (13, 10, 9, 9, 8, 7, 7, 5, 6)}
STUDY_AID = {
    2022: ("41.20", "36.85", "30.40", "52.30", "31.60", "29.75", "27.10", "23.40", "26.00"),
    2023: ("45.60", "40.35", "33.80", "56.27", "35.10", "32.45", "30.20", "29.05", "32.00"),
}
STUDY_AID_STUDENTS = (142, 128, 104, 186, 110, 98, 92, 80, 90)
INTERNSHIPS = ((4, 9), (3, 7), (3, 6), (3, 7), (2, 5), (2, 5), (2, 4), (1, 3), (2, 4))
BELOW_STANDARD = {2022: 5, 2023: 3}  # villages whose funds were not fully in place
# The draws that picked the villages a look-back found regressed, kept (see _Figures.fhfg_draws):
# the regressions are evaluations.demo.history's now.
REGRESSED_DRAWS = {2022: 0, 2023: 2}

BRANDS = {
    "XS01": [
        ("校外教育辅导站“一站多点”", "hub_and_points", 2017, "中心辅导站为主阵地、多点辅导站为辅阵地，站点联动", "")
    ],
    "XS02": [("民营企业“红领巾”基金", "help_students", 2015, "民营企业关工委与学校联手资助困难学生", "")],
    "XS03": [("“五老”进校园宣讲", "publicity", 2012, "老干部、老教师进校园开展党史和传统教育", "")],
    "XS04": [
        (
            "爱心助学“希望之星”",
            "help_students",
            2005,
            "民营企业关工委持续开展爱心助学活动",
            "持续18年开展37期，累计颁发助学金269.7万元，表彰“希望之星”4056人次",
        )
    ],
    "XS05": [("新建小区“五老”驻点服务", "other", 2019, "新建商品房小区由“五老”副主任驻点开展关爱服务", "")],
    "XS06": [
        ("家庭教育指导服务站", "three_family", 2022, "“科学家教进万家”活动，为家长提供一对一家庭教育指导", ""),
        ("“五福花”团队", "other", 2020, "牵手“五失”“四困”青少年，播撒五种“福”", ""),
    ],
    "XS07": [("站校联动辅导站", "hub_and_points", 2018, "在职教师进社区，站校联动开展校外教育", "")],
    "XS08": [
        (
            "陈兴龙家庭教育名师工作室",
            "three_family",
            2016,
            "面向学生、家长和家庭教育指导者的“三位一体”主题宣讲",
            "累计举办家庭教育讲座150余场次，受众2万多人",
        )
    ],
    "XS09": [
        (
            "《情系未来事业》征文投稿",
            "publicity",
            2016,
            "组织“五老”为《新锡山》专栏撰稿",
            "在区委简报《新锡山》开设征文竞赛专栏，至今刊出征文稿320多篇",
        )
    ],
}


@dataclass
class SurveyDemoResult:
    rounds_created: list[int] = field(default_factory=list)
    ledger_years: list[int] = field(default_factory=list)
    study_aid_years: list[int] = field(default_factory=list)
    reviews_created: int = 0
    awards_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.rounds_created
            or self.ledger_years
            or self.study_aid_years
            or self.reviews_created
            or self.awards_created
        )


def _money(value: float) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01')):f}"


class _Figures:
    """The values the registry doesn't hold, invented deterministically for one round."""

    def __init__(self, year: int, villages: list[str]):
        self.year = year
        self.rng = random.Random(year * 31)
        self.short = set(self.rng.sample(villages, BELOW_STANDARD[year]))
        self.regressed = set(self.rng.sample(villages, REGRESSED_DRAWS[year]))

    def funds(self, code: str, is_town: bool, prefill: dict) -> dict:
        rng = self.rng
        lower = Decimal(prefill["standard_lower"])
        if is_town:
            in_place = lower + Decimal(rng.choice((0, 1, 2, 2, 3, 4)))
            people, amount = 2, "1.20"
        else:
            in_place = lower + Decimal(rng.choice((0, 0, 0.5, 1, 1.5, 2)))
            if code in self.short:
                in_place = lower - Decimal(rng.choice((0.5, 1.0)))
            people = rng.choice((0, 1, 1))
            amount = _money(0.3 * people)
        return {
            "committee_code": code,
            "budget": _money(max(in_place, lower)),
            "in_place": _money(in_place),
            "in_fiscal_budget": True,
            "special_funds": _money(rng.choice((0, 0, 0, 1, 2.5)) * (3 if is_town else 1)),
            "subsidy_people": people,
            "subsidy_amount": amount,
            "raised": _money(rng.choice((0, 0.5, 1, 2)) * (4 if is_town else 1)),
        }

    def fhfg_draws(self, committee: Committee) -> None:
        """The draws that form 3's invented rows took before they came from the villages' reviews
        (evaluations.demo.history): made still, in the same order, so that forms 2 and 5, drawn from the
        same stream, keep their figures."""
        rng = self.rng
        opened = committee.opened_on.year if committee.opened_on else 2001
        if opened <= FIRST_ROUND_LAST_YEAR:
            rng.randint(max(opened, 2001), FIRST_ROUND_LAST_YEAR)
        rng.sample(range(1, 11), rng.choice((0, 0, 0, 1, 2)))
        if committee.code not in self.regressed:
            rng.choice(range(4))

    def systems(self, t: int, code: str) -> dict:
        rng = self.rng
        internships, jobs = INTERNSHIPS[t]
        lectures = 32 if code == "XS08" else rng.randint(6, 16)
        return {
            "committee_code": code,
            "in_party_assessment": True,
            "assessment_weight": _money(rng.choice((1, 1.5, 2, 2, 3))),
            "village_assessment_rules": True,
            "exec_deputy_meetings": 4,
            "joint_meetings": rng.randint(2, 4),
            "field_visits": rng.randint(4, 10),
            "station_beneficiaries": rng.randint(800, 2400),
            "family_lectures": lectures,
            "family_audience": lectures * rng.randint(110, 140),
            "study_aid": STUDY_AID[self.year][t],
            "study_aid_students": STUDY_AID_STUDENTS[t],
            "internship_enterprises": internships,
            "recommended_jobs": jobs,
            "articles": rng.randint(3, 7),
        }


def _brand_rows(code: str) -> list[dict]:
    return [
        {
            "committee_code": code,
            "name": name,
            "category": category,
            "start_year": start,
            "summary": summary,
            "key_figures": figures or None,
        }
        for name, category, start, summary, figures in BRANDS.get(code, [])
    ]


def _approved_round(year: int, actor) -> SurveyRound:
    """Open a back-filled round and enter, submit and approve every form of every town, with the
    figures of the 2023 survey (surveys.filling validates and writes them)."""
    survey_round = services.round_open(
        actor=actor, year=year, deadline=datetime.date(year, 10, 10), opened_on=datetime.date(year, 4, 20)
    )
    submissions = round_submissions(survey_round, "pk")
    rows = round_rows(survey_round)
    towns = sorted({s.town for s in submissions}, key=lambda town: town.code)
    subtree = committees_open_on(towns, survey_round.reference_date)
    funding = selectors.funding_bounds(survey_round.data_year)
    contexts = {town.pk: selectors.build_context(survey_round, town, subtree, funding) for town in towns}
    villages = [
        r.values["committee_code"] for s in submissions if s.form == 3 for r in rows[s.pk] if r.section == "main"
    ]
    figures = _Figures(year, villages)
    codes = [town.code for town in towns]

    def fill(submission: Submission, sub_rows: list[SubmissionRow]) -> Fill:
        t = codes.index(submission.town.code)
        return Fill(
            incoming=_demo_rows(submission, sub_rows, figures, t, year),
            context=contexts[submission.town_id],
            submitted_at=at(datetime.date(year, 9, 20 + t)),
        )

    round_approve_in_bulk(
        survey_round, actor=actor, submissions=submissions, rows=rows, fill=fill, history_reason=HISTORY_REASON
    )
    return survey_round


def _demo_rows(submission: Submission, rows: list[SubmissionRow], figures: _Figures, t: int, year: int) -> dict:
    main = [r for r in rows if r.section == "main"]
    code = submission.town.code
    if submission.form == 2:
        return {
            "main": [
                figures.funds(r.values["committee_code"], r.committee_id == submission.town_id, r.values) for r in main
            ]
        }
    if submission.form == 3:  # the villages' rows stand as their reviews prefilled them
        for r in main:
            figures.fhfg_draws(r.committee)
        return {
            "B": [{"committee_code": code, "fhfg_enterprises": FHFG_ENTERPRISES[year][t]}],
        }
    if submission.form == 5:
        return {"main": [figures.systems(t, code)], "B": _brand_rows(code)}
    return {}  # forms 1 and 4: the registry's figures stand


def _open_round(actor) -> SurveyRound:
    survey_round = services.round_open(
        actor=actor, year=OPEN_YEAR, deadline=OPEN_DEADLINE, opened_on=datetime.date(OPEN_YEAR, 4, 20)
    )
    _extend_every_town(survey_round, actor)  # before the steps: a town whose forms are all in gets one too
    subs = Submission.objects.filter(survey_round=survey_round).select_related("town", "survey_round")
    for submission in subs.filter(town__code=SUBMITTED_TOWN).order_by("form"):
        services.submission_submit(actor=actor, submission=submission)
    returned = subs.get(town__code=RETURNED_TOWN, form=2)
    services.submission_submit(actor=actor, submission=returned)
    services.submission_return(
        actor=actor, submission=returned, reason=RETURN_REASON, comments=_return_comments(returned)
    )
    return survey_round


def _return_comments(submission: Submission) -> list[services.CommentDraft]:
    """The returned form's comment: on its first village's 实际到位, as the reason says."""
    form = selectors.submission_form(submission)
    rows = comment_rows(form, selectors.submission_sections(submission))
    village = next(r for r in rows if r.section.section == MAIN and r.key != submission.town.code)
    return [services.CommentDraft(MAIN, village.key, "in_place", RETURN_COMMENT)]


def _extend_every_town(survey_round: SurveyRound, actor) -> None:
    """The round keeps its real deadline; every town of the round may still enter, by an extension
    to the day of loading + OPEN_EXTENSION_DAYS, whatever day the demo is loaded on (so that a form
    returned later, by a user trying the demo, is not overdue at once)."""
    until = timezone.localdate() + datetime.timedelta(days=OPEN_EXTENSION_DAYS)
    if until <= survey_round.deadline:
        return
    towns = Committee.objects.filter(pk__in=Submission.objects.filter(survey_round=survey_round).values("town_id"))
    for town in towns.order_by("code"):
        services.town_extend(actor=actor, survey_round=survey_round, town=town, until=until, reason=EXTENSION_REASON)


@transaction.atomic
def survey_demo_load(*, actor) -> SurveyDemoResult:
    """Add the demo rounds that are missing; a round already there is left alone."""
    result = SurveyDemoResult()
    # The villages' 五有五好 history first: the rounds' form 3 is prefilled from it.
    result.reviews_created = fhfg_demo_load(actor=actor, district_code=DISTRICT_CODE)
    result.awards_created = awards_demo_load(actor=actor)
    for year in APPROVED_YEARS:
        if round_for_year(year) is None:
            _approved_round(year, actor)
            result.rounds_created.append(year)
    if round_for_year(OPEN_YEAR) is None:
        _open_round(actor)
        result.rounds_created.append(OPEN_YEAR)
    result.ledger_years = funding_demo_load(actor=actor, figures=ledger_figures(APPROVED_YEARS)).years_created
    result.study_aid_years = donations_demo_load(actor=actor, figures=_study_aid_figures())
    campaign_demo_load(actor=actor)  # 五有五好 campaign: acceptance passes and plaques (evaluations/demo/)
    assessment_demo_load(actor=actor, district_code=DISTRICT_CODE)  # the towns' 2023 assessment
    return result


def _study_aid_figures() -> dict[int, list[StudyAidFigures]]:
    """Each approved demo round's form 5 (捐资助学), by its data year: the study aid's year totals
    per town are built to equal them."""
    found: dict[int, list[StudyAidFigures]] = {}
    for year in APPROVED_YEARS:
        rows = SubmissionRow.objects.filter(
            submission__survey_round__year=year, submission__form=5, submission__state=State.APPROVED, section=MAIN
        ).order_by("pk")
        found[year - 1] = [
            StudyAidFigures(
                code=r.values["committee_code"],
                amount=Decimal(r.values.get("study_aid") or 0),
                students=int(r.values.get("study_aid_students") or 0),
            )
            for r in rows
        ]
    return found


def ledger_figures(years) -> dict[int, list[LedgerFigures]]:
    """Each approved round's form 2 of `years` (the demo's, load_synthetic's), by its data year (the
    year before the round's): the funding ledger's year totals are built to equal them."""
    found: dict[int, list[LedgerFigures]] = {}
    for year in years:
        rows = SubmissionRow.objects.filter(
            submission__survey_round__year=year, submission__form=2, submission__state=State.APPROVED, section=MAIN
        ).order_by("pk")
        found[year - 1] = [
            LedgerFigures(
                code=r.values["committee_code"],
                budget=Decimal(r.values["budget"]),
                in_fiscal_budget=bool(r.values["in_fiscal_budget"]),
                in_place=Decimal(r.values["in_place"]),
                raised=Decimal(r.values.get("raised") or 0),
                special=Decimal(r.values.get("special_funds") or 0),
                subsidy_people=int(r.values.get("subsidy_people") or 0),
            )
            for r in rows
        ]
    return found

"""ReportData: what the compiler (indicators, problems, selectors) hands to the builders
(workbook, Word draft, HTML, JSON). Pure data: no database, so a builder can be tested with a
hand-made ReportData (the labels of the states and choices come from surveys.labels and the spec).

Conventions (docs/FORMS.md "Details"):
- indicators: key → {"value", "previous", "change", "compared"}. previous is the same indicator
  for round year − 1 (None when that round has no approved forms); change = value − previous for
  numbers (None when either is None, or when the value is a list); for dicts of counts, a dict of
  per-key differences. compared is False (and change None) when the indicator's form is approved
  for other towns last round than this round: ReportData.previous() is then None, and the
  builders say the comparison is not made (comparison_note).
- counts are int; shares are float in 0..1 (rounded to 3 decimals); average ages float (1 decimal);
  money (万元) a Decimal or a string with 2 decimals ("334.82") — builders accept both.
- rows are the stored SubmissionRow.values: field key → value, as surveys.spec describes them
  (bool for 是/否, the English choice value, decimals as strings, ints). Each row carries
  "committee_code" and "committee_name" (sub-table rows carry their own "committee_code").

Indicator keys (the fixed ones of the README's table first; any may be missing, builders skip it):

    towns, villages, schools, enterprises, fhfg_enterprises                        int
    town_leadership_avg_size                                                       float
    towns_director_deputy_secretary                                                int
    town_exec_deputy_avg_age                                                       float
    town_exec_deputy_by_source        {"second_line_leader": 4, "retired_leader": 4, ...} (spec values)
    village_exec_deputy_five_old                                                   int
    village_exec_deputy_five_old_share                                             float
    village_exec_deputy_exceptions    [{"committee", "name", "has_five_old_deputy"}]
    villages_with_young_staff                                                      int
    volunteer_teams, backbone, participants                                        int
    backbone_age_bands                {"under_60", "60_69", "70_80", "over_80"}    int each
    backbone_age_70_80_share, backbone_age_70_plus_share                           float
    funds_below_standard                                                           int (committees)
    funds_in_fiscal_budget_share                                                   float
    funds_budget_wan, funds_in_place_wan, special_funds_wan, subsidy_wan, raised_wan   money
    funds_in_place_by_town            [{"town", "name", "in_place", "standard_lower"}]  money: sums
                                      over the town's own row and its villages' rows of 表2
    funds_in_place_mid_year_wan, ledger_subsidy_wan  money; funds_mid_year_ratio float;
    ledger_subsidy_people int; ledger_by_town [{"town", "name", "in_place_mid_year", "standard_lower",
        "mid_year_ratio", "subsidy_people", "subsidy_wan"}] — from the ledger, only where every
        committee of the approved 表2s has closed the data year (surveys/report/ledger.py)
    fhfg_villages                                                                  int (built)
    fhfg_by_round                     {"first", "second", "new"}                   int each
    fhfg_lookback                     {"consolidated", "improved", "regressed", "not_checked"}
    fhfg_regressed                    [{"committee", "name"}]
    fhfg_review_lookback, fhfg_review_regressed   the same from the villages' reviews of the year
    fhfg_rectifications               {"opened", "verified", "open"}  int each (surveys/report/fhfg_reviews.py)
    towns_in_party_assessment, exec_deputy_meetings, joint_meetings, field_visits  int
    tutoring_stations, hub_and_points_villages, station_activities,
    station_beneficiaries, family_lectures, family_audience, study_aid_students,
    internship_enterprises, recommended_jobs, articles                             int
    study_aid_donations_wan                                                        money
    brands                            [{"town", "name", "category", "start_year", "summary", "key_figures"}]
    From the scope's records of the work systems (surveys/report/systems.py), each only where recorded:
    meetings_held {kind: n}, meetings_expected {kind: n}, meetings_april_visits — what the scope's
        committee convened in the data year (committees' MeetingKind values), against the norms;
    assessment {"scheme", "assessed", "ranked_among", "top": [{"committee", "name", "rank", "total",
        "reward_wan", "confirmed"}], "rewarded", "rewards_wan", "due", "due_wan"} — the district's
        assessment of the data year over the scope's towns (a town's own row in a town's report);
    awards {"scheme", "every_years", "first_year", "last_year", "awarded": [{"category",
        "awardee_kind", "count"}]} — the latest award period ending by the data year;
    points_people, points_entries int, points_total money — the points ledger of the data year;
    review_suggestions {suggestion: n} on the report's date, review_decisions {decision: n} of the year
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from django.utils import timezone

from committees import ages
from committees.labels import LazyMapping
from surveys.labels import STATE_LABELS as STATE_LABELS  # the builders read it here
from surveys.report.catalogue import RULES
from surveys.spec import CREATION_PERIODS, EXEC_DEPUTY_SOURCES, LOOKBACK_RESULTS, FormSpec, Period, year_note

from .sections import OTHER_SECTION, SUMMARY_SECTIONS, SummarySection  # noqa: F401 (the summary's sections)

if TYPE_CHECKING:
    from surveys.report.campaign import CampaignLine
    from surveys.report.standards import Standards


class Indicator(TypedDict):
    value: Any
    previous: Any  # last round's value, as the JSON carries it
    change: Any
    # False when last round's approved forms come from other towns: the builders then show no
    # previous value and no change (ReportData.previous is None), the JSON still carries it.
    compared: NotRequired[bool]


class Problem(TypedDict):
    rule: str  # a rule id: backbone_aging, funds_below_standard, fhfg_regressed, ...
    committee: str | None  # the committee's code, None for district-wide problems
    committee_name: str
    value: Any  # the figure that fired the rule (a share, an amount, a state …)
    message: str  # Chinese, one sentence


class Recommendation(TypedDict):
    rule: str  # the problem rule it answers ("" for a standing recommendation)
    text: str
    title: NotRequired[str]  # a short heading, e.g. "“多元化”壮大班子队伍"


class RectificationItem(TypedDict):
    """A 五有五好 rectification open on the report's date (evaluations.selectors.rectifications_as_of)."""

    committee: str  # code
    committee_name: str
    town_name: str
    items: list[str]
    opened_on: date
    due_date: date
    overdue: bool
    age_days: int  # since the review that opened it, as of the report's date


class Missing(TypedDict):
    town: str
    form: int
    state: str  # "missing" when no submission, else the submission's state (draft, returned …)
    town_name: NotRequired[str]


class TownRows(TypedDict):
    town: str  # the town's committee code
    name: str  # the town's name
    rows: list[dict[str, Any]]


@dataclass
class FormData:
    """One form: its spec, and per section ("main", "B") the approved rows of every town."""

    spec: FormSpec
    sections: dict[str, list[TownRows]] = field(default_factory=dict)

    def towns(self, section: str) -> list[TownRows]:
        return self.sections.get(section, [])


@dataclass
class ReportData:
    year: int
    scope: str  # committee code of the district (or of the town, for a town's own report)
    scope_name: str
    generated_at: datetime
    # The scope committee's kind: "district", or "town"/"subdistrict" for a town's own report,
    # whose narrative speaks of 全镇/全街道 and of the town itself rather than of 全区.
    scope_kind: str = "district"
    indicators: dict[str, Indicator] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    forms: dict[int, FormData] = field(default_factory=dict)  # form number → its data
    # The funding standard and the 五有五好 version the narrative cites (surveys/report/standards.py).
    standards: Standards | None = None
    # The campaigns running in the data year, their progress in the scope (surveys/report/campaign.py).
    campaigns: tuple[CampaignLine, ...] = ()
    # The towns the round covers in the scope (open on its reference date), approved or not:
    # the report speaks of them, while the indicator "towns" counts the approved 表1s.
    round_towns: int = 0
    # Forms whose figures are not compared with last round's: the two rounds' approved forms
    # come from different towns (a comparison would set unlike against unlike).
    uncompared_forms: tuple[int, ...] = ()
    # The year the money and activity figures describe (the round's data year; default year − 1):
    # the sentences name it ("2022年度，全区…"), the JSON carries it beside "round".
    data_year: int = 0
    # The Word draft's title and date as the compiler set them ("" and None: the defaults).
    title: str = ""
    report_date: date | None = None
    # The 五有五好 rectifications open on the report's date, overdue or not (the 问题清单 lists them).
    rectifications: list[RectificationItem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.data_year = self.data_year or self.year - 1

    @property
    def is_town(self) -> bool:
        return self.scope_kind in ("town", "subdistrict")

    @property
    def whole(self) -> str:
        """全区, 全镇, 全街道 (全市, 全省): how the narrative names the whole of its scope."""
        return {"town": "全镇", "subdistrict": "全街道", "city": "全市", "province": "全省"}.get(
            self.scope_kind, "全区"
        )

    @property
    def upper_committee(self) -> str:
        """区关工委 (市关工委, 省关工委): the committee above the towns that a district's, a city's or
        a province's report speaks for (a town's report: the district's)."""
        return {"city": "市关工委", "province": "省关工委"}.get(self.scope_kind, "区关工委")

    def whole_of(self, form: int) -> str:
        """How a sentence names what a form's figures cover: the whole scope (全区…) when every
        town's form is approved, else only the towns summed so far (a district's report)."""
        if self.is_town or not any(m["form"] == form for m in self.missing):
            return self.whole
        return SUMMED_TOWNS

    @property
    def incomplete_towns(self) -> list[str]:
        """The towns (codes) with a form of the round not approved, in the order listed."""
        return list(dict.fromkeys(m["town"] for m in self.missing))

    @property
    def is_complete(self) -> bool:
        return not self.missing

    def value(self, key: str, default: Any = None) -> Any:
        ind = self.indicators.get(key)
        return default if ind is None or ind.get("value") is None else ind["value"]

    def previous(self, key: str) -> Any:
        """Last round's value, when it may be set beside this round's (same towns); else None."""
        ind = self.indicators.get(key)
        return None if ind is None or ind.get("compared") is False else ind.get("previous")

    def change(self, key: str) -> Any:
        ind = self.indicators.get(key)
        return None if ind is None else ind.get("change")

    def fired(self, rule: str) -> list[Problem]:
        return [p for p in self.problems if p["rule"] == rule]

    def town_name(self, code: str) -> str:
        """A town's name, as its rows give it (the code when no form has rows for it)."""
        for data in self.forms.values():
            for towns in data.sections.values():
                for town in towns:
                    if town["town"] == code:
                        return town["name"]
        return code


def incomplete_banner(report: ReportData) -> str:
    """What a report over an unfinished round says first (draft, workbook, HTML); "" when every
    form of every town of the scope is approved."""
    if report.is_complete:
        return ""
    day = report.generated_at
    day = timezone.localtime(day) if timezone.is_aware(day) else day
    when = f"{day.year}年{day.month}月{day.day}日"
    if report.is_town:
        return (
            f"本报告依据截至{when}已审核通过的调查表汇总，{report.scope_name}尚有{len(report.missing)}张调查表"
            "未审核通过，数据不完整。"
        )
    incomplete = len(report.incomplete_towns)
    towns = max(report.round_towns, incomplete)
    return (
        f"本报告依据截至{when}已审核通过的调查表汇总：{report.whole}{towns}个镇（街道）中，"
        f"{towns - incomplete}个镇（街道）的调查表已全部审核通过，尚有{incomplete}个镇（街道）未完成，数据不完整。"
    )


SLOGAN_TITLE = "持之以恒不断加强关工委基层基础建设"  # the seed report's title (surveys.report.titles)


def plain_title(scope_name: str, year: int) -> str:
    """A report's title when it has no other: "锡山区关工委基层基础建设调研报告（2023年）"."""
    return f"{scope_name}基层基础建设调研报告（{year}年）"


def report_day(report: ReportData) -> datetime:
    """The day the draft is dated: the report's date (the round's, or the compiler's), else the compile day."""
    if report.report_date is None:
        return report.generated_at
    return datetime(report.report_date.year, report.report_date.month, report.report_date.day)


SUMMED_TOWNS = "已汇总镇（街道）"
NO_COMPARISON = "本次未对上年作比较：两年参与汇总的镇（街道）不同。"
PARTLY_COMPARED = "本次部分指标未对上年作比较（表{forms}）：两年参与汇总的镇（街道）不同。"


def comparison_note(report: ReportData) -> str:
    """Why figures show no last-round value, when the towns of the two rounds differ; "" otherwise."""
    if not report.uncompared_forms:
        return ""
    if set(report.uncompared_forms) >= set(report.forms or report.uncompared_forms):
        return NO_COMPARISON
    return PARTLY_COMPARED.format(forms="、表".join(str(n) for n in report.uncompared_forms))


def money(value: Any) -> Decimal | None:
    """A money figure (Decimal, "12.50", int, float) as Decimal, None when blank or not a number."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


# Chinese labels shared by the builders ---------------------------------------------------

# (key, label, unit, kind) — kind: count, share, money, age, avg. The summary's rows, in order.
AGE_BANDS: tuple[tuple[str, str], ...] = tuple((band.key, band.words) for band in ages.BANDS)
AGED_70_80 = dict(AGE_BANDS)["70_80"]  # the band the aging figures name ("70至80岁")

SUMMARY_INDICATORS: tuple[tuple[str, str, str, str], ...] = (
    ("towns", "镇（街道）数", "个", "count"),
    ("villages", "村（社区）数", "个", "count"),
    ("schools", "中小学关工委数", "个", "count"),
    ("enterprises", "企业关工委数", "家", "count"),
    ("fhfg_enterprises", "其中“五有五好”企业关工委", "家", "count"),
    ("town_leadership_avg_size", "镇（街道）关工委班子平均人数", "人", "avg"),
    ("towns_director_deputy_secretary", "主任由在职党（工）委副书记兼任的镇（街道）", "个", "count"),
    ("town_exec_deputy_avg_age", "镇（街道）常务副主任平均年龄", "岁", "age"),
    ("village_exec_deputy_five_old", "由“五老”担任常务副主任的村（社区）", "个", "count"),
    ("village_exec_deputy_five_old_share", "由“五老”担任常务副主任的村（社区）占比", "", "share"),
    ("villages_with_young_staff", "配备年轻工作人员的村（社区）", "个", "count"),
    ("volunteer_teams", "志愿者团队", "个", "count"),
    ("backbone", "骨干层“五老”", "人", "count"),
    ("participants", "参与层“五老”志愿者", "人", "count"),
    ("backbone_age_70_80_share", f"骨干{AGED_70_80}占比", "", "share"),
    ("backbone_age_70_plus_share", "骨干70岁以上占比", "", "share"),
    ("funds_below_standard", "经费未足额的关工委", "个", "count"),
    ("funds_in_fiscal_budget_share", "经费纳入财政预算的比例", "", "share"),
    ("funds_budget_wan", "预算安排", "万元", "money"),
    ("funds_in_place_wan", "实际到位", "万元", "money"),
    ("special_funds_wan", "专项经费", "万元", "money"),
    ("subsidy_wan", "五老补贴金额", "万元", "money"),
    ("raised_wan", "社会筹措", "万元", "money"),
    ("funds_in_place_mid_year_wan", "6月30日前到位（经费台账）", "万元", "money"),
    ("funds_mid_year_ratio", "6月30日前到位占标准下限（经费台账）", "", "share"),
    ("ledger_subsidy_people", "“五老”补贴发放人数（经费台账）", "人", "count"),
    ("ledger_subsidy_wan", "“五老”补贴发放金额（经费台账）", "万元", "money"),
    ("fhfg_villages", "建成“五有五好”的村（社区）", "个", "count"),
    ("towns_in_party_assessment", "关工委工作列入党政考核的镇（街道）", "个", "count"),
    ("exec_deputy_meetings", "常务副主任例会", "次", "count"),
    ("joint_meetings", "联席会议", "次", "count"),
    ("field_visits", "调研走访", "次", "count"),
    ("tutoring_stations", "校外教育辅导站", "个", "count"),
    ("hub_and_points_villages", "创办“一站多点”的村（社区）", "个", "count"),
    ("station_activities", "辅导站活动", "场次", "count"),
    ("station_beneficiaries", "受益学生", "人次", "count"),
    ("family_lectures", "家庭教育讲座", "场次", "count"),
    ("family_audience", "家庭教育受众", "人次", "count"),
    ("study_aid_donations_wan", "捐资助学金额", "万元", "money"),
    ("study_aid_students", "受助学生", "人", "count"),
    ("internship_enterprises", "提供实习基地的企业", "家", "count"),
    ("recommended_jobs", "推荐就业", "人", "count"),
    ("articles", "宣传稿件", "篇", "count"),
)

# The summary's indicators that sum figures of the data year (form 2's money, form 5's activity
# counts: their fields' period in the spec); their label names the year ("实际到位（2022年度）").
DATA_YEAR_INDICATORS = frozenset(
    (
        "funds_below_standard",
        "funds_in_fiscal_budget_share",
        "funds_budget_wan",
        "funds_in_place_wan",
        "special_funds_wan",
        "subsidy_wan",
        "raised_wan",
        "funds_in_place_mid_year_wan",
        "funds_mid_year_ratio",
        "ledger_subsidy_people",
        "ledger_subsidy_wan",
        "exec_deputy_meetings",
        "joint_meetings",
        "field_visits",
        "station_activities",
        "station_beneficiaries",
        "family_lectures",
        "family_audience",
        "study_aid_donations_wan",
        "study_aid_students",
        "internship_enterprises",
        "recommended_jobs",
        "articles",
    )
)

LOOKBACK_LABELS: tuple[tuple[str, str], ...] = tuple((c.value, c.label) for c in LOOKBACK_RESULTS)
CREATION_PERIOD_LABELS: tuple[tuple[str, str], ...] = tuple((c.value, c.label) for c in CREATION_PERIODS)
RECTIFICATION_LABELS: tuple[tuple[str, str], ...] = (
    ("opened", "本年新开"),
    ("verified", "本年复查销号"),
    ("open", "截至报告日期尚在整改"),
)
# A problem's value that is a choice value of the forms ("regressed", an executive deputy's
# source): its label, as every builder shows it (the JSON keeps the value).
PROBLEM_VALUE_LABELS = LazyMapping(lambda: {**dict(LOOKBACK_LABELS), **{c.value: c.label for c in EXEC_DEPUTY_SOURCES}})


def problem_value_label(value: Any) -> Any:
    """A problem's value as shown: a choice value's label; any other value as it is."""
    if isinstance(value, str):
        return PROBLEM_VALUE_LABELS.get(value, value)
    return value


def default_recommendations(problems: list[Problem]) -> list[Recommendation]:
    """The catalogue's recommendation (对策和建议) of each rule that fired, in the catalogue's
    order: a builder given no recommendations falls back to these; the staff edit the draft."""
    fired = {p["rule"] for p in problems}
    return [
        Recommendation(rule=rule.code, title=rule.recommendation_title, text=rule.recommendation)
        for rule in RULES
        if rule.code in fired
    ]


SummaryLine = tuple[str, str, Any, Any, Any, str]  # label, unit, value, previous, change, kind


def summary_lines(report: ReportData) -> list[SummaryLine]:
    """(label, unit, value, previous, change, kind) of the summary tables: the indicators of
    SUMMARY_INDICATORS present in the report, then the breakdowns (sources, age bands, rounds)."""
    return [line for _key, line in _keyed_summary_lines(report)]


def summary_groups(report: ReportData) -> list[tuple[str, list[SummaryLine]]]:
    """The summary's lines under the sections of SUMMARY_SECTIONS (those with a line), in order."""
    by_key: dict[str, list[SummaryLine]] = {}
    for key, line in _keyed_summary_lines(report):
        by_key.setdefault(key, []).append(line)
    groups = [(s.title, [line for key in s.keys for line in by_key.pop(key, [])]) for s in SUMMARY_SECTIONS]
    groups.append((OTHER_SECTION, [line for lines in by_key.values() for line in lines]))
    return [(title, lines) for title, lines in groups if lines]


def _keyed_summary_lines(report: ReportData) -> list[tuple[str, SummaryLine]]:
    lines = []
    for key, label, unit, kind in SUMMARY_INDICATORS:
        if key in report.indicators:
            label += year_note(Period.DATA, report.data_year) if key in DATA_YEAR_INDICATORS else ""
            lines.append((key, (label, unit, report.value(key), report.previous(key), report.change(key), kind)))
    breakdowns = (
        (
            "town_exec_deputy_by_source",
            "镇（街道）常务副主任来源：",
            [(c.value, c.label) for c in EXEC_DEPUTY_SOURCES],
            "人",
        ),
        ("backbone_age_bands", "骨干年龄段：", AGE_BANDS, "人"),
        ("fhfg_by_round", "“五有五好”创建轮次：", CREATION_PERIOD_LABELS, "个"),
        ("fhfg_lookback", "“五有五好”回头看：", LOOKBACK_LABELS, "个"),
        ("fhfg_review_lookback", "“五有五好”回头看和抽查记录：", LOOKBACK_LABELS, "个"),
        ("fhfg_rectifications", "“五有五好”整改：", RECTIFICATION_LABELS, "项"),
    )
    for key, prefix, labels, unit in breakdowns:
        value = report.value(key)
        if not isinstance(value, dict):
            continue
        previous = report.previous(key) if isinstance(report.previous(key), dict) else {}
        change = report.change(key) if isinstance(report.change(key), dict) else {}
        for sub, label in labels:
            if sub in value or sub in previous:
                line = (prefix + label, unit, value.get(sub, 0), previous.get(sub), change.get(sub), "count")
                lines.append((key, line))
    return lines

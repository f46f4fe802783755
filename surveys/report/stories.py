"""The narrative's paragraphs about the district's own work, written from data: the funding
standard and the notice that set it, the 五有五好 version in force, the brand projects'
cumulative figures (表5B's 关键数字), volunteer teams chosen across towns (表4B), the figures
behind the five-olds' aging, and the measures the recommendations name when the forms show
the backbone aging, committees without young staff or more exits than entrants.

Pure: ReportData in, sentences out ("" when the data to back a sentence is not there).
surveys.report.narrative places them in its parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from surveys.report import system_stories
from surveys.report.campaign import campaign_sentence
from surveys.report.data import LOOKBACK_LABELS, Recommendation, ReportData, money
from surveys.report.standards import FundingRule
from surveys.spec import SUB

EXAMPLE_TEAMS = 5  # volunteer teams named as examples
LEVEL_WORDS = {"town": "镇（街道）", "village": "村（社区）"}
# Where the paragraphs go: the parts of chapter 一, in narrative.draft's order.
FUNDS_PART, FHFG_PART, SYSTEMS_PART, BRANDS_PART = 1, 2, 3, 4
# The rules whose recommendation the five-old measures complete, in order of preference.
FIVE_OLD_RULES = ("backbone_aging", "no_young_staff")
FIVE_OLD_TITLE = "健全“五老”队伍激励和进退机制"


def data_year(report: ReportData) -> int:
    """The year money and activity figures describe: the round's year − 1 unless set."""
    return report.data_year


def fhfg_record(report: ReportData) -> str:
    """(三): what the villages' reviews of the year recorded (surveys/report/fhfg_reviews.py): the
    villages checked by result, the rectifications opened and verified, those open on the date."""
    checks, rectifications = report.value("fhfg_review_lookback"), report.value("fhfg_rectifications")
    if not isinstance(checks, dict) or not isinstance(rectifications, dict):
        return ""
    found = [(label, checks[key]) for key, label in LOOKBACK_LABELS if key != "not_checked" and checks.get(key)]
    text = ""
    checked = sum(n for _label, n in found)
    if found and checks == report.value("fhfg_lookback"):
        text = f"以上“回头看”结果与各村（社区）的“回头看”和抽查记录一致（{report.year}年共检查{checked}个村（社区））。"
    elif found:
        counts = "、".join(f"{label}{n}个" for label, n in found)
        text = f"据“回头看”和抽查记录，{report.year}年共检查{checked}个村（社区），其中{counts}。"
    if any(rectifications.values()):
        day = report.report_date
        by = f"截至{day.year}年{day.month}月{day.day}日" if day else "目前"
        text += (
            f"{report.year}年新开整改{rectifications['opened']}项，经复查验证销号{rectifications['verified']}项，"
            f"{by}尚有{rectifications['open']}项正在整改。"
        )
    return text


def _wan(amount: Decimal) -> str:
    """8.00 → "8", 2.50 → "2.5" (a standard as the notice writes it)."""
    return f"{amount.normalize():f}"


def _range(lower: Decimal | None, upper: Decimal | None) -> str:
    if lower is None or upper is None:
        return ""
    return f"{_wan(lower)}万元" if lower == upper else f"{_wan(lower)}—{_wan(upper)}万元"


def _funding_clause(rule: FundingRule) -> str:
    now, before = _range(rule.lower, rule.upper), _range(rule.before_lower, rule.before_upper)
    level = LEVEL_WORDS.get(rule.level, rule.level)
    return f"{level}由每年{before}提高到{now}" if before else f"{level}每年{now}"


def funding_notice(report: ReportData) -> str:
    """(二): the funding standard in force in the data year and the notice that set it."""
    rules = report.standards.funding if report.standards else ()
    if not rules:
        return ""
    clauses = "，".join(_funding_clause(rule) for rule in rules)
    sources = list(dict.fromkeys(rule.source for rule in rules))
    first = min(rule.first_year for rule in rules)
    if len(sources) == 1 and sources[0]:
        lead = f"{first}年起执行的{sources[0]}对关工委工作经费的标准作了明确规定"
    else:
        lead = f"{first}年起，关工委工作经费按标准核定"
    return f"{lead}：{clauses}（{data_year(report)}年度执行此标准）。"


def fhfg_version(report: ReportData) -> str:
    """(三): the 五有五好 version the round's look-back checked against."""
    version = report.standards.fhfg if report.standards else None
    if version is None:
        return ""
    day = version.effective_from
    since = f"{day.year}年{day.month}月{day.day}日"
    if not version.revises:
        return f"本年度“回头看”对照“五有五好”建设工作标准（{version.name}，共{version.items}项）逐项进行。"
    source = f"依据{version.source}，" if version.source else ""
    return (
        f"为巩固发展创建成果，{source}{since}起施行新修订的“五有五好”建设工作标准"
        f"（{version.name}，共{version.items}项，替代{version.revises}版），本年度“回头看”对照新标准逐项进行。"
    )


def _place(report: ReportData, town: str) -> str:
    return report.town_name(town) if town else ""


def brand_figures(report: ReportData) -> str:
    """(五): the brand projects' cumulative figures, as 表5B's 关键数字 give them."""
    brands = report.value("brands") or []
    found = []
    for brand in brands:
        figures = (brand.get("key_figures") or "").strip().rstrip("。；;")
        if not figures or not brand.get("name"):
            continue
        since = f"（{brand['start_year']}年起）" if brand.get("start_year") else ""
        found.append(f"{_place(report, brand.get('town', ''))}的{brand['name']}{since}，{figures}")
    return f"其中，{'；'.join(found)}。" if found else ""


def example_teams(report: ReportData, limit: int = EXAMPLE_TEAMS) -> list[dict]:
    """Volunteer teams (表4B rows) named as examples, chosen across towns: going town by town,
    each town gives a team of a type not yet named; then, while fewer than `limit`, further
    teams town by town."""
    data = report.forms.get(4)
    towns = [list(town["rows"]) for town in data.towns(SUB)] if data else []
    chosen: list[dict] = []
    types: set[str] = set()
    for rows in towns:
        fresh = next((r for r in rows if r.get("team_type") not in types), None)
        if fresh is not None and len(chosen) < limit:
            chosen.append(fresh)
            types.add(fresh.get("team_type"))
    while len(chosen) < limit and any(r not in chosen for rows in towns for r in rows):
        for rows in towns:
            more = next((r for r in rows if r not in chosen), None)
            if more is not None and len(chosen) < limit:
                chosen.append(more)
    return chosen


def aging_evidence(report: ReportData) -> str:
    """What backs "青黄不接" besides the shares: the young backbone there is (and was), and the
    year's entrants and exits. Each clause carries its figure; "" when none is known."""
    v = report.value
    clauses = []
    bands = v("backbone_age_bands")
    if isinstance(bands, dict) and "under_60" in bands:
        young = bands["under_60"]
        before = report.previous("backbone_age_bands")
        was = before.get("under_60") if isinstance(before, dict) else None
        text = f"60岁以下的骨干仅{young}人" if young else "骨干中已没有60岁以下的“五老”"
        if was is not None and was != young:
            text += f"（上年{was}人）"
        clauses.append(text)
    joined, exited = v("five_olds_joined"), v("five_olds_exited")
    if joined is not None and exited is not None and exited > joined:
        clauses.append(f"{report.year}年退出“五老”{exited}人，新加入仅{joined}人")
    return "，".join(clauses)


def _five_old_figures(report: ReportData) -> list[str]:
    """The figures that call for the measures: aging fired, committees without young staff,
    more exits than entrants."""
    v = report.value
    found = []
    if report.fired("backbone_aging") and v("backbone_age_70_plus_share") is not None:
        found.append(f"骨干“五老”中70岁以上的占{float(v('backbone_age_70_plus_share')) * 100:.1f}%")
    young = report.fired("no_young_staff")
    if young:
        found.append(f"{len(young)}个关工委未配备年轻工作人员")
    joined, exited = v("five_olds_joined"), v("five_olds_exited")
    if joined is not None and exited is not None and exited > joined:
        found.append(f"{report.year}年退出“五老”{exited}人、新加入{joined}人")
    return found


def five_old_measures(report: ReportData) -> str:
    """The points system, subsidies and an entry/exit mechanism the seed calls for, said when
    the figures show the need (and with them); with the points ledger's and the entry/exit
    review's figures where the records have them (system_stories); "" otherwise."""
    figures = _five_old_figures(report)
    if not figures:
        return ""
    subsidy = money(report.value("subsidy_wan"))
    people = report.value("subsidy_people")
    paid = ""
    if subsidy is not None and people:
        paid = f"（{data_year(report)}年度{report.whole}“五老”补贴{subsidy:.2f}万元，发放{people}人）"
    points = system_stories.points_figures(report)
    review = system_stories.review_sentence(report)
    return (
        f"针对{'，'.join(figures)}的情况，要对“五老”骨干给予明确合理的工作补贴等物质待遇{paid}，"
        + (f"按服务年限和评选等级落实积分制管理{points}" if points else "探索按服务年限和评选等级实行积分制管理")
        + "，以此稳定核心层、骨干层“五老”；"
        + ("同时落实进退（出）制度，实行优胜劣汰。" if review else "同时制定可操作的进退（出）制度，实行优胜劣汰。")
        + review
    )


def with_five_old_measures(report: ReportData, recs: Sequence[Recommendation]) -> list[Recommendation]:
    """The recommendations, the five-old measures added to the first of FIVE_OLD_RULES' that is
    there, or as a recommendation of their own."""
    measures = five_old_measures(report)
    recs = list(recs)
    if not measures:
        return recs
    for rule in FIVE_OLD_RULES:
        for n, rec in enumerate(recs):
            if rec["rule"] == rule:
                recs[n] = Recommendation(**{**rec, "text": f"{rec['text']}{measures}"})
                return recs
    return [*recs, Recommendation(rule="", title=FIVE_OLD_TITLE, text=measures)]


def with_stories(report: ReportData, parts: list) -> list:
    """Chapter 一's parts (narrative.draft's order) with the paragraphs about the district's
    own standards, systems and brands: the funding notice leads (二), the 五有五好 version follows
    (三)'s figures, the meetings lead (四) and the assessment and awards close it, the brands'
    cumulative figures close (五)."""
    parts = list(parts)

    def add(index: int, text: str, first: bool = False) -> None:
        if text and index < len(parts):
            paragraphs = parts[index].paragraphs
            parts[index] = replace(parts[index], paragraphs=[text, *paragraphs] if first else [*paragraphs, text])

    add(FUNDS_PART, funding_notice(report), first=True)
    add(FHFG_PART, fhfg_record(report))  # right after the figures of form 3 it bears out
    add(FHFG_PART, fhfg_version(report))
    add(FHFG_PART, campaign_sentence(report.campaigns))
    add(SYSTEMS_PART, system_stories.meetings_sentence(report), first=True)
    add(SYSTEMS_PART, system_stories.system_records(report))
    add(BRANDS_PART, brand_figures(report))
    return parts


def ledger_funds(report: ReportData) -> str:
    """What the funding ledger adds where the data year is closed for every committee of 表2: the
    funds in place by 30 June against the standards' lower bounds, and the subsidies paid; ""
    when the report has no ledger figures (surveys/report/ledger.py)."""
    by, ratio = money(report.value("funds_in_place_mid_year_wan")), report.value("funds_mid_year_ratio")
    people, paid = report.value("ledger_subsidy_people"), money(report.value("ledger_subsidy_wan"))
    if by is None or people is None or paid is None:
        return ""
    share = f"，为经费标准下限的{float(ratio) * 100:.1f}%" if ratio is not None else ""
    return (
        f"据经费台账（{data_year(report)}年度已结账），截至{data_year(report)}年6月30日到位工作经费{by:.2f}万元{share}；"
        f"全年发放“五老”补贴{people}人、{paid:.2f}万元。"
    )

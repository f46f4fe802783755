"""The district report's narrative as data, shared by the Word draft and the HTML report: its
parts and chapters, written from the figures, and the figures as the text writes them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from surveys.report import stories
from surveys.report.catalogue import BY_CODE, RULES, rule_label, rule_title
from surveys.report.changes import change_text as change_text  # the one rule; html and docx read it here
from surveys.report.data import (
    AGE_BANDS,
    AGED_70_80,
    CREATION_PERIOD_LABELS,
    LOOKBACK_LABELS,
    STATE_LABELS,
    Problem,
    Recommendation,
    ReportData,
    comparison_note,
    default_recommendations,
    incomplete_banner,
    money,
    plain_title,
)
from surveys.spec import EXEC_DEPUTY_SOURCES, MAIN, SUB

CN_NUMBERS = "一二三四五六七八九十"
MAX_NAMES = 20  # committees named in one sentence; the 问题清单 sheet lists them all


@dataclass(frozen=True)
class Part:
    heading: str  # "（一）队伍建设有责有为"
    paragraphs: list[str]


@dataclass(frozen=True)
class Chapter:
    title: str  # "一、基层基础建设的实践和成效"
    intro: str
    parts: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class Draft:
    title: str
    subtitle: str
    preface: list[str]
    chapters: list[Chapter]
    # Said before anything else, on the first page: the round is not finished, and the figures
    # are not set against last round's other towns.
    notices: list[str] = field(default_factory=list)


# Figures as the text writes them ---------------------------------------------------------


def num(value) -> str:
    """A count as the seed writes it: 3450, 128 (no separators); floats without a needless .0."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    return str(value)


def pct(value) -> str:
    """A share 0..1 as a percentage with one decimal: 0.992 → "99.2%"."""
    if value is None:
        return "—"
    return f"{float(value) * 100:.1f}%"


def wan(value) -> str:
    """Money in 万元 with 2 decimals: "334.82"."""
    amount = money(value)
    return "—" if amount is None else f"{amount:.2f}"


def yoy(report: ReportData, key: str, unit: str = "", kind: str = "count") -> str:
    """ "，比上年增加3人" / "，比上年提高0.8个百分点" / "，与上年持平"; "" without a previous round."""
    previous, change = report.previous(key), report.change(key)
    if previous is None or change is None or isinstance(change, (dict, list)):
        return ""
    if kind == "share":
        points = round(float(change) * 100, 1)
        if points == 0:
            return "，与上年持平"
        return f"，比上年{'提高' if points > 0 else '降低'}{abs(points):.1f}个百分点"
    if kind == "money":
        amount = money(change)
        if amount is None or amount == 0:
            return "，与上年持平" if amount == 0 else ""
        return f"，比上年{'增加' if amount > 0 else '减少'}{abs(amount):.2f}万元"
    delta = change if isinstance(change, (int, Decimal)) else round(float(change), 1)
    if delta == 0:
        return "，与上年持平"
    return f"，比上年{'增加' if delta > 0 else '减少'}{num(abs(delta))}{unit}"


def chinese_date(moment: datetime.datetime) -> str:
    """2024年1月8日, in the portal's time zone."""
    day = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{day.year}年{day.month}月{day.day}日"


def names(items: Sequence[dict], key: str = "name") -> str:
    """ "甲、乙、丙" — at most MAX_NAMES, then "等N个"."""
    shown = [str(item.get(key) or item.get("committee") or "") for item in items[:MAX_NAMES]]
    text = "、".join(s for s in shown if s)
    if len(items) > MAX_NAMES:
        text += f"等{len(items)}个"
    return text


def _labelled_counts(counts: dict | None, labels: Sequence[tuple[str, str]], unit: str) -> str:
    if not counts:
        return ""
    return "、".join(f"{label}{num(counts.get(key, 0))}{unit}" for key, label in labels if counts.get(key))


def _rows(report: ReportData, form: int, section: str = MAIN) -> list[dict]:
    data = report.forms.get(form)
    if data is None:
        return []
    return [row for town in data.towns(section) for row in town["rows"]]


# The narrative ------------------------------------------------------------------------------


def draft(report: ReportData) -> Draft:
    """The report's narrative, written from the figures."""
    v = report.value
    w = report.whole
    plain = plain_title(report.scope_name, report.year)
    title = report.title or plain
    forms = "关工委班子队伍情况、经费落实情况、“五有五好”建设情况、“五老”队伍情况、工作制度与品牌建设情况等5张调查表"
    if report.is_town:
        opening = (
            f"{report.scope_name}依据本级及所辖{num(v('villages'))}个村（社区）填报并经区关工委审核通过的{forms}"
            f"的数据（{_years(report)}），对{w}关心下一代工作现状作一全面梳理，为有针对性地开展工作提供导向依据。"
        )
    else:
        opening = (
            f"{report.scope_name}向{w}{num(report.round_towns or v('towns'))}个镇（街道）下发了{forms}，"
            f"依据各镇（街道）填报并经审核通过的数据（{_years(report)}），"
            f"对{w}镇（街道）、村（社区）关心下一代工作现状作一全面梳理，为有针对性地开展工作提供导向依据。"
        )
    preface = ["基层决定基础，基础决定全局。在关心下一代工作的全局中，基层基础工作是关工委工作的根基。" + opening]
    if report.missing:
        preface.append(
            f"说明：截至汇总时，尚有{len(report.missing)}张调查表未审核通过，其数据未计入本报告（详见“问题和不足”）。"
        )
    notices = [text for text in (incomplete_banner(report), comparison_note(report)) if text]
    chapters = [
        Chapter(
            "一、基层基础建设的实践和成效",
            f"{w}各级关工委紧紧依靠“党建引领”这个关键，围绕“立德树人”根本目标，突出重点，抓特点、创亮点，"
            "不断夯实基层基础，创新工作内容，有力促进了关工委基层组织建设。",
            stories.with_stories(
                report, [_team(report), _funds(report), _fhfg(report), _systems(report), _brands(report)]
            ),
        ),
        Chapter(
            "二、基层基础建设的问题和不足",
            f"{w}基层关心下一代工作得到了长足发展，取得了良好成效，但基层基础建设仍存在一些困难和问题。"
            if report.problems
            else f"本次调查数据未触发所设问题规则，{w}基层基础建设总体良好，但仍需持续巩固、久久为功。",
            _problems(report),
        ),
        Chapter(
            "三、基层基础建设的对策和建议",
            "根深才能叶茂，固基才能强本。加强关工委基层基础建设，是确保关心下一代工作各项任务落到实处的重要保证。"
            "要立足工作实际，坚持问题导向与成效导向，针对本次调查发现的问题，提出以下建议。",
            _recommendations(report),
        ),
    ]
    subtitle = "（初稿）" if title == plain else f"——{report.scope_name}{report.year}年基层基础建设调研报告（初稿）"
    return Draft(title=title, subtitle=subtitle, preface=preface, chapters=chapters, notices=notices)


def _years(report: ReportData) -> str:
    """Which year the figures describe, as the preface says it."""
    return f"班子、队伍等截至{report.year}年12月31日，经费和活动数字为{report.data_year}年度"


def _team(report: ReportData) -> Part:
    v = report.value
    paragraphs = []
    if v("schools") is not None or v("enterprises") is not None:
        text = f"{report.whole_of(3)}{num(v('schools'))}所中小学关工委班子健全、队伍稳定，{num(v('enterprises'))}家企业建立了关工委组织"
        text += yoy(report, "enterprises", "家")
        text += f"，其中建成“五有五好”关工委{num(v('fhfg_enterprises'))}家{yoy(report, 'fhfg_enterprises', '家')}。"
        paragraphs.append(text)

    paragraphs.append(_town_leadership(report))

    villages, five_old = v("villages"), v("village_exec_deputy_five_old")
    text = "二是配优村（社区）关工委班子。"
    if villages is not None and five_old is not None:
        text += (
            f"{report.whole_of(1)}{num(villages)}个村（社区），有{num(five_old)}个村（社区）关工委由“五老”担任常务副主任，"
            f"占{pct(v('village_exec_deputy_five_old_share'))}"
            f"{yoy(report, 'village_exec_deputy_five_old_share', kind='share')}。"
        )
    exceptions = v("village_exec_deputy_exceptions") or []
    with_deputy = [e for e in exceptions if e.get("has_five_old_deputy")]
    without_deputy = [e for e in exceptions if not e.get("has_five_old_deputy")]
    if with_deputy:
        text += f"{len(with_deputy)}个村（社区）（{names(with_deputy)}）常务副主任不是“五老”，但配备了“五老”副主任。"
    if without_deputy:
        text += (
            f"{len(without_deputy)}个村（社区）（{names(without_deputy)}）常务副主任不是“五老”，且未配备“五老”副主任。"
        )
    young = v("villages_with_young_staff")
    if young is not None and villages is not None:
        if young >= villages:
            text += "所有村（社区）均有负责日常具体事务工作的年轻同志。"
        else:
            text += f"{num(young)}个村（社区）配备了年轻工作人员，尚有{num(villages - young)}个未配备。"
    paragraphs.append(text)

    text = "三是创新路壮大“五老”队伍。"
    teams = _rows(report, 4, SUB)
    w = report.whole_of(4)
    text += f"{w}组建各类志愿者团队{num(v('volunteer_teams'))}个{yoy(report, 'volunteer_teams', '个')}"
    if teams:
        text += f"，包括{names(stories.example_teams(report))}等"
    backbone_change = yoy(report, "backbone", "人").removeprefix("，")
    text += (
        f"。目前{w}除“五大员”骨干层{num(v('backbone'))}人{f'（{backbone_change}）' if backbone_change else ''}外，"
        f"参与层“五老”志愿者达{num(v('participants'))}人{yoy(report, 'participants', '人')}。"
    )
    bands = v("backbone_age_bands")
    if bands:
        text += f"骨干层中，{_labelled_counts(bands, AGE_BANDS, '人')}"
        if v("backbone_age_70_80_share") is not None:
            text += f"，{AGED_70_80}的占{pct(v('backbone_age_70_80_share'))}"
        text += "。"
    paragraphs.append(text)
    return Part("（一）队伍建设有责有为", paragraphs)


def _town_leadership(report: ReportData) -> str:
    """一是……: the towns' leadership; a town's own report speaks of its one leadership."""
    v = report.value
    towns = v("towns")
    by_source = v("town_exec_deputy_by_source") or {}
    sources = [(c, by_source[c.value]) for c in EXEC_DEPUTY_SOURCES if by_source.get(c.value)]
    if report.is_town:
        text = f"一是配强镇（街道）关工委班子。{report.scope_name}"
        if v("town_leadership_avg_size") is not None:
            text += f"班子成员{num(v('town_leadership_avg_size'))}名"
        if v("towns_director_deputy_secretary"):
            text += "，主任由在职党（工）委副书记兼任"
        if sources:
            text += "；常务副主任为" + "、".join(str(c.label) for c, _ in sources)
        if v("town_exec_deputy_avg_age") is not None:
            text += f"，年龄{num(v('town_exec_deputy_avg_age'))}岁"
        return text + "。"
    summed = report.whole if report.whole_of(1) == report.whole else "已汇总的"
    text = f"一是配强镇（街道）关工委班子。{summed}{num(towns)}个镇（街道）"
    if v("town_leadership_avg_size") is not None:
        text += f"，班子成员平均{num(v('town_leadership_avg_size'))}名"
    deputy_secretary = v("towns_director_deputy_secretary")
    if deputy_secretary is not None:
        if deputy_secretary == towns:
            text += "，主任全部由在职党（工）委副书记兼任"
        else:
            text += f"，{num(deputy_secretary)}个镇（街道）的主任由在职党（工）委副书记兼任"
    if sources:
        text += "；常务副主任中，" + "，".join(f"{num(n)}名为{c.label}" for c, n in sources)
    if v("town_exec_deputy_avg_age") is not None:
        text += f"，平均年龄{num(v('town_exec_deputy_avg_age'))}岁{yoy(report, 'town_exec_deputy_avg_age', '岁')}"
    return text + "。"


def _funds(report: ReportData) -> Part:
    v = report.value
    text = (
        f"{report.data_year}年度，{report.whole_of(2)}各级关工委预算安排工作经费{wan(v('funds_budget_wan'))}万元，"
        f"实际到位{wan(v('funds_in_place_wan'))}万元{yoy(report, 'funds_in_place_wan', kind='money')}；"
        f"另有专项经费{wan(v('special_funds_wan'))}万元，“五老”补贴{wan(v('subsidy_wan'))}万元，"
        f"社会筹措{wan(v('raised_wan'))}万元。"
    ) + stories.ledger_funds(report)
    if v("funds_in_fiscal_budget_share") is not None:
        text += f"{report.data_year}年度工作经费纳入财政预算的占{pct(v('funds_in_fiscal_budget_share'))}。"
    below = v("funds_below_standard")
    if below:
        text += (
            f"{report.data_year}年度有{num(below)}个关工委实际到位低于经费标准下限，尚未足额到位"
            f"{yoy(report, 'funds_below_standard', '个')}。"
        )
    elif below is not None:
        text += f"{report.data_year}年度各级关工委工作经费均按标准足额到位。"
    return Part("（二）经费保障有行有效", [text])


def _fhfg(report: ReportData) -> Part:
    v = report.value
    villages, built = v("villages"), v("fhfg_villages")
    text = f"{report.whole_of(3)}{num(villages)}个村（社区），已有{num(built)}个建成“五有五好”关工委"
    if villages and built is not None:
        text += f"，覆盖率{pct(built / villages)}"
    text += yoy(report, "fhfg_villages", "个")
    by_period = _labelled_counts(v("fhfg_by_round"), CREATION_PERIOD_LABELS, "个")
    if by_period:
        text += f"，其中{by_period.replace('第一轮', '第一轮创建').replace('第二轮', '第二轮创建')}"
    text += "。"
    lookback = _labelled_counts(v("fhfg_lookback"), LOOKBACK_LABELS, "个")
    if lookback:
        text += f"{report.year}年“回头看”中，{lookback}。"
    regressed = v("fhfg_regressed") or []
    if regressed:
        text += f"出现退化的有{names(regressed)}，已要求落实整改措施。"
    return Part("（三）“五有五好”有量有质", [text])


def _systems(report: ReportData) -> Part:
    """(四) from form 5 (the records' sentences: stories.with_stories); nothing without its rows."""
    v = report.value
    rows = _rows(report, 5)
    text = ""
    if not rows:
        return Part("（四）制度创新有力有序", [])
    if report.is_town and v("towns_in_party_assessment") is not None:
        listed = bool(v("towns_in_party_assessment"))
        place = report.scope_name.removesuffix("关工委")
        text += f"{place}{'已把' if listed else '尚未把'}关工委工作列入对基层党政组织的考核"
    elif v("towns_in_party_assessment") is not None:
        towns = (
            f"{report.whole}{num(v('towns'))}" if report.whole_of(5) == report.whole else f"已汇总的{num(len(rows))}"
        )
        text += f"{towns}个镇（街道）中，{num(v('towns_in_party_assessment'))}个把关工委工作列入对基层党政组织的考核"
    if v("towns_in_party_assessment") is not None:
        weights = sorted(
            w for w in (money(r.get("assessment_weight")) for r in rows if r.get("in_party_assessment")) if w
        )
        if weights:
            low, high = weights[0].normalize(), weights[-1].normalize()
            text += f"，在100分制中占{low:f}分" if low == high else f"，在100分制中占{low:f}—{high:f}分不等"
        text += "。"
    village_rules = sum(1 for r in rows if r.get("village_assessment_rules"))
    if report.is_town:
        text += f"{'已' if village_rules else '尚未'}对所辖村（社区）关工委制定下发工作考核办法。"
    else:
        text += f"{village_rules}个镇（街道）对所辖村（社区）关工委制定下发了工作考核办法。"
    if report.is_town and isinstance(v("meetings_held"), dict):
        return Part("（四）制度创新有力有序", [text])  # the log's sentence (stories) gives the counts
    text += (
        f"{report.data_year}年度，{'' if report.is_town else '各镇（街道）关工委共'}召开常务副主任例会"
        f"{num(v('exec_deputy_meetings'))}次、联席会议{num(v('joint_meetings'))}次，"
        f"开展调研走访{num(v('field_visits'))}次。"
    )
    return Part("（四）制度创新有力有序", [text])


def _brands(report: ReportData) -> Part:
    v = report.value
    paragraphs = [
        f"一是提升“一站多点”工作品牌。{report.whole_of(5)}共有校外教育辅导站{num(v('tutoring_stations'))}个，"
        f"累计已有{num(v('hub_and_points_villages'))}个村（社区）创办了“一站多点”"
        f"{yoy(report, 'hub_and_points_villages', '个')}；{report.data_year}年度，辅导站开展活动{num(v('station_activities'))}场次，"
        f"受益学生{num(v('station_beneficiaries'))}人次。",
        f"二是拓展“助大扶小”工作品牌。{report.data_year}年度，{num(v('internship_enterprises'))}家企业为大学生提供实习基地，"
        f"推荐大学生就业{num(v('recommended_jobs'))}名。{report.data_year}年度，{report.whole_of(5)}爱心企业捐资助学金额达到"
        f"{wan(v('study_aid_donations_wan'))}万元{yoy(report, 'study_aid_donations_wan', kind='money')}，"
        f"受助学生{num(v('study_aid_students'))}人。",
        f"三是打造“三家”教育工作品牌。{report.data_year}年度举办家庭教育讲座{num(v('family_lectures'))}场次，"
        f"受众{num(v('family_audience'))}人次。",
        f"四是巩固宣传工作品牌。{report.data_year}年度刊发宣传稿件{num(v('articles'))}篇，有效放大了“关工好声音”。",
    ]
    brands = v("brands") or _rows(report, 5, SUB)
    if brands:
        who = report.scope_name if report.is_town else "各镇（街道）"
        paragraphs.append(f"{who}共申报品牌项目{len(brands)}个，包括{names(brands)}。")
    return Part("（五）品牌打造有声有色", paragraphs)


def _problem_text(report: ReportData, rule: str, problems: list[Problem]) -> str:
    v = report.value
    if rule == "backbone_aging":
        text = "在队伍中的骨干“五老”年龄偏大"
        if v("backbone_age_70_80_share") is not None:
            text += f"，{AGED_70_80}的占{pct(v('backbone_age_70_80_share'))}"
        if v("backbone_age_70_plus_share") is not None:
            text += f"，70岁以上的占{pct(v('backbone_age_70_plus_share'))}"
        towns = [p for p in problems if p.get("committee")]
        if towns and not report.is_town:
            text += f"，{len(towns)}个镇（街道）（{names(towns, 'committee_name')}）骨干老龄化问题突出"
        evidence = stories.aging_evidence(report)
        return text + (f"，{evidence}" if evidence else "") + "。"
    if rule == "funds_below_standard":
        return (
            f"尽管上级有明确要求，{report.data_year}年度仍有{len(problems)}个关工委工作经费实际到位低于标准下限，"
            f"包括{names(problems, 'committee_name')}，影响了活动的正常开展。"
        )
    if rule == "fhfg_regressed":
        return (
            f"{report.year}年“回头看”中，有{len(problems)}个村（社区）关工委“五有五好”建设出现退化"
            f"（{names(problems, 'committee_name')}），工作主动性、创新性不强。"
        )
    if rule == "exec_deputy_not_five_old_without_deputy":
        return (
            f"{len(problems)}个村（社区）（{names(problems, 'committee_name')}）常务副主任不是“五老”，"
            "又未配备“五老”副主任。"
        )
    if rule == "no_young_staff":
        return (
            f"{len(problems)}个关工委（{names(problems, 'committee_name')}）尚未配备年轻工作人员，"
            "办公室年轻人员配备难、稳定难状况依然存在。"
        )
    if rule == "form_missing":
        missing = [
            f"{m.get('town_name') or report.town_name(m['town'])}表{m['form']}"
            f"（{STATE_LABELS.get(m['state'], m['state'])}）"
            for m in report.missing
        ]
        count = len(missing) or len(problems)
        listed = "、".join(missing[:MAX_NAMES]) or names(problems, "committee_name")
        return f"截至填报截止，尚有{count}张调查表未提交或未审核通过：{listed}，其数据未计入本报告。"
    if rule == "figures_unchanged":
        return (
            f"{len(problems)}个镇（街道）（{names(problems, 'committee_name')}）表5的年度活动数据与上年完全相同，"
            "数据的真实性有待核实。"
        )
    if rule == "rectification_overdue":
        return (
            f"“五有五好”检查中发现问题后开出的整改，有{len(problems)}项已过整改期限、仍未经复查验证"
            f"（{names(problems, 'committee_name')}），整改落实有待加强。"
        )
    return f"{rule_label(rule)}：{names(problems, 'committee_name')}。"


def _problems(report: ReportData) -> list[Part]:
    by_rule: dict[str, list[Problem]] = {}
    for problem in report.problems:
        by_rule.setdefault(problem["rule"], []).append(problem)
    known = [rule.code for rule in RULES]
    order = known + [r for r in by_rule if r not in known]
    parts = []
    for rule in order:
        if rule in by_rule:
            parts.append(
                Part(
                    f"（{CN_NUMBERS[len(parts) % 10]}）{rule_title(rule)}", [_problem_text(report, rule, by_rule[rule])]
                )
            )
    return parts


def recommendations(report: ReportData) -> list[Recommendation]:
    """The report's recommendations, or the defaults answering the problems that fired."""
    found = list(report.recommendations) or default_recommendations(report.problems)
    return stories.with_five_old_measures(report, found)


def _default_recommendation_title(code: str) -> str:
    rule = BY_CODE.get(code)
    return rule.recommendation_title if rule else ""


def _recommendations(report: ReportData) -> list[Part]:
    parts = []
    for rec in recommendations(report):
        title = rec.get("title") or _default_recommendation_title(rec["rule"])
        parts.append(Part(f"（{CN_NUMBERS[len(parts) % 10]}）{title or '工作建议'}", [rec["text"]]))
    if not parts:
        parts.append(
            Part(
                "（一）持续巩固基层基础建设成果",
                [
                    "要坚持问题导向与成效导向，持续选优配强基层关工委班子，落实经费保障，"
                    "常态化开展“五有五好”回头看，不断提升基层关工委建设水平。"
                ],
            )
        )
    return parts


def figure(kind: str, value) -> str:
    """An indicator's value as the tables show it (kind as in SUMMARY_INDICATORS)."""
    if value is None:
        return "—"
    if kind == "share":
        return pct(value)
    if kind == "money":
        return wan(value)
    return num(value)

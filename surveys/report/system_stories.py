"""The narrative's sentences about the work systems (制度) from the scope's own records
(surveys/report/systems.py gathers them): the meetings and visits its committee convened against
the expected counts, the district's assessment of the towns and its rewards (以奖代补), the latest
awards; and, for the five-old recommendation, the points ledger and the entry/exit review.

Pure: ReportData in, sentences out; a sentence (or clause) only where its record is in the
report ("" otherwise), so a district that keeps no records is told nothing invented.
"""

from __future__ import annotations

from decimal import Decimal

from committees.labels import chinese
from committees.models import Decision, MeetingKind, Suggestion
from surveys.report.data import ReportData, money

CN_DIGITS = "零一二三四五六七八九十"
# The kinds of meeting the paragraph names beside the norms' (the visits have a sentence of their own).
OTHER_MEETINGS = (MeetingKind.JOINT, MeetingKind.CONSULTATION)
EXIT_REASONS = (Suggestion.INACTIVE, Suggestion.OVER_AGE, Suggestion.LOW_POINTS)
# What an awardee is counted in: stations and committees 个, people 名.
AWARD_UNITS = {"station": "个", "committee": "个"}


def _label(choice) -> str:
    return chinese(choice.label)


def _convenor(report: ReportData) -> str:
    """Who convened the meetings: 区关工委 (市关工委, 省关工委), or the town's committee by name."""
    return report.scope_name if report.is_town else report.upper_committee


def _place(name: str) -> str:
    return name.removesuffix("关工委")


def _norm_clause(held: dict, expected: dict) -> str:
    """ "主任例会52次、常务副主任例会4次，均达到制度规定的次数": the kinds with an expected count."""
    kinds = [k for k in MeetingKind if k != MeetingKind.VISIT and k.value in expected]
    if not kinds:
        return ""
    short = [k for k in kinds if held.get(k.value, 0) < expected[k.value]]
    text = "、".join(
        f"{_label(k)}{held.get(k.value, 0)}次" + (f"（制度规定每年{expected[k.value]}次）" if k in short else "")
        for k in kinds
    )
    if not short:
        text += "，均达到制度规定的次数" if len(kinds) > 1 else "，达到制度规定的次数"
    return f"召开{text}"


def _visit_clause(report: ReportData, held: dict, expected: dict) -> str:
    visits, norm = held.get(MeetingKind.VISIT, 0), expected.get(MeetingKind.VISIT)
    if not visits and norm is None:
        return ""
    text = f"开展调研走访{visits}次"
    if norm is not None:
        text += f"，达到每年不少于{norm}次的要求" if visits >= norm else f"（制度规定每年不少于{norm}次）"
    april = report.value("meetings_april_visits")
    if visits and april:
        text += f"，其中4月“调研月”{april}次"
    elif visits and april == 0:
        text += "，4月“调研月”未开展调研走访"
    return text


def meetings_sentence(report: ReportData) -> str:
    """The meetings and visits the scope's committee convened in the data year, against the norms."""
    held, expected = report.value("meetings_held"), report.value("meetings_expected") or {}
    if not isinstance(held, dict):
        return ""
    others = "、".join(f"{_label(k)}{held[k.value]}次" for k in OTHER_MEETINGS if held.get(k.value))
    norms = _norm_clause(held, expected)
    clauses = [
        norms,
        f"{'另' if norms else ''}召开{others}" if others else "",
        _visit_clause(report, held, expected),
    ]
    found = [c for c in clauses if c]
    if not found:
        return ""
    return f"{report.data_year}年度，{_convenor(report)}" + "；".join(found) + "。"


def _wan(value) -> str:
    amount = money(value)
    return f"{amount:.2f}" if amount is not None else "—"


def _rewards(assessment: dict, town: bool) -> str:
    if town:
        (row,) = assessment["top"] or [{}]
        if not row or not money(row.get("reward_wan")):
            return ""
        if row.get("confirmed"):
            return f"，获“以奖代补”奖励{_wan(row['reward_wan'])}万元"
        return f"，按奖励档次应获“以奖代补”奖励{_wan(row['reward_wan'])}万元，尚待确认"
    text = ""
    if assessment.get("rewarded"):
        text += f"已确认{assessment['rewarded']}个镇（街道）奖励共{_wan(assessment['rewards_wan'])}万元"
    if assessment.get("due"):
        text += "，另有" if text else "按奖励档次，"
        text += f"{assessment['due']}个镇（街道）应获奖励共{_wan(assessment['due_wan'])}万元，尚待确认"
    return f"；考核结果与“以奖代补”挂钩，{text}" if text else ""


def assessment_sentence(report: ReportData) -> str:
    """The district's assessment of the data year: towns assessed and the top-ranked (a town: its
    own score and rank), with the rewards confirmed and those still to confirm."""
    found = report.value("assessment")
    if not isinstance(found, dict) or not found.get("top"):
        return ""
    year = report.data_year
    scheme = f"《{found['scheme']}》" if found.get("scheme") else "考核办法"
    when = "" if str(year) in scheme else f"{year}年度"
    if report.is_town:
        (row,) = found["top"]
        return (
            f"在区关工委{year}年度工作考核中，{_place(report.scope_name)}得分{row['total']}分，"
            f"在{found['ranked_among']}个镇（街道）中排名第{row['rank']}{_rewards(found, town=True)}。"
        )
    top = found["top"]
    ranked = "、".join(f"{_place(row['name'])}（{row['total']}分）" for row in top)
    lead = "排名前三（含并列）的依次为" if len(top) > 3 else "排名前列的依次为" if len(top) < 3 else "排名前三的依次为"
    return (
        f"{report.upper_committee}依据{scheme}对{found['assessed']}个镇（街道）关工委进行{when}工作考核，"
        f"{lead}{ranked}{_rewards(found, town=False)}。"
    )


def _years(every: int) -> str:
    return CN_DIGITS[every] if 0 < every <= 10 else str(every)


def awards_sentence(report: ReportData) -> str:
    """The latest award period ending by the data year: its awardees by category."""
    found = report.value("awards")
    if not isinstance(found, dict):
        return ""
    counts = "、".join(
        f"{c['category']}{c['count']}{AWARD_UNITS.get(c.get('awardee_kind'), '名')}"
        for c in found.get("awarded", [])
        if c.get("count")
    )
    if not counts:
        return ""
    period = f"{found['first_year']}—{found['last_year']}年度"
    if report.is_town:
        return f"{period}{found['scheme']}中，{_place(report.scope_name)}获评{counts}。"
    every = f"每{_years(found['every_years'])}年" if found.get("every_years") else "定期"
    return f"{report.upper_committee}坚持{every}开展一次{found['scheme']}，{period}共评出{counts}。"


def system_records(report: ReportData) -> str:
    """(四)'s paragraph from the records: the assessment and its rewards, then the awards."""
    return assessment_sentence(report) + awards_sentence(report)


# The five-old recommendation's figures ----------------------------------------------------------


def points_figures(report: ReportData) -> str:
    """ "（据积分台账，2023年度351名“五老”获得积分，共27260分，人均77.7分）"; "" without entries in
    the year. The ledger is the whole scope's, whatever forms are approved."""
    people, total = report.value("points_people"), money(report.value("points_total"))
    if not people or total is None:
        return ""
    average = (total / people).quantize(Decimal("0.1"))
    return (
        f"（据积分台账，{report.data_year}年度{people}名“五老”获得积分，"
        f"共{total.normalize():f}分，人均{average.normalize():f}分）"
    )


def review_sentence(report: ReportData) -> str:
    """The entry/exit review: the suggestions open on the report's date, the decisions of the year."""
    suggestions, decisions = report.value("review_suggestions") or {}, report.value("review_decisions") or {}
    exits = "、".join(f"{_label(s)}{suggestions[s.value]}人" for s in EXIT_REASONS if suggestions.get(s.value))
    entry = suggestions.get(Suggestion.ENTRY.value)
    clauses = []
    if exits or entry:
        day = report.report_date
        by = f"截至{day.year}年{day.month}月{day.day}日" if day else "目前"
        found = [f"提示退出的有{exits}" if exits else "", f"提示可进入骨干层的参与层“五老”{entry}人" if entry else ""]
        clauses.append(f"{by}，进退机制" + "，".join(f for f in found if f) + "，尚待研究决定")
    decided = "、".join(f"{_label(d)}{decisions[d.value]}人" for d in Decision if decisions.get(d.value))
    if decided:
        clauses.append(f"{report.data_year}年度已作出进退决定{sum(decisions.values())}项，其中{decided}")
    return "；".join(clauses) + "。" if clauses else ""

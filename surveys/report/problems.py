"""The problem rules (ProblemRule rows, editable by district admins) evaluated on a round's
indicators and approved rows. Each enabled rule costs at most one query, filtered in SQL.

A problem is {"rule", "committee" (a code, or None for a district-wide figure), "committee_name",
"value" (the figure that fired it), "message" (one Chinese sentence)}; the JSON keeps the first
three and the value.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, Value
from django.utils import timezone

from committees.labels import SOURCE_LABELS
from committees.models import TOWN_KINDS, VILLAGE_KINDS, Committee
from evaluations.selectors import rectifications_as_of

from ..labels import STATE_LABELS
from ..models import EDITABLE_STATES, State, Submission, SubmissionRow, SurveyRound
from ..selectors import json_number, overdue_q, round_specs
from ..spec import MAIN, Period, find_form, form5
from . import selectors
from .catalogue import default_threshold
from .data import Indicator, Missing, Problem, Recommendation
from .indicators import money_text
from .models import ProblemRule, RuleCode


@dataclass(frozen=True)
class Context:
    survey_round: SurveyRound
    scope: Committee
    indicators: dict[str, Indicator]
    missing: Sequence[Missing]
    today: datetime.date
    report_date: datetime.date | None = None  # what "as of" means for the rectifications (default today)

    def value(self, key: str) -> Any:
        indicator = self.indicators.get(key)
        return None if indicator is None else indicator["value"]

    def field(self, form: int, key: str):
        return json_number(key, find_form(round_specs(self.survey_round), form).main.field(key))


def _problem(rule: str, committee: str | None, name: str, value: Any, message: str) -> Problem:
    return Problem(rule=rule, committee=committee, committee_name=name, value=value, message=message)


def _threshold(rule: ProblemRule) -> Decimal:
    """The row's threshold, or the catalogue's default where the row leaves it empty."""
    return rule.threshold if rule.threshold is not None else default_threshold(rule.code)


def _percent(value: Decimal | float) -> str:
    return f"{Decimal(str(value)) * 100:.1f}%"


def backbone_aging(rule: ProblemRule, ctx: Context) -> list[Problem]:
    """The share of backbone five-olds aged 70 and over (70–80 and over 80) above the threshold."""
    found = ctx.value("backbone_age_70_plus_share")
    threshold = _threshold(rule)
    if found is None or Decimal(str(found)) <= threshold:
        return []
    # A district-wide figure has no committee; a town's report names the town.
    committee = ctx.scope.code if ctx.scope.kind in TOWN_KINDS else None
    message = f"骨干“五老”中70岁以上的占{_percent(found)}，超过{_percent(threshold)}，队伍青黄不接。"
    return [_problem(rule.code, committee, ctx.scope.name, found, message)]


def funds_below_standard(rule: ProblemRule, ctx: Context) -> list[Problem]:
    """Every committee whose funds in place are below threshold × the standard's lower bound."""
    factor = _threshold(rule)
    rows = (
        selectors.approved_rows(ctx.survey_round, ctx.scope, 2)
        .annotate(in_place_n=ctx.field(2, "in_place"), lower_n=ctx.field(2, "standard_lower"))
        .filter(in_place_n__lt=F("lower_n") * Value(factor, output_field=DecimalField(max_digits=8, decimal_places=3)))
        .order_by(*selectors.FORM_ORDER)
        .values_list("committee__code", "committee__name", "in_place_n", "lower_n")
    )
    return [
        _problem(
            rule.code,
            code,
            name,
            money_text(in_place),
            f"{ctx.survey_round.data_year}年度工作经费实际到位{money_text(in_place)}万元，"
            f"低于标准下限{money_text(lower)}万元（未足额）。",
        )
        for code, name, in_place, lower in rows
    ]


def fhfg_regressed(rule: ProblemRule, ctx: Context) -> list[Problem]:
    """Every village whose look-back found its 五有五好 regressed (from the indicator's list)."""
    found = []
    for village in ctx.value("fhfg_regressed") or []:
        measures = f"整改措施：{village['rectification']}" if village.get("rectification") else "尚未填写整改措施"
        message = f"“五有五好”建设回头看结果为退化，{measures}。"
        found.append(_problem(rule.code, village["committee"], village["name"], "regressed", message))
    return found


def exec_deputy_not_five_old_without_deputy(rule: ProblemRule, ctx: Context) -> list[Problem]:
    """Every village whose executive deputy is not a five-old and that has no five-old deputy."""
    rows = (
        selectors.approved_rows(ctx.survey_round, ctx.scope, 1)
        .filter(committee__kind__in=VILLAGE_KINDS, values__exec_deputy_five_old=False, values__five_old_deputy=False)
        .order_by(*selectors.FORM_ORDER)
        .values_list("committee__code", "committee__name", "values__exec_deputy_source")
    )
    found = []
    for code, name, source in rows:
        label = SOURCE_LABELS.get(source, "")
        who = f"常务副主任（{label}）" if label else "常务副主任"
        message = f"{who}不是“五老”，又未配备“五老”副主任。"
        found.append(_problem(rule.code, code, name, source, message))
    return found


def no_young_staff(rule: ProblemRule, ctx: Context) -> list[Problem]:
    """Every committee (town or village) with at most `threshold` young staff (default 0)."""
    limit = int(_threshold(rule))
    rows = (
        selectors.approved_rows(ctx.survey_round, ctx.scope, 1)
        .annotate(young_n=ctx.field(1, "young_staff"))
        .filter(young_n__lte=limit)
        .order_by(*selectors.FORM_ORDER)
        .values_list("committee__code", "committee__name", "young_n")
    )
    return [
        _problem(rule.code, code, name, young, f"年轻工作人员{young}人，未配齐年轻工作人员。")
        for code, name, young in rows
    ]


def form_missing(rule: ProblemRule, ctx: Context) -> list[Problem]:
    """Every form still not submitted once the town's deadline (with any extension) has passed."""
    today = ctx.today
    overdue = overdue_q(today)
    late = (
        Submission.objects.filter(
            selectors.in_scope(ctx.scope), overdue, survey_round=ctx.survey_round, state__in=EDITABLE_STATES
        )
        .order_by("town__display_order", "town__code", "form")
        .values_list("town__code", "town__name", "form", "state")
    )
    found = [(code, name, form, state) for code, name, form, state in late]
    if ctx.survey_round.deadline < today:
        found += [
            (m["town"], m.get("town_name", m["town"]), m["form"], m["state"])
            for m in ctx.missing
            if m["state"] == selectors.MISSING
        ]
    return [
        _problem(
            rule.code,
            code,
            name,
            {"form": form, "state": state},
            f"表{form}截止时为“{STATE_LABELS.get(state, state)}”。",
        )
        for code, name, form, state in found
    ]


# 表5's figures of the data year (its fields the spec declares of Period.DATA, FORMS.md "Which
# year each 表5 field describes"): the activity a town counts afresh every year, so that a whole
# row of them repeated from last year wants checking. Their keys are the same whatever the year.
ACTIVITY_FIGURES = tuple(f.key for f in form5(2000).sections[0].fields if f.period == Period.DATA)


def _figures(values: dict) -> tuple[Decimal, ...] | None:
    """A 表5 row's activity figures as numbers (money is stored as a string); None if one is empty."""
    found = [values.get(key) for key in ACTIVITY_FIGURES]
    if any(v is None or v == "" for v in found):
        return None
    return tuple(Decimal(str(v)) for v in found)


def figures_unchanged(rule: ProblemRule, ctx: Context) -> list[Problem]:
    """Every town whose 表5 activity figures all equal (not all zero) its approved figures of the
    round a year before, once at least `threshold` towns (default 3) of the scope are such."""
    year = ctx.survey_round.year
    rows = (
        SubmissionRow.objects.filter(
            submission__survey_round__year__in=(year - 1, year),
            submission__state=State.APPROVED,
            submission__form=5,
            submission__town__path__startswith=ctx.scope.path,
            section=MAIN,
        )
        .order_by(*selectors.FORM_ORDER)
        .values_list("submission__survey_round__year", "submission__town__code", "submission__town__name", "values")
    )
    by_year: dict[int, dict[str, tuple]] = {year - 1: {}, year: {}}
    names: dict[str, str] = {}
    for round_year, code, name, values in rows:
        by_year[round_year][code] = _figures(values)
        names[code] = name
    unchanged = [
        code
        for code, figures in by_year[year].items()
        if figures is not None and any(figures) and by_year[year - 1].get(code) == figures
    ]
    if len(unchanged) < int(_threshold(rule)):
        return []
    count = len(ACTIVITY_FIGURES)
    message = f"表5的{count}项年度活动数据与上年完全相同，请核实。"
    return [_problem(rule.code, code, names[code], count, message) for code in unchanged]


def chinese_day(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def rectification_overdue(rule: ProblemRule, ctx: Context) -> list[Problem]:
    """Every 五有五好 rectification of the scope open on the report's date and past its due date;
    the value is its age in days (since the review that opened it)."""
    on = ctx.report_date or ctx.today
    found = []
    for line in rectifications_as_of(ctx.scope.path, on):
        if not line.overdue:
            continue
        items = "、".join(line.items) or "总体结果"
        message = (
            f"“五有五好”整改（{items}）应于{chinese_day(line.due_date)}前完成，已逾期{line.days_overdue}天"
            f"（自{chinese_day(line.opened_on)}检查起{line.age_days}天）。"
        )
        found.append(_problem(rule.code, line.committee, line.committee_name, line.age_days, message))
    return found


CHECKS: dict[str, Callable[[ProblemRule, Context], list[Problem]]] = {
    RuleCode.BACKBONE_AGING: backbone_aging,
    RuleCode.FUNDS_BELOW_STANDARD: funds_below_standard,
    RuleCode.FHFG_REGRESSED: fhfg_regressed,
    RuleCode.EXEC_DEPUTY_NOT_FIVE_OLD_WITHOUT_DEPUTY: exec_deputy_not_five_old_without_deputy,
    RuleCode.NO_YOUNG_STAFF: no_young_staff,
    RuleCode.FORM_MISSING: form_missing,
    RuleCode.FIGURES_UNCHANGED: figures_unchanged,
    RuleCode.RECTIFICATION_OVERDUE: rectification_overdue,
}


def evaluate_problems(
    *,
    survey_round: SurveyRound,
    scope: Committee,
    indicators: dict[str, Indicator],
    missing: Sequence[Missing],
    rules: Sequence[ProblemRule] | None = None,
    today: datetime.date | None = None,
    report_date: datetime.date | None = None,
) -> list[Problem]:
    """The problems that the enabled rules (or `rules`) find, rule by rule in their order."""
    rules = selectors.enabled_rules() if rules is None else rules
    ctx = Context(survey_round, scope, indicators, missing, today or timezone.localdate(), report_date)
    found: list[Problem] = []
    for rule in rules:
        check = CHECKS.get(rule.code)
        if rule.enabled and check is not None:
            found += check(rule, ctx)
    return found


def recommendations_for(rules: Sequence[ProblemRule], problems: Sequence[Problem]) -> list[Recommendation]:
    """The recommendations (对策和建议) of the rules that fired, in the rules' order."""
    fired = {p["rule"] for p in problems}
    return [
        Recommendation(rule=rule.code, title=rule.recommendation_title, text=rule.recommendation)
        for rule in rules
        if rule.code in fired and rule.recommendation.strip()
    ]

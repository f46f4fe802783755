"""The report's indicators, computed by the database from a round's approved forms.

Every figure is an aggregate over SubmissionRow.values (Cast(KT(...)), Count, Sum, Avg with
conditional filters), so the number of queries is the same whatever the number of villages:
about a dozen for a round, twice that with last round's figures. The district's figure is the
sum (or count) over its towns' rows; a town's report reads that town's rows only.

Values follow docs/FORMS.md's JSON conventions: counts are int, shares float with 3 decimals,
averages float with 1 decimal, money (万元) a string with 2 decimals ("334.82"). The keys of the
README's table (towns, villages, … study_aid_donations_wan) are fixed; surveys/report/data.py
lists them all.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db.models import Avg, Count, ExpressionWrapper, F, IntegerField, Q, Sum, Value

from committees import ages
from committees.models import TOWN_KINDS, VILLAGE_KINDS, Committee

from ..models import SurveyRound
from ..selectors import json_number, round_specs
from ..spec import (
    AGE_BAND_KEYS,
    CATEGORY_KEYS,
    CREATION_PERIODS,
    EXEC_DEPUTY_SOURCES,
    LOOKBACK_RESULTS,
    MAIN,
    SUB,
    TEAM_TYPES,
    FieldType,
    find_form,
)
from . import selectors
from .data import Indicator
from .fhfg_reviews import review_figures
from .ledger import ledger_indicators
from .systems import system_figures
from .titles import default_report_date

CENT = Decimal("0.01")
TOWN = Q(committee__kind__in=TOWN_KINDS)
VILLAGE = Q(committee__kind__in=VILLAGE_KINDS)

# Form 5's sums under the names of the report (the spec's key, unless renamed here).
FORM5_NAMES = {"hub_villages": "hub_and_points_villages"}


def money_text(value: Decimal | int | str | None) -> str:
    """万元 as JSON carries it: a string with 2 decimals."""
    return f"{Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP):f}"


def share(part: int | None, whole: int | None) -> float | None:
    """part / whole with 3 decimals; None when there is nothing to divide by."""
    if not whole:
        return None
    return float((Decimal(part or 0) / Decimal(whole)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def average(value: Decimal | float | None) -> float | None:
    """An average with 1 decimal (ages, sizes); None when there were no rows."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _int(value) -> int:
    return int(value or 0)


class _Fields:
    """The round's fields as numbers in SQL (their types come from the round's spec)."""

    def __init__(self, survey_round: SurveyRound):
        self.specs = round_specs(survey_round)

    def section(self, form: int, section: str = MAIN):
        return find_form(self.specs, form).section(section)

    def num(self, form: int, key: str, section: str = MAIN):
        return json_number(key, self.section(form, section).field(key))


def _leadership(survey_round: SurveyRound, scope: Committee, fields: _Fields) -> dict[str, Any]:
    """Form 1: towns and villages, their leadership, executive deputies and young staff. Two queries."""
    # Annotations end in _n: an aggregate named like the annotation it reads gets the wrong figure.
    rows = selectors.approved_rows(survey_round, scope, 1).annotate(
        young_n=fields.num(1, "young_staff"),
        size_n=fields.num(1, "leadership_size"),
        birth_n=fields.num(1, "exec_deputy_birth_year"),
    )
    age = ExpressionWrapper(Value(survey_round.reference_date.year) - F("birth_n"), output_field=IntegerField())
    sources = {
        f"source_{c.value}": Count("pk", filter=TOWN & Q(values__exec_deputy_source=c.value))
        for c in EXEC_DEPUTY_SOURCES
    }
    found = rows.aggregate(
        towns=Count("pk", filter=TOWN),
        villages=Count("pk", filter=VILLAGE),
        five_old=Count("pk", filter=VILLAGE & Q(values__exec_deputy_five_old=True)),
        town_director=Count("pk", filter=TOWN & Q(values__director_concurrent=True)),
        village_director=Count("pk", filter=VILLAGE & Q(values__director_concurrent=True)),
        young_villages=Count("pk", filter=VILLAGE & Q(young_n__gt=0)),
        no_young=Count("pk", filter=Q(young_n=0)),
        young_staff=Sum("young_n"),
        size=Avg("size_n", filter=TOWN),
        age=Avg(age, filter=TOWN),
        **sources,
    )
    exceptions = (
        rows.filter(VILLAGE, values__exec_deputy_five_old=False)
        .order_by(*selectors.FORM_ORDER)
        .values_list("committee__code", "committee__name", "values__five_old_deputy")
    )
    villages = found["villages"]
    return {
        "towns": found["towns"],
        "villages": villages,
        "town_leadership_avg_size": average(found["size"]),
        "towns_director_deputy_secretary": found["town_director"],
        "villages_director_concurrent": found["village_director"],
        "town_exec_deputy_avg_age": average(found["age"]),
        "town_exec_deputy_by_source": {
            c.value: found[f"source_{c.value}"] for c in EXEC_DEPUTY_SOURCES if found[f"source_{c.value}"]
        },
        "village_exec_deputy_five_old": found["five_old"],
        "village_exec_deputy_five_old_share": share(found["five_old"], villages),
        "village_exec_deputy_exceptions": [
            {"committee": code, "name": name, "has_five_old_deputy": deputy is True}
            for code, name, deputy in exceptions
        ],
        "villages_with_young_staff": found["young_villages"],
        "villages_with_young_staff_share": share(found["young_villages"], villages),
        "committees_without_young_staff": found["no_young"],
        "young_staff": _int(found["young_staff"]),
    }


def _funds(survey_round: SurveyRound, scope: Committee, fields: _Fields) -> dict[str, Any]:
    """Form 2: totals by kind, committees below the standard, the fiscal budget (two queries); and
    where the data year's ledger is complete, its mid-year ratio and subsidies paid (surveys/report/ledger.py)."""

    def num(key: str):
        return fields.num(2, key)

    rows = selectors.approved_rows(survey_round, scope, 2).annotate(
        in_place_n=num("in_place"), lower_n=num("standard_lower")
    )
    found = rows.aggregate(
        committees=Count("pk"),
        below=Count("pk", filter=Q(in_place_n__lt=F("lower_n"))),
        fiscal=Count("pk", filter=Q(values__in_fiscal_budget=True)),
        budget=Sum(num("budget")),
        in_place=Sum("in_place_n"),
        town_in_place=Sum("in_place_n", filter=TOWN),
        village_in_place=Sum("in_place_n", filter=VILLAGE),
        lower=Sum("lower_n"),
        special=Sum(num("special_funds")),
        subsidy=Sum(num("subsidy_amount")),
        subsidy_people=Sum(num("subsidy_people")),
        raised=Sum(num("raised")),
    )
    town = "submission__town"
    by_town = (
        rows.values(f"{town}__code", f"{town}__name", f"{town}__display_order")
        .annotate(in_place=Sum("in_place_n"), standard_lower=Sum("lower_n"))
        .order_by(f"{town}__display_order", f"{town}__code")
    )
    return {
        "funds_committees": found["committees"],
        "funds_below_standard": found["below"],
        "funds_in_fiscal_budget": found["fiscal"],
        "funds_in_fiscal_budget_share": share(found["fiscal"], found["committees"]),
        "funds_standard_lower_wan": money_text(found["lower"]),
        "funds_budget_wan": money_text(found["budget"]),
        "funds_in_place_wan": money_text(found["in_place"]),
        "town_funds_in_place_wan": money_text(found["town_in_place"]),
        "village_funds_in_place_wan": money_text(found["village_in_place"]),
        "special_funds_wan": money_text(found["special"]),
        "subsidy_wan": money_text(found["subsidy"]),
        "subsidy_people": _int(found["subsidy_people"]),
        "raised_wan": money_text(found["raised"]),
        "funds_in_place_by_town": [
            {
                "town": t[f"{town}__code"],
                "name": t[f"{town}__name"],
                "in_place": money_text(t["in_place"]),
                "standard_lower": money_text(t["standard_lower"]),
            }
            for t in by_town
        ],
        **ledger_indicators(survey_round, scope),
    }


def _fhfg(survey_round: SurveyRound, scope: Committee, fields: _Fields) -> dict[str, Any]:
    """Form 3: 五有五好 villages by round and look-back, regressions; schools and enterprises. Three queries."""
    rows = selectors.approved_rows(survey_round, scope, 3)
    built = Q(values__fhfg_built=True)
    found = rows.aggregate(
        rows=Count("pk"),
        built=Count("pk", filter=built),
        **{
            f"period_{c.value}": Count("pk", filter=built & Q(values__creation_round=c.value)) for c in CREATION_PERIODS
        },
        **{f"lookback_{c.value}": Count("pk", filter=Q(values__lookback=c.value)) for c in LOOKBACK_RESULTS},
    )
    regressed = (
        rows.filter(values__lookback="regressed")
        .order_by(*selectors.FORM_ORDER)
        .values_list("committee__code", "committee__name", "values__rectification")
    )
    sub_totals = selectors.approved_rows(survey_round, scope, 3, SUB).aggregate(
        **{key: Sum(fields.num(3, key, SUB)) for key in ("schools", "enterprises", "fhfg_enterprises")}
    )
    return {
        "schools": _int(sub_totals["schools"]),
        "enterprises": _int(sub_totals["enterprises"]),
        "fhfg_enterprises": _int(sub_totals["fhfg_enterprises"]),
        "fhfg_villages": found["built"],
        "fhfg_villages_share": share(found["built"], found["rows"]),
        "fhfg_by_round": {c.value: found[f"period_{c.value}"] for c in CREATION_PERIODS},
        "fhfg_lookback": {c.value: found[f"lookback_{c.value}"] for c in LOOKBACK_RESULTS},
        "fhfg_regressed": [
            {"committee": code, "name": name, "rectification": rectification or ""}
            for code, name, rectification in regressed
        ],
    }


def _five_olds(survey_round: SurveyRound, scope: Committee, fields: _Fields) -> dict[str, Any]:
    """Form 4: backbone and participants, categories, age bands, teams. Two queries."""
    keys = ("backbone", "participants", *CATEGORY_KEYS, *AGE_BAND_KEYS, "joined", "exited", "volunteer_teams")
    found = selectors.approved_rows(survey_round, scope, 4).aggregate(**{key: Sum(fields.num(4, key)) for key in keys})
    found = {key: _int(value) for key, value in found.items()}
    teams = selectors.approved_rows(survey_round, scope, 4, SUB).aggregate(
        rows=Count("pk"),
        members=Sum(fields.num(4, "members", SUB)),
        **{f"type_{c.value}": Count("pk", filter=Q(values__team_type=c.value)) for c in TEAM_TYPES},
    )
    backbone = found["backbone"]
    return {
        "volunteer_teams": found["volunteer_teams"],
        "volunteer_teams_listed": teams["rows"],
        "volunteer_team_members": _int(teams["members"]),
        "volunteer_teams_by_type": {c.value: teams[f"type_{c.value}"] for c in TEAM_TYPES},
        "backbone": backbone,
        "participants": found["participants"],
        "five_olds": backbone + found["participants"],
        "five_olds_by_category": {key: found[key] for key in CATEGORY_KEYS},
        "backbone_age_bands": {band.key: found[f"backbone_{band.key}"] for band in ages.BANDS},
        "backbone_age_70_80_share": share(found["backbone_70_80"], backbone),
        "backbone_age_70_plus_share": share(found["backbone_70_80"] + found["backbone_over_80"], backbone),
        "five_olds_joined": found["joined"],
        "five_olds_exited": found["exited"],
    }


def _systems(survey_round: SurveyRound, scope: Committee, fields: _Fields) -> dict[str, Any]:
    """Form 5: sums of the systems and activities, and the brand list. Two queries."""
    section = fields.section(5)
    counts = [f.key for f in section.fields if f.type == FieldType.INT]
    found = selectors.approved_rows(survey_round, scope, 5).aggregate(
        **{key: Sum(fields.num(5, key)) for key in counts},
        study_aid=Sum(fields.num(5, "study_aid")),
        weight=Avg(fields.num(5, "assessment_weight")),
        assessed=Count("pk", filter=Q(values__in_party_assessment=True)),
        village_rules=Count("pk", filter=Q(values__village_assessment_rules=True)),
    )
    town = "submission__town"
    brands = (
        selectors.approved_rows(survey_round, scope, 5, SUB)
        .order_by(*selectors.FORM_ORDER)
        .values_list(f"{town}__code", "values")
    )
    return {
        "towns_in_party_assessment": found["assessed"],
        "assessment_weight_avg": average(found["weight"]),
        "towns_village_assessment_rules": found["village_rules"],
        **{FORM5_NAMES.get(key, key): _int(found[key]) for key in counts},
        "study_aid_donations_wan": money_text(found["study_aid"]),
        "brands": [
            {
                "town": code,
                "name": values.get("name") or "",
                "category": values.get("category") or "",
                "start_year": values.get("start_year"),
                "summary": values.get("summary") or "",
                "key_figures": values.get("key_figures") or "",
            }
            for code, values in brands
        ],
    }


# Each part of the indicators and the form it reads: its figures compare with last round's only
# when the same towns' form is approved in both rounds.
PARTS = ((1, _leadership), (2, _funds), (3, _fhfg), (4, _five_olds), (5, _systems))


def indicator_values_by_form(
    survey_round: SurveyRound, scope: Committee, on: datetime.date | None = None
) -> dict[int, dict[str, Any]]:
    """Every indicator of one round for the scope (the district, or one town), by the form it
    reads; form 3's with the villages' reviews as known on `on` (the report's date, by default
    the round's deadline: surveys.report.titles), form 5's with the scope's records of the work
    systems (surveys/report/systems.py). About 36 queries."""
    fields = _Fields(survey_round)
    by_form = {form: part(survey_round, scope, fields) for form, part in PARTS}
    by_form[5]["brands_count"] = len(by_form[5]["brands"])
    on = on or default_report_date(survey_round)
    by_form[3].update(review_figures(survey_round, scope, on))
    by_form[5].update(system_figures(scope, survey_round.data_year, on))
    return by_form


def indicator_values(survey_round: SurveyRound, scope: Committee) -> dict[str, Any]:
    """Every indicator of one round for the scope (the district, or one town), as of its deadline."""
    values: dict[str, Any] = {}
    for part in indicator_values_by_form(survey_round, scope).values():
        values.update(part)
    return values


def uncompared_forms(survey_round: SurveyRound, scope: Committee) -> tuple[int, ...]:
    """The forms whose figures can't be set against last round's: last round has approved forms
    in the scope, but this form's approved towns differ between the two rounds. Two queries."""
    before = selectors.previous_round(survey_round)
    towns_before = selectors.approved_towns_by_form(before, scope)
    if not towns_before:
        return ()
    towns_now = selectors.approved_towns_by_form(survey_round, scope)
    return tuple(
        form for form, _part in PARTS if towns_now.get(form, frozenset()) != towns_before.get(form, frozenset())
    )


def change(value: Any, previous: Any) -> Any:
    """value − previous: for numbers, money strings and dicts of counts; None otherwise."""
    if value is None or previous is None or isinstance(value, bool | list) or isinstance(previous, bool | list):
        return None
    if isinstance(value, dict) and isinstance(previous, dict):
        return {key: change(value.get(key, 0), previous.get(key, 0)) for key in {**previous, **value}}
    if isinstance(value, str) and isinstance(previous, str):
        try:
            return money_text(Decimal(value) - Decimal(previous))
        except InvalidOperation:
            return None
    if isinstance(value, int) and isinstance(previous, int):
        return value - previous
    if isinstance(value, int | float) and isinstance(previous, int | float):
        return round(value - previous, 3)
    return None


def report_indicators(
    survey_round: SurveyRound,
    scope: Committee,
    uncompared: Collection[int] | None = None,
    on: datetime.date | None = None,
) -> dict[str, Indicator]:
    """Every indicator with last round's value ("previous": None for all when round year − 1
    has no approved forms in the scope) and the change. The indicators of a form whose approved
    towns differ between the two rounds (`uncompared`, worked out when not given) keep last
    round's value but have no change and are marked compared=False (the key is there only then): like is set against like,
    or not at all. `on` is the report's date (the reviews known by then; default the deadline)."""
    current = indicator_values_by_form(survey_round, scope, on)
    before = selectors.previous_round(survey_round)
    previous = indicator_values(before, scope) if selectors.has_approved(before, scope) else {}
    if uncompared is None:
        uncompared = uncompared_forms(survey_round, scope)
    indicators: dict[str, Indicator] = {}
    for form, values in current.items():
        compared = form not in uncompared
        for key, value in values.items():
            last = previous.get(key)
            indicators[key] = Indicator(value=value, previous=last, change=change(value, last))
            if not compared:
                indicators[key].update(change=None, compared=False)
    return indicators

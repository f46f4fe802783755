"""The report's figures from the funding ledger, where the ledger of the data year is complete
for the committees the report's 表2 covers (each has closed the year: funding.selectors.complete_year):
the funds in place by mid-year (30 June) and their ratio to the standards' lower bounds, and the
five-old subsidies paid (people with a confirmed payment, their sum) — in the scope and by town.
When any of those committees has not closed the year, the report has none of these figures (the
builders skip them); the money section still reads the approved forms. Three to five queries.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from committees.models import Committee
from funding.selectors import CompleteYear, complete_year

from ..models import SurveyRound
from . import selectors

ZERO = Decimal("0.00")


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


def _ratio(part: Decimal, whole: Decimal) -> float | None:
    if not whole:
        return None
    return float((part / whole).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def _sums(years: list[CompleteYear]) -> dict[str, Any]:
    by = sum((y.closed.in_place_by for y in years), ZERO)
    lower = sum((y.closed.lower or ZERO for y in years), ZERO)
    return {
        "in_place_mid_year": _money(by),
        "standard_lower": _money(lower),
        "mid_year_ratio": _ratio(by, lower),
        "subsidy_people": sum(y.subsidy_people for y in years),
        "subsidy_wan": _money(sum((y.subsidy_amount for y in years), ZERO)),
    }


def ledger_indicators(survey_round: SurveyRound, scope: Committee) -> dict[str, Any]:
    """The ledger's indicators of the round's data year for the scope, {} when its ledger is not
    complete for every committee of the approved 表2s."""
    town = "submission__town"
    rows = list(
        selectors.approved_rows(survey_round, scope, 2)
        .exclude(committee__isnull=True)
        .order_by(f"{town}__display_order", f"{town}__code", "position")
        .values_list("committee_id", f"{town}__code", f"{town}__name")
    )
    years = complete_year([pk for pk, _code, _name in rows], survey_round.data_year)
    if years is None:
        return {}
    towns: dict[tuple[str, str], list[CompleteYear]] = {}
    for pk, code, name in rows:
        towns.setdefault((code, name), []).append(years[pk])
    whole = _sums(list(years.values()))
    return {
        "funds_in_place_mid_year_wan": whole["in_place_mid_year"],
        "funds_mid_year_ratio": whole["mid_year_ratio"],
        "ledger_subsidy_people": whole["subsidy_people"],
        "ledger_subsidy_wan": whole["subsidy_wan"],
        "ledger_by_town": [{"town": code, "name": name, **_sums(found)} for (code, name), found in towns.items()],
    }

"""The district's own standards a report's narrative cites: the funding standard in force in
the data year (with the one it replaced), and the 五有五好 version the round's forms were
assessed against (with the version before it). Read through funding's and evaluations'
selectors; the builders get them as plain data on ReportData.standards.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist

from evaluations.selectors import item_names, standard_in_force
from funding.selectors import standard_for, standards_for_year

from ..models import SurveyRound


@dataclass(frozen=True)
class FundingRule:
    """A level's funding standard (万元 a year) in force in the data year."""

    level: str  # funding level: "town" or "village"
    lower: Decimal
    upper: Decimal
    first_year: int
    source: str  # the notice that set it ("" when not recorded)
    # The standard it replaced (the one in force the year before first_year), if any.
    before_lower: Decimal | None = None
    before_upper: Decimal | None = None


@dataclass(frozen=True)
class FhfgVersion:
    """The 五有五好 version of the round, and whether it revised an earlier one."""

    name: str
    effective_from: datetime.date
    source: str
    items: int
    revises: str = ""  # the name of the version it replaced ("" for a first version)


@dataclass(frozen=True)
class Standards:
    funding: tuple[FundingRule, ...] = ()
    fhfg: FhfgVersion | None = None


LEVEL_ORDER = ("town", "village")


def _funding(year: int) -> tuple[FundingRule, ...]:
    rules = []
    in_force = standards_for_year(year)
    for level in LEVEL_ORDER:
        standard = in_force.get(level)
        if standard is None:
            continue
        before = standard_for(level, standard.first_year - 1)
        rules.append(
            FundingRule(
                level=level,
                lower=standard.lower,
                upper=standard.upper,
                first_year=standard.first_year,
                source=standard.source,
                before_lower=before.lower if before else None,
                before_upper=before.upper if before else None,
            )
        )
    return tuple(rules)


def _fhfg(survey_round: SurveyRound) -> FhfgVersion | None:
    standard = survey_round.fhfg_standard
    try:
        earlier = standard_in_force(standard.effective_from - datetime.timedelta(days=1))
    except ObjectDoesNotExist:
        earlier = None
    return FhfgVersion(
        name=standard.name,
        effective_from=standard.effective_from,
        source=standard.source,
        items=len(item_names(standard)),
        revises=earlier.name if earlier else "",
    )


def report_standards(survey_round: SurveyRound, data_year: int) -> Standards:
    """The funding standards in force in `data_year` (the year the money figures describe) and
    the round's 五有五好 version. A handful of queries."""
    return Standards(funding=_funding(data_year), fhfg=_fhfg(survey_round))

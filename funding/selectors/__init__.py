"""Reads of the funding app: the standards in force, and the ledger's figures for a year."""

from .below import BelowStandard, below_standard
from .donations import StudyAid, study_aid
from .form2 import (
    FORM2_KEYS,
    ClosedYear,
    CompleteYear,
    Form2Figures,
    closed_years,
    complete_year,
    form2_figures,
    is_closed,
)
from .groups import group_totals, grouping_committees
from .ledger import (
    TownTotals,
    YearFigures,
    as_figures,
    by_town,
    mid_year,
    with_year_figures,
    year_figures,
)
from .reversals import LOWERED_BY_REVERSAL, BelowLedger, below_ledger
from .standards import level_for_kind, standard_for, standards_for_year
from .subsidies import SubsidyTotals, payments_of_year, subsidy_totals

__all__ = [
    "LOWERED_BY_REVERSAL",
    "BelowLedger",
    "below_ledger",
    "below_standard",
    "BelowStandard",
    "group_totals",
    "grouping_committees",
    "FORM2_KEYS",
    "Form2Figures",
    "ClosedYear",
    "CompleteYear",
    "complete_year",
    "closed_years",
    "form2_figures",
    "is_closed",
    "StudyAid",
    "SubsidyTotals",
    "TownTotals",
    "YearFigures",
    "as_figures",
    "by_town",
    "level_for_kind",
    "mid_year",
    "payments_of_year",
    "standard_for",
    "standards_for_year",
    "study_aid",
    "subsidy_totals",
    "with_year_figures",
    "year_figures",
]

from .donations import Cumulative, cumulative, with_cumulative, with_study_aid  # noqa: E402

__all__ += ["Cumulative", "StudyAid", "cumulative", "study_aid", "with_cumulative", "with_study_aid"]

# The source of an assessment reward's entry (以奖代补), which counts as funds in place.
from ..models import FundSource  # noqa: E402

REWARD_SOURCE = FundSource.REWARD

"""Reads of the funding app: the standards in force, and the ledger's figures for a year."""

from .ledger import (
    TownTotals,
    YearFigures,
    as_figures,
    by_town,
    mid_year,
    with_year_figures,
    year_figures,
)
from .standards import level_for_kind, standard_for, standards_for_year

__all__ = [
    "TownTotals",
    "YearFigures",
    "as_figures",
    "by_town",
    "level_for_kind",
    "mid_year",
    "standard_for",
    "standards_for_year",
    "with_year_figures",
    "year_figures",
]

from .donations import Cumulative, StudyAid, cumulative, study_aid, with_cumulative, with_study_aid  # noqa: E402

__all__ += ["Cumulative", "StudyAid", "cumulative", "study_aid", "with_cumulative", "with_study_aid"]

"""Form 3's village row as the village's reviews give it (evaluations.selectors.form3_figures):
是否建成, 建成年份 and 创建轮次 from the status derived as of the round's reference date; each
item of the round's version from the latest review's result for the item of that name; 回头看结果
from the check year's look-back or spot check (未检查 when none); 整改措施 from the rectifications
open on the reference date, so that one still open carries into the next round.

Which year's checks a round reports: form 3 describes the round's reference date (docs/FORMS.md,
"Which year"; the template says 五有五好 is as of 31 December of the round's year), so the round's
own year, `check_year`. The report's 五有五好 section reads the same year.
"""

from __future__ import annotations

from evaluations.selectors import Form3Figures, ItemResult

from .models import SurveyRound
from .spec import CREATION_PERIODS, SectionSpec

ITEM_PREFIX = "fhfg_item_"
# The review's item result → form 3's choice value.
ITEM_VALUES = {ItemResult.MET: "met", ItemResult.PARTLY_MET: "partly_met", ItemResult.NOT_MET: "not_met"}
NOT_CHECKED = "not_checked"
# A creation period's name (data) → form 3's 创建轮次 value, matched by its label (第一轮 …).
PERIOD_VALUES = {str(c.label): c.value for c in CREATION_PERIODS}
MEASURES_JOINER = "；"


def check_year(survey_round: SurveyRound) -> int:
    """The year whose look-backs and spot checks the round's form 3 and report give."""
    return survey_round.reference_date.year


def item_keys(section: SectionSpec) -> dict[str, str]:
    """Form 3's item columns of the round's version: item name (the header) → key."""
    return {f.header: f.key for f in section.fields if f.key.startswith(ITEM_PREFIX)}


def form3_values(figures: Form3Figures, keys: dict[str, str]) -> dict:
    """The village's form 3 cells from its reviews (an item the latest review didn't give is left
    out); a cell the reviews leave empty is blank, not absent, so last round's is not carried."""
    status = figures.status
    values: dict = {
        "fhfg_built": status.built,
        "built_year": status.built_year or "",
        "creation_round": PERIOD_VALUES.get(status.period, "") if status.built else "",
        "lookback": figures.check or NOT_CHECKED,
        "rectification": MEASURES_JOINER.join(figures.measures),
    }
    for name, result in figures.items.items():
        if name in keys and result in ITEM_VALUES:
            values[keys[name]] = ITEM_VALUES[result]
    return values

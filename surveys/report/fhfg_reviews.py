"""The report's 五有五好 figures from the villages' reviews, beside form 3's (evaluations.selectors.
year_record): the check year's look-backs and spot checks (surveys.fhfg.check_year) counted like
form 3's 回头看结果, the villages they found regressed, and the rectifications opened and verified
in that year and still open on the report's date. The villages are those of the scope's approved
form 3 rows; the figures are left out when none of them has a review (nothing recorded yet).
"""

from __future__ import annotations

import datetime
from typing import Any

from committees.models import Committee
from evaluations.selectors import year_record

from ..fhfg import NOT_CHECKED, check_year
from ..models import SurveyRound
from ..spec import LOOKBACK_RESULTS
from . import selectors

REGRESSED = "regressed"
RECTIFICATION_KEYS = ("opened", "verified", "open")


def review_figures(survey_round: SurveyRound, scope: Committee, on: datetime.date) -> dict[str, Any]:
    """fhfg_review_lookback, fhfg_review_regressed and fhfg_rectifications. Four queries."""
    villages = list(
        selectors.approved_rows(survey_round, scope, 3)
        .order_by(*selectors.FORM_ORDER)
        .values_list("committee_id", "committee__code", "committee__name")
    )
    record = year_record([pk for pk, _code, _name in villages], check_year(survey_round), on)
    if not record.reviewed:
        return {}
    counts = {c.value: 0 for c in LOOKBACK_RESULTS}
    for pk, _code, _name in villages:
        counts[record.checks.get(pk, NOT_CHECKED)] += 1
    return {
        "fhfg_review_lookback": counts,
        "fhfg_review_regressed": [
            {"committee": code, "name": name} for pk, code, name in villages if record.checks.get(pk) == REGRESSED
        ],
        "fhfg_rectifications": {
            "opened": record.rectifications_opened,
            "verified": record.rectifications_verified,
            "open": record.rectifications_open,
        },
    }

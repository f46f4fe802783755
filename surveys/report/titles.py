"""The Word draft's title and date when the compiler leaves them empty.

The title: the seed's slogan for the district's first report (the round of its first run), a
plain "锡山区关工委基层基础建设调研报告（2023年）" for every other year and for a town's report.
The date: the round's deadline, when the survey closed (a report is dated by its round, not by
the day it was compiled).
"""

from __future__ import annotations

import datetime

from committees.models import Committee, Kind

from ..models import SurveyRound
from .data import SLOGAN_TITLE, plain_title
from .models import ReportRun


def default_title(survey_round: SurveyRound, scope: Committee) -> str:
    """The slogan when the scope is the district and this round is the one of its first run
    (or it has none yet); the plain title otherwise. One query."""
    if scope.kind == Kind.DISTRICT:
        first = ReportRun.objects.filter(scope=scope).order_by("created_at", "pk").values("survey_round_id").first()
        if first is None or first["survey_round_id"] == survey_round.pk:
            return SLOGAN_TITLE
    return plain_title(scope.name, survey_round.year)


def default_report_date(survey_round: SurveyRound) -> datetime.date:
    return survey_round.deadline

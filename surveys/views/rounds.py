"""The round a year-keyed page is about: the year's round the reader reads (within the reader's
scope or above it), the one of `?scope=<code>` when a province's districts each have one."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from .. import selectors
from ..models import SurveyRound

SCOPE_PARAMETER = "scope"


def reader_round(request, year: int) -> SurveyRound:
    """The round, with the year's other rounds the reader reads beside it (`year_rounds`). One query."""
    survey_round = selectors.round_for_reader(request.user, year, request.GET.get(SCOPE_PARAMETER) or None)
    if survey_round is None:
        raise Http404(_("There is no survey round of that year."))
    return survey_round


def scope_context(survey_round: SurveyRound) -> dict:
    """A year-keyed page's round picker: the year's rounds the reader reads, when there are several
    (a province's districts), and the ?scope=<code> its links and forms carry on."""
    rounds = survey_round.year_rounds
    several = len(rounds) > 1
    return {"year_rounds": rounds if several else [], "scope_code": survey_round.scope.code if several else ""}


def several_scopes(rounds) -> bool:
    """Whether a list of rounds holds several scopes (a province's districts each with a round): its
    pages then name each round's scope and link with ?scope=<code>."""
    return len({r.scope_id for r in rounds}) > 1


def round_of_town(year: int, town) -> SurveyRound:
    """The year's round that asks `town` (at most one: rounds of a year do not overlap)."""
    survey_round = selectors.round_for_year(year, within=town)
    if survey_round is None:
        raise Http404(_("This town has no forms in this round."))
    return survey_round

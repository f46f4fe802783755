"""The assessment's computed items (evaluations.scorers), registered from SurveysConfig.ready():
surveys may read the rounds, funding and evaluations, which don't read each other.

Each scorer answers, per assessed committee, the share of the item's points (0 to 1) and the
evidence in words; a committee with nothing to judge (no look-back, no rectification) earns the
full points."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import evaluations.selectors as evaluation_selectors
import funding.selectors as funding_selectors
from committees.models import Committee
from evaluations.services import register_scorer

from .models import State, Submission
from .selectors import round_for_year

ONE = Decimal(1)
SHARE = Decimal("0.0001")


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(SHARE) if whole else ONE


def _subtrees(towns) -> tuple[list[Committee], dict[int, int]]:
    """Every committee below the towns (the towns included), and each one's town pk."""
    members: list[Committee] = []
    town_of: dict[int, int] = {}
    for town in towns:
        for committee in Committee.objects.subtree_of(town):
            members.append(committee)
            town_of[committee.pk] = town.pk
    return members, town_of


def forms_on_time(scheme, towns) -> dict[int, tuple[Decimal, str]]:
    """The year's round: the town's forms submitted by its deadline and still standing."""
    result = {}
    submissions = Submission.objects.filter(survey_round__year=scheme.year, town__in=[t.pk for t in towns])
    counts: dict[int, list[int]] = {t.pk: [0, 0] for t in towns}
    for town_id, on_time, state in submissions.values_list("town_id", "on_time", "state"):
        counts[town_id][1] += 1
        counts[town_id][0] += bool(on_time) and state in (State.SUBMITTED, State.APPROVED)
    for pk, (good, total) in counts.items():
        result[pk] = (
            _share(good, total) if total else Decimal(0),
            _("%(n)s of %(total)s forms on time") % {"n": good, "total": total},
        )
    return result


def fhfg_look_back(scheme, towns) -> dict[int, tuple[Decimal, str]]:
    """The year's 五有五好 look-backs and spot checks below the town: the share not regressed."""
    members, town_of = _subtrees(towns)
    checks: dict[int, list[int]] = {t.pk: [0, 0] for t in towns}
    for committee_id, review in evaluation_selectors.check_results(town_of, scheme.year).items():
        tally = checks[town_of[committee_id]]
        tally[1] += 1
        tally[0] += review.result != evaluation_selectors.ReviewResult.REGRESSED
    return {
        pk: (
            _share(good, total),
            _("%(n)s of %(total)s checked committees kept the standard") % {"n": good, "total": total},
        )
        for pk, (good, total) in checks.items()
    }


def funds_in_place(scheme, towns) -> dict[int, tuple[Decimal, str]]:
    """Funds in place below the town over the standards' lower bounds (at most 1), in the data
    year of the scheme year's round (the year its forms describe), else the scheme's year."""
    members, town_of = _subtrees(towns)
    qs = Committee.objects.filter(pk__in=list(town_of))
    survey_round = round_for_year(scheme.year, within=scheme.committee)
    year = survey_round.data_year if survey_round else scheme.year
    totals = funding_selectors.by_town(funding_selectors.year_figures(qs, year), list(towns))
    result = {}
    for t in totals:
        ratio = t.ratio if t.ratio is not None else ONE
        result[t.town.pk] = (
            min(ONE, ratio),
            _("%(in_place)s of %(lower)s (10,000 yuan) in place in %(year)s")
            % {"in_place": t.in_place, "lower": t.standard_lower, "year": year},
        )
    return result


def rectifications_closed(scheme, towns) -> dict[int, tuple[Decimal, str]]:
    """The rectifications opened below the town in the year: the share closed."""
    members, town_of = _subtrees(towns)
    tally: dict[int, list[int]] = {t.pk: [0, 0] for t in towns}
    for committee_id, (n, closed) in evaluation_selectors.rectification_counts(town_of, scheme.year).items():
        tally[town_of[committee_id]][0] += closed
        tally[town_of[committee_id]][1] += n
    return {
        pk: (_share(closed, n), _("%(n)s of %(total)s rectifications closed") % {"n": closed, "total": n})
        for pk, (closed, n) in tally.items()
    }


def register_all() -> None:
    register_scorer("forms_on_time", gettext_lazy("Forms submitted on time"), forms_on_time)
    register_scorer("fhfg_look_back", gettext_lazy("Five-haves-five-goods look-back results"), fhfg_look_back)
    register_scorer("funds_in_place", gettext_lazy("Funds in place against the standard"), funds_in_place)
    register_scorer("rectifications_closed", gettext_lazy("Rectifications closed"), rectifications_closed)

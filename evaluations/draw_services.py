"""Spot-check draws (抽查): the candidate frame read from the database, a draw made and stored, and
a stored draw drawn again (evaluations.draws decides; this module reads and writes)."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import scoping
from committees.models import TOWN_KINDS, UPPER_KINDS, VILLAGE_KINDS, Committee

from . import draws
from .models import CHECKING_KINDS, OPEN_STATES, DrawMethod, Rectification, Review, SpotCheckDraw
from .selectors import standard_in_force

SCOPE_KINDS = (*UPPER_KINDS, *TOWN_KINDS)
MAX_SEED = 10**9


def draw_scopes(user):
    """The committees the user may draw within: the district (staff) or their town (secretaries)."""
    return (
        scoping.committees_for(user, scoping.Action.EVALUATE)
        .filter(kind__in=SCOPE_KINDS, closed_on__isnull=True)
        .order_by("path")
    )


def frame_build(scope: Committee, year: int, *, exclude_years: int | None, on: datetime.date | None = None) -> list:
    """The villages of `scope` eligible for a spot check of `year`, in the tree's order, with their
    town and whether they have an open rectification: open villages and communities, less those
    checked (回头看 or 抽查) in `year` or the `exclude_years` years before it — unless they have an
    open rectification. Three queries."""
    on = on or timezone.localdate()
    villages = list(
        Committee.objects.filter(path__startswith=scope.path, kind__in=VILLAGE_KINDS, closed_on__isnull=True)
        .select_related("parent")
        .order_by("parent__path", "path")
    )
    ids = [v.pk for v in villages]
    open_ids = set(
        Rectification.objects.filter(committee_id__in=ids, state__in=OPEN_STATES, opened_by__date__lte=on).values_list(
            "committee_id", flat=True
        )
    )
    checked: set[int] = set()
    if exclude_years is not None:
        checked = set(
            Review.objects.filter(
                committee_id__in=ids,
                kind__in=CHECKING_KINDS,
                date__year__gte=year - exclude_years,
                date__year__lte=year,
            ).values_list("committee_id", flat=True)
        )
    return [
        {
            "id": v.pk,
            "code": v.code,
            "name": v.name,
            "town_id": v.parent_id,
            "town_code": v.parent.code,
            "town": v.parent.name,
            "open": v.pk in open_ids,
        }
        for v in villages
        if v.pk not in checked or v.pk in open_ids
    ]


def parameters_of(draw: SpotCheckDraw) -> draws.Parameters:
    return draws.Parameters(method=draw.method, amount=draw.amount, include_open=draw.include_open)


def _check(method: str, amount: int, year: int, exclude_years: int | None) -> None:
    if method not in DrawMethod.values:
        raise ValidationError(_("Choose how many villages to draw in each town."))
    if amount < 1 or (method == DrawMethod.SHARE and amount > 100):
        raise ValidationError(_("Draw at least 1 village, or 1% to 100%, in each town."))
    if year > timezone.localdate().year + 1:
        raise ValidationError(_("A draw is for this year or the next."))
    if exclude_years is not None and exclude_years > 20:
        raise ValidationError(_("Leave out villages checked in at most the last 20 years."))


@transaction.atomic
def draw_make(
    *,
    actor,
    committee: Committee,
    year: int,
    method: str,
    amount: int,
    exclude_years: int | None = None,
    include_open: bool = True,
    seed: int | None = None,
) -> SpotCheckDraw:
    """Draw the villages of `committee` (the district or a town) for a spot check of `year` and
    store the draw. The caller has checked that `actor` may evaluate within it (scoping.check with
    Action.EVALUATE). A seed not given is chosen at random (and stored)."""
    _check(method, amount, year, exclude_years)
    if committee.kind not in SCOPE_KINDS:
        raise ValidationError(_("A draw is made within the district or a town."))
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    frame = frame_build(committee, year, exclude_years=exclude_years)
    if not frame:
        raise ValidationError(_("No village is left to draw from."))
    parameters = draws.Parameters(method=method, amount=amount, include_open=include_open)
    draw = SpotCheckDraw(
        committee=committee,
        year=year,
        standard=standard_in_force(datetime.date(year, 12, 31)),
        seed=seed,
        method=method,
        amount=amount,
        exclude_years=exclude_years,
        include_open=include_open,
        frame=frame,
        picks=draws.draw(frame, parameters, seed),
        made_by=actor,
    )
    draw.full_clean()
    draw._change_reason = _("Drawn")
    draw.save()
    return draw


@dataclass(frozen=True)
class Reproduction:
    picks: list[int]  # drawn again from the stored frame and parameters
    same_picks: bool  # the check: equal to the stored picks
    same_frame: bool  # information: today's frame equals the stored one


def draw_reproduce(draw: SpotCheckDraw) -> Reproduction:
    """Draw again from the stored frame, parameters and seed, and compare with the stored picks;
    say also whether the frame built today would be the same (reviews since may have changed who
    is eligible — that does not make the draw wrong)."""
    picks = draws.draw(draw.frame, parameters_of(draw), draw.seed)
    today = frame_build(draw.committee, draw.year, exclude_years=draw.exclude_years)
    return Reproduction(picks, picks == list(draw.picks), today == list(draw.frame))

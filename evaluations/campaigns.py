"""A campaign's progress, derived from reviews, and its plaques (授牌).

A unit counts as passed in a year when it has a passed acceptance review (验收, 通过) dated in that
year under the campaign's standard version or a later one. For each 'who checks whom' of the
campaign (towns → villages, district → towns) the units are grouped under the committee that checks
them; a group's share is its units passed in the year over its units open that year, the cumulative
share counts each unit passed in any campaign year up to it, against the year's target and the sum
of the targets so far. Each selector runs a bounded number of queries whatever the number of units.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee

from .models import (
    LEVEL_KINDS,
    Campaign,
    CampaignCheck,
    Plaque,
    Review,
    ReviewKind,
    ReviewResult,
)

HUNDRED = Decimal(100)


def share(part: int, whole: int) -> Decimal | None:
    """part of whole in per cent, one decimal; None for an empty whole."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class GroupProgress:
    """One checking committee's units in a year (a town's villages, or the district's towns)."""

    group: Committee | None  # None for the total row
    units: int = 0
    passed: int = 0  # units passed in the year
    cumulative: int = 0  # units passed in any campaign year up to this one
    plaques: int = 0  # plaques awarded for this year
    target: Decimal = Decimal(0)
    cumulative_target: Decimal = Decimal(0)

    @property
    def share(self) -> Decimal | None:
        return share(self.passed, self.units)

    @property
    def cumulative_share(self) -> Decimal | None:
        return share(self.cumulative, self.units)

    @property
    def meets_target(self) -> bool:
        return self.cumulative_share is not None and self.cumulative_share >= self.cumulative_target


@dataclass
class CheckProgress:
    """A campaign's year for one 'who checks whom': a row per checking committee, and their total."""

    check: CampaignCheck
    year: int
    target: Decimal
    cumulative_target: Decimal
    rows: list[GroupProgress] = field(default_factory=list)
    total: GroupProgress | None = None  # only when there is more than one row


def campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("standard").prefetch_related("years", "checks")


def targets(campaign: Campaign) -> dict[int, tuple[Decimal, Decimal]]:
    """Each campaign year's target and cumulative target (the sum of the targets so far, at most 100)."""
    result, running = {}, Decimal(0)
    by_year = {y.year: y.target for y in campaign.years.all()}
    for year in campaign.years_range():
        target = by_year.get(year, Decimal(0))
        running = min(running + target, HUNDRED)
        result[year] = (target, running)
    return result


def passing_reviews(campaign: Campaign) -> QuerySet[Review]:
    """The passed acceptance reviews that count for the campaign: under its version or a later one,
    dated in its years."""
    return Review.objects.filter(
        kind=ReviewKind.ACCEPTANCE,
        result=ReviewResult.PASSED,
        standard__effective_from__gte=campaign.standard.effective_from,
        date__year__gte=campaign.first_year,
        date__year__lte=campaign.last_year,
    )


def _open_in(year: int) -> Q:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (Q(opened_on__isnull=True) | Q(opened_on__lte=end)) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))


def check_progress(campaign: Campaign, check: CampaignCheck, year: int, readable: QuerySet[Committee]) -> CheckProgress:
    """The year's progress of one 'who checks whom' over the checking committees in `readable`
    (the reader's scope): four queries."""
    target, cumulative_target = targets(campaign).get(year, (Decimal(0), Decimal(0)))
    groups = list(readable.filter(kind__in=LEVEL_KINDS[check.checking_level]).filter(_open_in(year)).order_by("path"))
    result = CheckProgress(check, year, target, cumulative_target)
    if not groups:
        return result
    under = Q()
    for group in groups:
        under |= Q(path__startswith=group.path)
    units = Committee.objects.filter(under, kind__in=LEVEL_KINDS[check.checked_level]).filter(_open_in(year))
    unit_paths = dict(units.values_list("pk", "path"))
    passes = passing_reviews(campaign).filter(committee_id__in=list(unit_paths), date__year__lte=year)
    first_pass: dict[int, int] = {}
    passed_in_year: set[int] = set()
    for committee_id, day in passes.values_list("committee_id", "date"):
        first_pass[committee_id] = min(first_pass.get(committee_id, day.year), day.year)
        if day.year == year:
            passed_in_year.add(committee_id)
    plaques = set(
        Plaque.objects.filter(campaign=campaign, year=year, committee_id__in=list(unit_paths)).values_list(
            "committee_id", flat=True
        )
    )
    rows = {g.pk: GroupProgress(g, target=target, cumulative_target=cumulative_target) for g in groups}
    for pk, path in unit_paths.items():
        group = max((g for g in groups if path.startswith(g.path)), key=lambda g: len(g.path))
        row = rows[group.pk]
        row.units += 1
        row.passed += pk in passed_in_year
        row.cumulative += pk in first_pass
        row.plaques += pk in plaques
    result.rows = list(rows.values())
    if len(result.rows) > 1:
        total = GroupProgress(None, target=target, cumulative_target=cumulative_target)
        for row in result.rows:
            total.units += row.units
            total.passed += row.passed
            total.cumulative += row.cumulative
            total.plaques += row.plaques
        result.total = total
    return result


def campaign_progress(campaign: Campaign, year: int, readable: QuerySet[Committee]) -> list[CheckProgress]:
    """The year's progress of each 'who checks whom' of the campaign, the lowest level first
    (towns' villages, then the district's towns): four queries each."""
    checks = sorted(campaign.checks.all(), key=lambda c: list(LEVEL_KINDS).index(c.checked_level), reverse=True)
    return [check_progress(campaign, check, year, readable) for check in checks]


def plaques_of(campaign: Campaign, year: int, readable: QuerySet[Committee]) -> list[Plaque]:
    """The plaques awarded for the year to units in `readable`, in tree order: one query."""
    return list(
        Plaque.objects.filter(campaign=campaign, year=year, committee__in=readable)
        .select_related("committee", "committee__parent", "awarded_by", "review")
        .order_by("committee__path")
    )


# --- Awarding a plaque --------------------------------------------------------------------------


def checked_kinds(campaign: Campaign) -> list[str]:
    return [kind for check in campaign.checks.all() for kind in LEVEL_KINDS[check.checked_level]]


def awardable_units(campaign: Campaign, year: int, candidates: QuerySet[Committee]) -> QuerySet[Committee]:
    """The units of `candidates` that may get the campaign's plaque for `year`: of a level the
    campaign checks, passed acceptance under its version in a campaign year up to `year`, no plaque
    yet in this campaign."""
    passed = passing_reviews(campaign).filter(date__year__lte=year).values("committee_id")
    return (
        candidates.filter(kind__in=checked_kinds(campaign), pk__in=passed, closed_on__isnull=True)
        .exclude(fhfg_plaques__campaign=campaign)
        .select_related("parent")
        .order_by("path")
    )


def awarding_committee(campaign: Campaign, unit: Committee) -> Committee | None:
    """The committee that checks `unit` in the campaign: its nearest ancestor of the checking level."""
    check = next((c for c in campaign.checks.all() if unit.kind in LEVEL_KINDS[c.checked_level]), None)
    if check is None:
        return None
    codes = [code for code in unit.path.strip("/").split("/")[:-1]]
    ancestors = Committee.objects.filter(code__in=codes, kind__in=LEVEL_KINDS[check.checking_level])
    return ancestors.order_by("-depth").first()


@transaction.atomic
def award_plaque(
    *, actor, campaign: Campaign, year: int, unit: Committee, day: datetime.date, notes: str = ""
) -> Plaque:
    """Award the campaign's plaque for `year` to `unit`. The caller has checked that `actor` may
    award it (committees.scoping, Action.AWARD, and may_evaluate). Refused unless the unit passed
    acceptance under the campaign's version in a campaign year up to `year`."""
    if year not in campaign.years_range():
        raise ValidationError(_("The year is outside the campaign's years."))
    if day > timezone.localdate():
        raise ValidationError(_("The award date cannot be in the future."))
    review = (
        passing_reviews(campaign).filter(committee=unit, date__year__lte=year, date__lte=day).order_by("date").first()
    )
    if review is None:
        raise ValidationError(
            _("%(committee)s has not passed acceptance under the campaign's standard version by that date.")
            % {"committee": unit.name}
        )
    if Plaque.objects.filter(campaign=campaign, committee=unit).exists():
        raise ValidationError(_("%(committee)s already has this campaign's plaque.") % {"committee": unit.name})
    awarded_by = awarding_committee(campaign, unit)
    if awarded_by is None:
        raise ValidationError(_("The campaign does not check committees of this level."))
    plaque = Plaque(
        committee=unit,
        campaign=campaign,
        year=year,
        awarded_on=day,
        awarded_by=awarded_by,
        review=review,
        notes=notes,
        recorded_by=actor,
    )
    plaque._change_reason = _("Plaque awarded")
    plaque.full_clean()
    plaque.save()
    return plaque

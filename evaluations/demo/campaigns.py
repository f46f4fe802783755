"""The demo's campaign progress: acceptance reviews (验收, 通过) under the seeded campaign's version
in 2023 and 2024 for a share of each town's villages that varies by town (some towns reach the
year's target, some fall short), and the plaques the towns awarded for 2023. Deterministic: the
villages are taken in tree order, those still rectifying a regression left out; idempotent: nothing is added once the campaign has any pass."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from committees.models import TOWN_KINDS, VILLAGE_KINDS, Committee

from ..campaigns import award_plaque, passing_reviews
from ..models import OPEN_STATES, Campaign, FhfgItem, ItemResult, ReviewKind, ReviewResult
from ..services import record_review

# The share (%) of each town's villages passing in 2023 and in 2024, by the town's place in the tree.
SHARES = {
    2023: [30, 25, 20, 35, 28, 15, 40, 22, 26],
    2024: [35, 30, 25, 40, 20, 30, 35, 15, 36],
}
# Towns (by place) whose 2023 plaques are still to be awarded.
PLAQUES_PENDING = {5, 7}
CAMPAIGN_NAME = "“五有五好”基层关工委建设“三年巩固深化年”"


def _count(villages: int, percent: int) -> int:
    return int((Decimal(villages) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def campaign_demo_load(*, actor) -> int:
    """Record the demo's campaign passes and plaques; returns the number of reviews added."""
    campaign = Campaign.objects.filter(name=CAMPAIGN_NAME).select_related("standard").first()
    if campaign is None or passing_reviews(campaign).exists():
        return 0
    items = list(FhfgItem.objects.filter(standard=campaign.standard).order_by("order"))
    results = {item.pk: ItemResult.MET for item in items}
    towns = list(Committee.objects.filter(kind__in=TOWN_KINDS, closed_on__isnull=True).order_by("path"))
    added = 0
    for place, town in enumerate(towns):
        villages = list(
            Committee.objects.filter(path__startswith=town.path, kind__in=VILLAGE_KINDS, closed_on__isnull=True)
            .exclude(rectifications__state__in=OPEN_STATES)  # a village still rectifying does not pass
            .order_by("path")
        )
        start = 0
        for year, shares in SHARES.items():
            count = _count(len(villages), shares[place % len(shares)])
            day = datetime.date(year, 9, 10) + datetime.timedelta(days=place)
            for village in villages[start : start + count]:
                record_review(
                    actor=actor,
                    committee=village,
                    kind=ReviewKind.ACCEPTANCE,
                    day=day,
                    standard=campaign.standard,
                    results=results,
                    result=ReviewResult.PASSED,
                    reviewer_names=f"{town.name}关工委验收组",
                )
                added += 1
                if year == 2023 and place not in PLAQUES_PENDING:
                    award_plaque(
                        actor=actor, campaign=campaign, year=year, unit=village, day=datetime.date(2023, 12, 20)
                    )
            start += count
    return added

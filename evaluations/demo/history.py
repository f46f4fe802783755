"""The demo district's 五有五好 history as reviews (docs/DOMAIN.md, "History"): every village passed
its creation (创建) in the first round, 2001–2011, to full coverage; one community opened and was
built in the second round, so 124 villages in 2017, and all 124 passed the second round's
acceptance (验收) in 2017; four communities built one by one since ("增一个建一个", each the year
after it opened) to 128; a look-back (回头看) in 2022 of 102 villages, and one of all 128 in 2023
that found two regressed (退化), each opening a rectification (整改) that is still open.

The villages' form 3 is prefilled from these reviews (surveys.prefill), so the demo's 2022 and 2023
reports show the look-back counts below. Deterministic: every load writes the same history, in bulk
with history rows (simple_history), acting as the given user.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from committees.models import VILLAGE_KINDS, Committee

from ..models import (
    FhfgItem,
    FhfgStandard,
    ItemResult,
    Rectification,
    Review,
    ReviewItem,
    ReviewKind,
    ReviewResult,
)

HISTORY_REASON = "load_demo"
FIRST_ROUND_LAST_YEAR = 2011
ACCEPTANCE_YEAR = 2017
# Each look-back year: how many villages it found kept (巩固) and improved (提升); the villages
# named regressed (退化) besides. The others were not checked that year.
LOOK_BACKS: dict[int, tuple[int, int]] = {2022: (64, 38), 2023: (92, 34)}
REGRESSED: dict[int, tuple[str, ...]] = {2023: ("XS01V10", "XS09V04")}
# A regression's item results by the item's order in the version: 未达标 opens the rectification.
REGRESSED_ITEMS = {7: ItemResult.NOT_MET, 9: ItemResult.PARTLY_MET}
REGRESSED_FINDINGS = "班子成员调整后“五老”骨干作用发挥不够，活动阵地被挪作他用，活动开展不经常。"
MEASURES = "调整充实班子，恢复“五老”活动阵地，年底前由镇（街道）关工委复查"
DISTRICT_REVIEWERS = "锡山区关工委"


@dataclass
class _Planned:
    review: Review
    results: dict[int, str]  # item order → ItemResult
    measures: str = ""


@dataclass
class _Plan:
    standards: list[FhfgStandard]  # oldest first
    items: dict[int, dict[int, FhfgItem]]  # standard pk → item order → item
    reviews: list[_Planned] = field(default_factory=list)
    built: dict[int, datetime.date] = field(default_factory=dict)  # village pk → its creation pass

    def standard_on(self, day: datetime.date) -> FhfgStandard:
        """The version in force on `day`; the oldest one before any was (the first round's creations)."""
        in_force = [s for s in self.standards if s.effective_from <= day]
        return in_force[-1] if in_force else self.standards[0]


def _day(rng: random.Random, year: int, opened: datetime.date, first_month: int = 3, last_month: int = 11):
    """A day of `year` (a working month), never before the committee opened."""
    day = datetime.date(year, rng.randint(first_month, last_month), rng.randint(1, 28))
    return day if day >= opened else min(opened + datetime.timedelta(days=60), datetime.date(year, 12, 31))


def _add(plan: _Plan, actor, village: Committee, kind: str, day, result: str, **extra) -> None:
    results = {order: ItemResult.MET for order in plan.items[plan.standard_on(day).pk]}
    results.update(extra.pop("results", {}))
    town = village.parent.name if village.parent else DISTRICT_REVIEWERS
    review = Review(
        committee=village,
        kind=kind,
        date=day,
        standard=plan.standard_on(day),
        result=result,
        findings=extra.pop("findings", ""),
        reviewer_names=DISTRICT_REVIEWERS if kind == ReviewKind.ACCEPTANCE else town,
        recorded_by=actor,
    )
    plan.reviews.append(_Planned(review, results, **extra))


def _creation_year(rng: random.Random, opened: datetime.date) -> int:
    """A village opened by 2011 was built in the first round (a year of it); a later one the year after."""
    if opened.year <= FIRST_ROUND_LAST_YEAR:
        return rng.randint(max(opened.year, 2001), FIRST_ROUND_LAST_YEAR)
    return opened.year + 1


def _building(plan: _Plan, actor, villages: list[Committee], rng: random.Random) -> None:
    """Creation passes (the first round for a village opened by 2011, else the year after it
    opened) and the second round's acceptance in 2017 of every village built by then."""
    for village in villages:
        opened = village.opened_on or datetime.date(2001, 1, 1)
        built = plan.built[village.pk] = _day(rng, _creation_year(rng, opened), opened)
        _add(plan, actor, village, ReviewKind.CREATION, built, ReviewResult.PASSED)
        if built.year < ACCEPTANCE_YEAR:
            accepted = max(_day(rng, ACCEPTANCE_YEAR, opened, 4, 11), built + datetime.timedelta(days=1))
            _add(plan, actor, village, ReviewKind.ACCEPTANCE, accepted, ReviewResult.PASSED)
        elif built.year == ACCEPTANCE_YEAR:
            raise ValueError(f"{village.code}: built in {ACCEPTANCE_YEAR}, the acceptance year")


def _look_backs(plan: _Plan, actor, villages: list[Committee], year: int) -> None:
    """The year's look-back: the regressed villages, then the counts of kept and improved among the
    villages built before the year (shuffled with the year as seed); the rest not checked."""
    rng = random.Random(year)
    kept, improved = LOOK_BACKS[year]
    regressed = set(REGRESSED.get(year, ()))
    candidates = [v for v in villages if v.code not in regressed and plan.built[v.pk].year < year]
    rng.shuffle(candidates)
    results = [ReviewResult.CONSOLIDATED] * kept + [ReviewResult.IMPROVED] * improved
    if len(candidates) < len(results):
        raise ValueError(f"{year}: {len(results)} look-backs planned, {len(candidates)} villages to check")
    planned = list(zip(candidates, results, strict=False))
    planned += [(v, ReviewResult.REGRESSED) for v in villages if v.code in regressed]
    for village, result in sorted(planned, key=lambda pair: pair[0].code):
        day = _day(rng, year, village.opened_on or datetime.date(2001, 1, 1), 6, 9)
        if result == ReviewResult.REGRESSED:
            _add(
                plan, actor, village, ReviewKind.LOOK_BACK, day, result,
                results=REGRESSED_ITEMS, findings=REGRESSED_FINDINGS, measures=MEASURES,
            )  # fmt: skip
            continue
        partly = rng.sample(range(1, 11), rng.choice((0, 0, 0, 1))) if result == ReviewResult.CONSOLIDATED else []
        _add(
            plan,
            actor,
            village,
            ReviewKind.LOOK_BACK,
            day,
            result,
            results=dict.fromkeys(partly, ItemResult.PARTLY_MET),
        )


def _write(plan: _Plan, actor, reason: str = HISTORY_REASON) -> int:
    history = {"default_user": actor, "default_change_reason": reason, "batch_size": 2000}
    reviews = bulk_create_with_history([p.review for p in plan.reviews], Review, **history)
    for planned, saved in zip(plan.reviews, reviews, strict=True):
        planned.review = saved
    bulk_create_with_history(
        [
            ReviewItem(review=p.review, item=plan.items[p.review.standard_id][order], result=value)
            for p in plan.reviews
            for order, value in sorted(p.results.items())
        ],
        ReviewItem,
        **history,
    )
    _rectifications(plan, history)
    return len(reviews)


def _rectifications(plan: _Plan, history: dict) -> None:
    """What services.record_review opens for a bad result: its 未达标 items, due by the year's end."""
    opening = [p for p in plan.reviews if p.review.result in (ReviewResult.FAILED, ReviewResult.REGRESSED)]
    rectifications = bulk_create_with_history(
        [
            Rectification(
                committee=p.review.committee,
                opened_by=p.review,
                responsible_committee=p.review.committee,
                measures=p.measures,
                due_date=datetime.date(p.review.date.year, 12, 31),
            )
            for p in opening
        ],
        Rectification,
        **history,
    )
    Through = Rectification.items.through
    Through.objects.bulk_create(
        [
            Through(rectification=r, fhfgitem=plan.items[p.review.standard_id][order])
            for p, r in zip(opening, rectifications, strict=True)
            for order, value in sorted(p.results.items())
            if value == ItemResult.NOT_MET
        ]
    )


def demo_villages(district_code: str) -> list[Committee]:
    """The district's villages and communities, in code order, with their town."""
    return list(
        Committee.objects.filter(kind__in=VILLAGE_KINDS, code__startswith=district_code)
        .select_related("parent")
        .order_by("code")
    )


@transaction.atomic
def fhfg_demo_load(*, actor, district_code: str) -> int:
    """Write the demo villages' reviews and rectifications unless any of them has a review already;
    return the number of reviews written."""
    villages = demo_villages(district_code)
    if not villages or Review.objects.filter(committee__in=villages).exists():
        return 0
    plan = _plan()
    _building(plan, actor, villages, random.Random(FIRST_ROUND_LAST_YEAR))
    for year in sorted(LOOK_BACKS):
        _look_backs(plan, actor, villages, year)
    return _write(plan, actor)


def _plan() -> _Plan:
    standards = list(FhfgStandard.objects.order_by("effective_from"))
    items: dict[int, dict[int, FhfgItem]] = {s.pk: {} for s in standards}
    for item in FhfgItem.objects.filter(standard__in=standards):
        items[item.standard_id][item.order] = item
    return _Plan(standards, items)


@transaction.atomic
def fhfg_creations_load(*, actor, villages: list[Committee], seed: int, reason: str) -> int:
    """A creation pass (创建) for each village, in the first round for a village opened by 2011, else
    the year after it opened (load_synthetic's villages: their parent selected); return how many."""
    plan = _plan()
    rng = random.Random(f"fhfg-{seed}")
    for village in villages:
        opened = village.opened_on or datetime.date(2001, 1, 1)
        day = _day(rng, _creation_year(rng, opened), opened)
        _add(plan, actor, village, ReviewKind.CREATION, day, ReviewResult.PASSED)
    return _write(plan, actor, reason)

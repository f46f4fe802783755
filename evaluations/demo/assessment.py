"""The demo's 2023 annual assessment of the towns (年度工作考核, 以奖代补): the scheme, its reward
tiers by rank, the hand scores and the computed items filled from the records. Written once."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from committees.models import Committee

from ..assessment import assessed, compute, score_set
from ..models import AssessmentItem, AssessmentScheme, RewardBasis, RewardRule

ASSESSMENT_YEAR = 2023
# (code, name, maximum points, scorer key or "" for an item scored by hand)
ASSESSMENT_ITEMS = (
    ("A1", "组织建设", Decimal(20), ""),
    ("A2", "活动开展", Decimal(20), ""),
    ("A3", "特色品牌", Decimal(10), ""),
    ("B1", "报表按时报送", Decimal(10), "forms_on_time"),
    ("B2", "五有五好回头看", Decimal(15), "fhfg_look_back"),
    ("B3", "经费到位", Decimal(15), "funds_in_place"),
    ("B4", "整改完成", Decimal(10), "rectifications_closed"),
)
# 以奖代补 by rank: the first, the second and third, the fourth to sixth (万元).
REWARD_TIERS = ((1, Decimal("5.00")), (3, Decimal("3.00")), (6, Decimal("1.50")))
# The hand items' points per town, in the towns' order (A1, A2, A3).
HAND_POINTS = (
    (19, 18, 9),
    (18, 19, 8),
    (17, 17, 10),
    (20, 16, 7),
    (16, 18, 8),
    (18, 15, 9),
    (15, 17, 6),
    (17, 16, 7),
    (16, 14, 8),
)


@transaction.atomic
def assessment_demo_load(*, actor, district_code: str) -> bool:
    """The district's 2023 assessment of its towns: the scheme, its tiers, the hand scores and the
    computed items filled from the records. Answers whether it was created (a scheme there is left alone)."""
    district = Committee.objects.get(code=district_code)
    if AssessmentScheme.objects.filter(committee=district, year=ASSESSMENT_YEAR).exists():
        return False
    scheme = AssessmentScheme.objects.create(
        committee=district, year=ASSESSMENT_YEAR, name=f"{ASSESSMENT_YEAR}年度镇（街道）关工委工作考核办法"
    )
    items = [
        AssessmentItem.objects.create(scheme=scheme, order=n, code=code, name=name, max_points=top, scorer=key)
        for n, (code, name, top, key) in enumerate(ASSESSMENT_ITEMS, start=1)
    ]
    for bound, amount in REWARD_TIERS:
        RewardRule.objects.create(scheme=scheme, basis=RewardBasis.RANK, bound=bound, amount=amount)
    hand = [item for item in items if not item.scorer]
    for town, points in zip(assessed(scheme), HAND_POINTS, strict=False):
        for item, value in zip(hand, points, strict=True):
            score_set(actor=actor, item=item, committee=town, points=Decimal(value), evidence="年度台账、现场查看")
    compute(actor=actor, scheme=scheme)
    return True

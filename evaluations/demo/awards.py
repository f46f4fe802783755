"""The demo's awards (评先创优, docs/DOMAIN.md "Systems"): the triennial awards for tutoring stations;
the 2020–2022 period as the district awarded it (54 stations, 8 contribution awards, 59
individuals), and the 2023–2025 period open for nominations; the points of the awarded five-old
volunteers in their ledger. Deterministic; written once (the points settled on every load)."""

from __future__ import annotations

import datetime
import random

from simple_history.utils import bulk_create_with_history

from committees.models import VILLAGE_KINDS, TutoringStation, Volunteer

from ..awards import nomination_points_settle
from ..models import AwardCategory, AwardPeriod, AwardScheme, Nomination, NominationState
from .history import HISTORY_REASON

# Awards (评先创优, docs/DOMAIN.md "Systems"): the triennial awards for tutoring stations; the
# 2020–2022 period as the district awarded it, and the 2023–2025 period open for nominations.
AWARD_SCHEME = "校外教育辅导站工作先进评选"
# (name, kind of awardee, points in the five-old points system, awarded in 2020–2022)
AWARD_CATEGORIES = (
    ("优秀辅导站", "station", None, 54),
    ("突出贡献奖", "committee_or_person", 5, 8),
    ("先进个人", "person", 3, 59),
)
AWARD_DECIDED = datetime.datetime(2023, 3, 15, 10, 0, tzinfo=datetime.UTC)


def awards_demo_load(*, actor) -> int:
    """The award scheme, its periods and the 2020–2022 awardees (54 stations, 8 contribution
        awards: 4 villages and 4 five-olds, 59 five-olds), once, and the points of the five-olds
    awarded (settled: loading again writes none); returns the nominations written."""
    scheme, _created = AwardScheme.objects.get_or_create(name=AWARD_SCHEME, defaults={"every_years": 3})
    categories = []
    for order, (name, kind, points, _count) in enumerate(AWARD_CATEGORIES, 1):
        category, _created = AwardCategory.objects.get_or_create(
            scheme=scheme, name=name, defaults={"order": order, "awardee_kind": kind, "points": points}
        )
        categories.append(category)
    AwardPeriod.objects.get_or_create(
        scheme=scheme, first_year=2023, defaults={"last_year": 2025, "nominations_open": True}
    )
    period, _created = AwardPeriod.objects.get_or_create(scheme=scheme, first_year=2020, defaults={"last_year": 2022})
    written = 0 if period.nominations.exists() else _nominations_write(period, categories, actor)
    awarded = period.nominations.filter(state=NominationState.AWARDED, person__isnull=False, category__points__gt=0)
    for nomination in awarded.select_related("category", "period__scheme", "committee"):
        nomination_points_settle(actor=actor, nomination=nomination)
    return written


def _nominations_write(period: AwardPeriod, categories: list[AwardCategory], actor) -> int:
    rng = random.Random(2022)
    stations = list(
        TutoringStation.objects.filter(hub__isnull=True).select_related("committee").order_by("committee__code")
    )
    villages = sorted({s.committee for s in stations}, key=lambda c: c.code)
    # The individuals are five-old volunteers of the villages (the awards bring them points).
    memberships = list(
        Volunteer.objects.active().filter(committee__kind__in=VILLAGE_KINDS).select_related("committee").order_by("pk")
    )
    people = list({v.person_id: v for v in memberships}.values())
    people = rng.sample(people, 63)
    awardees = (
        [(categories[0], s.committee.parent, {"station": s}) for s in rng.sample(stations, 54)]
        + [(categories[1], v.parent, {"awardee_committee": v}) for v in rng.sample(villages, 4)]
        + [(categories[1], p.committee.parent, {"person_id": p.person_id}) for p in people[:4]]
        + [(categories[2], p.committee.parent, {"person_id": p.person_id}) for p in people[4:]]
    )
    nominations = [
        Nomination(
            period=period,
            category=category,
            committee=town,
            reason=f"{category.name}（2020–2022）",
            state=NominationState.AWARDED,
            nominated_by=actor,
            nominated_at=AWARD_DECIDED - datetime.timedelta(days=60),
            decided_by=actor,
            decided_at=AWARD_DECIDED,
            **awardee,
        )  # fmt: skip
        for category, town, awardee in awardees
    ]
    history = {"default_user": actor, "default_change_reason": HISTORY_REASON, "batch_size": 500}
    return len(bulk_create_with_history(nominations, Nomination, **history))

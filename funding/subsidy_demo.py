"""The demo's five-old subsidies: the subsidy standard, the resident (驻会) flag on the posts that
the demo's approved form 2 counts, and the confirmed payments of each data year.

Demo data: the 2019 notice (《关于明确基层关工委工作经费和“五老”驻会主任、副主任工作补贴的通知》)
pays resident five-old executive deputies and deputies; its amounts are not in the seed, so the demo
sets 0.05万元 (500元) a month in a town and 0.30万元 a year in a village, which is what the demo's
form 2 reports (a town 2 people, 1.20万; a village 0 or 1 person, 0.30万).

The resident posts are read from the latest data year's form 2 (2022, the 2023 round's): in each
town its two earliest five-old executive deputy or deputy posts; in each village whose form 2 counts
a subsidised person, its five-old executive deputy (or the five-old deputy beside a serving cadre).
The demo's registry dates its posts on a random first of the month in 2016–2023, independently of
form 2, so a resident post begun after 1 January of that year is dated 1 January (the change is in
the post's history): then every resident post is held the whole year, and the year's confirmed
payments are exactly form 2's, committee by committee (2022: 104 people, 36.60万). The earlier
data year (2021) is paid from the same posts: close to its form 2, not equal (a post is resident or
not for all its years, while the demo's two forms 2 pick their subsidised villages independently).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees.models import TOWN_KINDS, VILLAGE_KINDS, Committee, Position, Post

from .models import FundingLevel, SubsidyBasis, SubsidyKind, SubsidyPayment, SubsidyStandard
from .subsidies import payments_compute

NOTICE_2019 = "《关于明确基层关工委工作经费和“五老”驻会主任、副主任工作补贴的通知》（2019年）；金额为演示数据"
STANDARDS = [
    (SubsidyKind.RESIDENT_EXECUTIVE_DEPUTY, FundingLevel.TOWN, Decimal("0.05"), SubsidyBasis.PER_MONTH),
    (SubsidyKind.RESIDENT_DEPUTY, FundingLevel.TOWN, Decimal("0.05"), SubsidyBasis.PER_MONTH),
    (SubsidyKind.RESIDENT_EXECUTIVE_DEPUTY, FundingLevel.VILLAGE, Decimal("0.30"), SubsidyBasis.PER_YEAR),
    (SubsidyKind.RESIDENT_DEPUTY, FundingLevel.VILLAGE, Decimal("0.30"), SubsidyBasis.PER_YEAR),
]
REASON = "load_demo"
TOWN_RESIDENTS = 2  # a town's resident executive deputy and deputy (form 2: 2 people)


def _standards(actor) -> None:
    if SubsidyStandard.objects.exists():
        return
    rows = [
        SubsidyStandard(kind=k, level=lv, amount=a, basis=b, first_year=2019, source=NOTICE_2019)
        for k, lv, a, b in STANDARDS
    ]
    bulk_create_with_history(rows, SubsidyStandard, default_user=actor, default_change_reason=REASON)


def _resident_posts(subsidised_villages: set[str]) -> list[Post]:
    """The open posts the demo marks resident (see the module's note)."""
    posts = (
        Post.objects.open()
        .filter(concurrent=False, position__in=(Position.EXECUTIVE_DEPUTY, Position.DEPUTY))
        .select_related("committee")
        .order_by("started_on", "pk")
    )
    town_posts = posts.filter(committee__kind__in=TOWN_KINDS)
    village_posts = posts.filter(committee__kind__in=VILLAGE_KINDS, committee__code__in=subsidised_villages)
    chosen: dict[tuple[int, int], Post] = {}
    for post in [*town_posts, *village_posts]:
        slots = TOWN_RESIDENTS if post.committee.kind in TOWN_KINDS else 1
        taken = sum(1 for committee_id, _slot in chosen if committee_id == post.committee_id)
        if taken < slots:
            chosen[(post.committee_id, taken)] = post
    return list(chosen.values())


def _mark_resident(posts: list[Post], year: int, actor) -> None:
    """Flag the posts resident, each held from 1 January of `year` at the latest."""
    first = datetime.date(year, 1, 1)
    for post in posts:
        post.resident = True
        if post.started_on is not None and post.started_on > first:
            post.started_on = first
    fields = ["resident", "started_on"]
    bulk_update_with_history(posts, Post, fields, default_user=actor, default_change_reason=REASON)


def subsidy_demo_load(*, actor, years: list[int], subsidised_villages: set[str]) -> None:
    """The standard, the resident flags (once; `subsidised_villages`: the villages the latest of
    `years` subsidises), and the confirmed payments of each year that has none."""
    _standards(actor)
    if years and not Post.objects.filter(resident=True).exists():
        _mark_resident(_resident_posts(subsidised_villages), max(years), actor)
    committees = Committee.objects.filter(Q(kind__in=TOWN_KINDS) | Q(kind__in=VILLAGE_KINDS))
    for year in years:
        if SubsidyPayment.objects.filter(year=year).exists():
            continue
        payments_compute(actor=actor, committees=committees, year=year)
        payments = list(SubsidyPayment.objects.filter(year=year))
        for payment in payments:
            payment.confirmed_at, payment.confirmed_by = timezone.now(), actor
        fields = ["confirmed_at", "confirmed_by"]
        bulk_update_with_history(payments, SubsidyPayment, fields, default_user=actor, default_change_reason=REASON)

"""Reads of the five-haves-five-goods standards."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Prefetch, Q
from django.utils.translation import gettext as _

from committees.labels import chinese

from .models import (
    BUILDING_KINDS,
    CHECKING_KINDS,
    OPEN_STATES,
    CreationPeriod,
    FhfgGroup,
    FhfgItem,
    FhfgStandard,
    Rectification,
    Review,
    ReviewItem,
    ReviewResult,
)


def standard_in_force(day: datetime.date) -> FhfgStandard:
    """The version with the latest effective date on or before `day`, its items prefetched in order.

    Raises FhfgStandard.DoesNotExist when no version is in force yet.
    """
    standard = (
        FhfgStandard.objects.filter(effective_from__lte=day)
        .order_by("-effective_from")
        .prefetch_related(Prefetch("items", queryset=FhfgItem.objects.order_by("order")))
        .first()
    )
    if standard is None:
        raise FhfgStandard.DoesNotExist(
            _("No five-haves-five-goods standard is in force on %(day)s.") % {"day": day.isoformat()}
        )
    return standard


def standard_items(standard: FhfgStandard) -> list[FhfgItem]:
    """The items of a version in order (from the prefetch when there is one)."""
    return sorted(standard.items.all(), key=lambda item: item.order)


def item_names(standard: FhfgStandard) -> list[str]:
    return [item.name for item in standard_items(standard)]


def items_with_groups(standard: FhfgStandard) -> tuple[list[str], list[str]]:
    """The items' names and each one's group in Chinese (五有, 五好; blank for an item of no
    group), in the items' order: one query."""
    items = standard_items(standard)
    return [item.name for item in items], [chinese(FhfgGroup(item.group).label) if item.group else "" for item in items]


# --- Each committee's record: status derived from its reviews ----------------------------------


@dataclass(frozen=True)
class Status:
    """A committee's 五有五好 status, derived from its reviews (never stored)."""

    built: bool
    built_year: int | None
    period: str  # the creation period (创建轮次) of the first pass, blank when not built
    open_rectifications: int
    overdue_rectifications: int


NOT_BUILT = Status(False, None, "", 0, 0)


def creation_periods() -> list[CreationPeriod]:
    return list(CreationPeriod.objects.order_by("first_year"))


def period_of(year: int | None, periods: list[CreationPeriod]) -> str:
    return next((p.name for p in periods if year is not None and p.holds(year)), "")


def statuses(committee_ids, on: datetime.date) -> dict[int, Status]:
    """Each committee's status as of `on` (reviews up to that day; rectifications overdue on it),
    for the committees given (ids or a queryset of ids): three queries whatever their number."""
    ids = list(committee_ids)
    built = dict(
        Review.objects.filter(committee_id__in=ids, kind__in=BUILDING_KINDS, result=ReviewResult.PASSED, date__lte=on)
        .values("committee_id")
        .annotate(first=Min("date"))
        .values_list("committee_id", "first")
    )
    rectifications = (
        Rectification.objects.filter(committee_id__in=ids, state__in=OPEN_STATES, opened_by__date__lte=on)
        .values("committee_id")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=on)))
        .values_list("committee_id", "n", "overdue")
    )
    open_counts = {pk: (n, overdue) for pk, n, overdue in rectifications}
    periods = creation_periods()
    result = {}
    for pk in ids:
        first = built.get(pk)
        year = first.year if first else None
        n, overdue = open_counts.get(pk, (0, 0))
        result[pk] = Status(first is not None, year, period_of(year, periods), n, overdue)
    return result


def check_results(committee_ids, year: int) -> dict[int, Review]:
    """Each committee's last look-back or spot check of `year` (回头看结果), when it had one."""
    reviews = Review.objects.filter(committee_id__in=list(committee_ids), kind__in=CHECKING_KINDS, date__year=year)
    latest: dict[int, Review] = {}
    for review in reviews.order_by("committee_id", "date", "pk"):
        latest[review.committee_id] = review
    return latest


def item_results(review_ids) -> dict[int, dict[str, str]]:
    """Each review's result per item, by item name."""
    rows = ReviewItem.objects.filter(review_id__in=list(review_ids)).values_list("review_id", "item__name", "result")
    results: dict[int, dict[str, str]] = {}
    for review_id, name, value in rows:
        results.setdefault(review_id, {})[name] = value
    return results


def open_rectifications(queryset=None):
    """Rectifications not yet verified (整改中, 已整改待验证), oldest due first; pass a scoped
    queryset of Rectification to narrow it."""
    qs = Rectification.objects.all() if queryset is None else queryset
    return (
        qs.filter(state__in=OPEN_STATES)
        .select_related("committee", "committee__parent", "opened_by", "responsible_person")
        .prefetch_related("items")
        .order_by("due_date", "pk")
    )


def age_in_days(rectification: Rectification, on: datetime.date) -> int:
    """Days since the review that opened it."""
    return (on - rectification.opened_by.date).days


def reviews_of(committee) -> list[Review]:
    """A committee's reviews, newest first, with their items and reviewers: three queries."""
    return list(
        Review.objects.filter(committee=committee)
        .select_related("standard")
        .prefetch_related(
            Prefetch("items", queryset=ReviewItem.objects.select_related("item").order_by("item__order")),
            "reviewers",
        )
        .order_by("-date", "-pk")
    )


# --- Campaigns (evaluations/campaigns.py), as the report reads them ------------------------------

from .campaigns import CheckProgress, campaign_progress, campaigns  # noqa: E402
from .models import Campaign  # noqa: E402


def campaign_figures(scope, year: int) -> list[tuple[Campaign, list[CheckProgress]]]:
    """The campaigns running in `year`, each with its progress in the year over the scope's
    subtree (evaluations.campaigns.campaign_progress): a few queries a campaign."""
    from committees.models import Committee

    readable = Committee.objects.filter(path__startswith=scope.path)
    running = campaigns().filter(first_year__lte=year, last_year__gte=year)
    return [(campaign, campaign_progress(campaign, year, readable)) for campaign in running]

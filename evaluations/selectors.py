"""Reads of the five-haves-five-goods standards."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Model, Prefetch, Q, QuerySet
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


# --- Form 3's figures and the report's review figures (read by surveys) --------------------------

# The item results, for surveys' form 3 (which reads evaluations through its selectors only).
from .models import ItemResult as ItemResult  # noqa: E402


def checks_by(committee_ids, year: int, on: datetime.date) -> dict[int, str]:
    """Each committee's result of its last look-back or spot check of `year` made by `on`. One query."""
    reviews = Review.objects.filter(
        committee_id__in=list(committee_ids), kind__in=CHECKING_KINDS, date__year=year, date__lte=on
    )
    return dict(reviews.order_by("committee_id", "date", "pk").values_list("committee_id", "result"))


def open_on(on: datetime.date) -> Q:
    """Rectifications open on `on`: opened by then and not verified by then (a rectification
    verified later was still open that day)."""
    return Q(opened_by__date__lte=on) & (Q(state__in=OPEN_STATES) | Q(verified_by__date__gt=on))


@dataclass(frozen=True)
class Form3Figures:
    """What a village's reviews say for a round's form 3 (surveys.prefill)."""

    status: Status  # as of the round's reference date
    items: dict[str, str]  # item name → ItemResult of the latest review by then
    check: str  # the ReviewResult of the check year's last look-back or spot check, "" when none
    measures: list[str]  # the measures of the rectifications open on the reference date


def form3_figures(committee_ids, on: datetime.date, check_year: int) -> dict[int, Form3Figures]:
    """By committee id, for the committees with a review on or before `on`: their status, their
    latest review's item results, `check_year`'s look-back or spot check and the measures of the
    rectifications open on `on`. Seven queries whatever the number of committees."""
    ids = list(committee_ids)
    latest: dict[int, int] = {}
    reviews = Review.objects.filter(committee_id__in=ids, date__lte=on).order_by("committee_id", "date", "pk")
    for committee_id, review_id in reviews.values_list("committee_id", "pk"):
        latest[committee_id] = review_id
    if not latest:
        return {}
    reviewed = list(latest)
    status = statuses(reviewed, on)
    items = item_results(latest.values())
    checks = checks_by(reviewed, check_year, on)
    measures: dict[int, list[str]] = {}
    open_ones = Rectification.objects.filter(open_on(on), committee_id__in=reviewed).order_by("opened_by__date", "pk")
    for committee_id, text in open_ones.values_list("committee_id", "measures"):
        if text:
            measures.setdefault(committee_id, []).append(text)
    return {
        pk: Form3Figures(status[pk], items.get(latest[pk], {}), checks.get(pk, ""), measures.get(pk, []))
        for pk in reviewed
    }


@dataclass(frozen=True)
class YearRecord:
    """The committees' 五有五好 record of one year, as a report reads it."""

    reviewed: bool  # any of the committees has a review by `on` (else the record says nothing)
    checks: dict[int, str]  # committee id → the year's last look-back or spot check result, by `on`
    rectifications_opened: int  # opened by a review of the year, by `on`
    rectifications_verified: int  # verified by a follow-up review of the year, by `on`
    rectifications_open: int  # open on `on`, whenever opened


def year_record(committee_ids, year: int, on: datetime.date) -> YearRecord:
    """The committees' checks and rectifications of `year`, as known on `on`. Three queries."""
    ids = list(committee_ids)
    reviewed = Review.objects.filter(committee_id__in=ids, date__lte=on).exists()
    checks = checks_by(ids, year, on)
    in_year = Q(date__year=year, date__lte=on)
    counts = Rectification.objects.filter(committee_id__in=ids).aggregate(
        opened=Count("pk", filter=Q(opened_by__in=Review.objects.filter(in_year))),
        verified=Count("pk", filter=Q(verified_by__in=Review.objects.filter(in_year))),
        open=Count("pk", filter=open_on(on)),
    )
    return YearRecord(reviewed, checks, counts["opened"], counts["verified"], counts["open"])


def _users(model: type[Model], objects: QuerySet, skip: type[Model] | None = None) -> list[QuerySet]:
    """A queryset per reverse relation to `model` (other than from `skip`) of the rows pointing at
    any of `objects`. Hidden relations (related_name "+": the history tables) are not in
    _meta.related_objects."""
    return [
        relation.related_model._default_manager.filter(**{f"{relation.field.name}__in": objects})
        for relation in model._meta.related_objects
        if _locks(relation, skip)
    ]


def _locks(relation, skip: type[Model] | None) -> bool:
    """Whether rows of this reverse relation lock a version: every model pointing at a version or
    its items does (rounds, reviews, their item results, draws, …) but its own items (`skip`) and
    a model that says it does not (`locks_standard = False`: a campaign only names a version)."""
    return relation.related_model is not skip and getattr(relation.related_model, "locks_standard", True)


def used_by(standard: FhfgStandard) -> list[str]:
    """What has used a version, by kind (the verbose plural of each model that points at it or at
    one of its items: survey rounds, reviews, …), in the relations' order. A query per relation."""
    if standard.pk is None:
        return []
    standards = FhfgStandard.objects.filter(pk=standard.pk)
    querysets = _users(FhfgStandard, standards, skip=FhfgItem)
    querysets += _users(FhfgItem, FhfgItem.objects.filter(standard=standard))
    return list(dict.fromkeys(str(qs.model._meta.verbose_name_plural) for qs in querysets if qs.exists()))


def is_locked(standard: FhfgStandard) -> bool:
    """Whether a version is locked: any row other than its own items points at it through a
    foreign key (a survey round, a review, …, whatever model is added later), or at one of its
    items (a review's result per item). A locked version's fields and items are never changed;
    a change is a new version (services.standard_copy)."""
    return bool(used_by(standard))


def locked_ids() -> set[int]:
    """The ids of every locked version (is_locked), in one query (a union over the relations),
    whatever the number of versions or of models pointing at them: for lists."""
    columns = []
    for model, skip, path in ((FhfgStandard, FhfgItem, ""), (FhfgItem, None, "__standard")):
        for relation in model._meta.related_objects:
            if _locks(relation, skip):
                key = f"{relation.field.name}{path}"
                rows = relation.related_model._default_manager.filter(**{f"{key}__isnull": False})
                columns.append(rows.order_by().values_list(key, flat=True))
    if not columns:
        return set()
    return set(columns[0].union(*columns[1:]))


def standards() -> QuerySet[FhfgStandard]:
    """The versions, the latest first, their items prefetched in order."""
    items = Prefetch("items", queryset=FhfgItem.objects.order_by("order"))
    return FhfgStandard.objects.order_by("-effective_from").prefetch_related(items)


def standards_list() -> list[FhfgStandard]:
    """Every version with its items: two queries."""
    return list(standards())


# --- The review and rectification pages: lists, a committee's panel, the report ------------


def rectification_rows(queryset, *, state: str = "open", on: datetime.date, town_path: str = ""):
    """The rectifications of a scoped queryset for the list pages: `state` open (整改中 and 已整改
    awaiting verification), overdue (open and past due on `on`) or all; optionally a subtree
    (`town_path`). Related rows loaded in a bounded number of queries."""
    qs = queryset
    if state in ("open", "overdue"):
        qs = qs.filter(state__in=OPEN_STATES)
    if state == "overdue":
        qs = qs.filter(due_date__lt=on)
    if town_path:
        qs = qs.filter(committee__path__startswith=town_path)
    return (
        qs.select_related("committee", "committee__parent", "opened_by", "responsible_person", "verified_by")
        .prefetch_related(Prefetch("items", queryset=FhfgItem.objects.order_by("order")))
        .order_by("due_date", "pk")
    )


def is_overdue(rectification: Rectification, on: datetime.date) -> bool:
    return rectification.state in OPEN_STATES and rectification.due_date < on


def last_review(committee) -> Review | None:
    return Review.objects.filter(committee=committee).order_by("-date", "-pk").first()


@dataclass(frozen=True)
class RectificationLine:
    """A rectification as the report lists it, as of the report's date."""

    committee: str  # code
    committee_name: str
    town_name: str
    items: list[str]
    opened_on: datetime.date
    due_date: datetime.date
    overdue: bool
    age_days: int
    days_overdue: int
    measures: str


def rectifications_as_of(path: str, on: datetime.date) -> list[RectificationLine]:
    """The rectifications of a subtree (by path) that were open on `on`: opened by a review dated
    on or before it and not yet verified by a review dated on or before it. Two queries."""
    qs = (
        Rectification.objects.filter(open_on(on), committee__path__startswith=path)
        .select_related("committee", "committee__parent", "opened_by")
        .prefetch_related(Prefetch("items", queryset=FhfgItem.objects.order_by("order")))
        .order_by("committee__path", "due_date", "pk")
    )
    return [
        RectificationLine(
            committee=r.committee.code,
            committee_name=r.committee.name,
            town_name=r.committee.parent.name if r.committee.parent_id else "",
            items=[item.name for item in r.items.all()],
            opened_on=r.opened_by.date,
            due_date=r.due_date,
            overdue=r.due_date < on,
            age_days=age_in_days(r, on),
            days_overdue=max((on - r.due_date).days, 0),
            measures=r.measures,
        )
        for r in qs
    ]


@dataclass(frozen=True)
class OpenRectifications:
    """What a home page shows: the first open rectifications (overdue first), and the counts."""

    rows: list[Rectification]
    open: int
    overdue: int


def rectifications_for(user, on: datetime.date, limit: int = 10) -> OpenRectifications:
    """The open rectifications the user reads (committees.scoping), overdue ones first: three queries."""
    from committees.scoping import scope_queryset

    scoped = scope_queryset(Rectification.objects.filter(state__in=OPEN_STATES), user)
    counts = scoped.aggregate(n=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=on)))
    rows = list(rectification_rows(scoped, state="open", on=on)[:limit])
    for r in rows:
        r.age = age_in_days(r, on)
        r.overdue = is_overdue(r, on)
    return OpenRectifications(rows, counts["n"], counts["overdue"])


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


# The annual assessment's reads.
from .assessment import (  # noqa: E402, F401
    AssessmentYear,
    Row,
    assessed,
    assessment_year,
    district_scheme,
    items_of,
    ranking,
    rectification_counts,
    scheme_for,
    scheme_years,
)

# The awards' reads (evaluations/awards.py), as the report cites them.
from .awards import PeriodAwards, latest_awards  # noqa: E402, F401

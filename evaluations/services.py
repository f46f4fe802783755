"""Writes of the five-haves-five-goods record: reviews, and the rectifications they open and close.

A review is recorded whole (every item of its version, one overall result allowed for its kind);
recording it, in one transaction, verifies the committee's rectifications whose items it finds
met (a rectification is closed only by a follow-up review) and opens a rectification for its
failed items or its bad overall result (未通过, 退化).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.labels import chinese
from committees.models import Committee, Person

from .models import (
    BAD_RESULTS,
    OPEN_STATES,
    RESULTS_OF_KIND,
    FhfgItem,
    FhfgStandard,
    ItemResult,
    Rectification,
    RectificationState,
    Review,
    ReviewItem,
    ReviewKind,
    ReviewResult,
)

# Days a rectification is given when the review names no due date.
DEFAULT_RECTIFICATION_DAYS = 90


def _check_review(committee: Committee, kind: str, day: datetime.date, result: str, items, results) -> None:
    if committee.closed_on is not None:
        raise ValidationError(_("%(committee)s is closed.") % {"committee": committee.name})
    if day > timezone.localdate():
        raise ValidationError(_("A review date cannot be in the future."))
    if result not in RESULTS_OF_KIND[kind]:
        raise ValidationError(
            _("A %(kind)s review cannot give the result %(result)s.")
            % {"kind": ReviewKind(kind).label, "result": ReviewResult(result).label}
        )
    missing = [item.name for item in items if item.pk not in results]
    if missing:
        raise ValidationError(_("Give a result for every item: %(items)s.") % {"items": "、".join(missing)})
    unknown = set(results) - {item.pk for item in items}
    if unknown:
        raise ValidationError(_("An item does not belong to the standard's version."))
    bad = [value for value in results.values() if value not in ItemResult.values]
    if bad:
        raise ValidationError(_("Unknown item result: %(value)s.") % {"value": bad[0]})


@transaction.atomic
def record_review(
    *,
    actor,
    committee: Committee,
    kind: str,
    day: datetime.date,
    standard: FhfgStandard,
    results: Mapping[int, str],
    result: str,
    findings: str = "",
    reviewers: Iterable[Person] = (),
    reviewer_names: str = "",
    due_date: datetime.date | None = None,
    responsible_person: Person | None = None,
    measures: str = "",
    **extra,
) -> Review:
    """Record a review with a result per item of `standard` (item pk → ItemResult). The caller has
    checked that `actor` may evaluate `committee` (committees.scoping.check_evaluate). `extra`
    are further fields of the review (the spot-check draw that picked it)."""
    items = list(FhfgItem.objects.filter(standard=standard).order_by("order"))
    _check_review(committee, kind, day, result, items, results)
    review = Review(
        committee=committee,
        kind=kind,
        date=day,
        standard=standard,
        result=result,
        findings=findings,
        reviewer_names=reviewer_names,
        recorded_by=actor,
        **extra,
    )
    review._change_reason = chinese(ReviewKind(kind).label)
    review.full_clean()
    review.save()
    review.reviewers.set(list(reviewers))
    ReviewItem.objects.bulk_create(
        [ReviewItem(review=review, item_id=pk, result=value) for pk, value in results.items()]
    )
    _verify_rectifications(review, items, results)
    _open_rectification(review, items, results, due_date, responsible_person, measures)
    return review


def _verify_rectifications(review: Review, items: list[FhfgItem], results: Mapping[int, str]) -> list[Rectification]:
    """Close the committee's open rectifications whose items this review finds met (达标 or 基本达标);
    items are matched by name, as a later version may renumber them."""
    if review.result in BAD_RESULTS:
        return []
    fine = {item.name for item in items if results[item.pk] != ItemResult.NOT_MET}
    verified = []
    open_ones = Rectification.objects.filter(committee=review.committee, state__in=OPEN_STATES).exclude(
        opened_by=review
    )
    for rectification in open_ones.prefetch_related("items"):
        if all(item.name in fine for item in rectification.items.all()):
            rectification.state = RectificationState.VERIFIED
            rectification.verified_by = review
            rectification.done_on = rectification.done_on or review.date
            rectification._change_reason = _("Verified by a follow-up review")
            rectification.save()
            verified.append(rectification)
    return verified


def _open_rectification(review, items, results, due_date, person, measures) -> Rectification | None:
    failed = [item for item in items if results[item.pk] == ItemResult.NOT_MET]
    if not failed and review.result not in BAD_RESULTS:
        return None
    if not failed:  # a regression with no item 未达标: what it found short of 达标
        failed = [item for item in items if results[item.pk] == ItemResult.PARTLY]
    rectification = Rectification(
        committee=review.committee,
        opened_by=review,
        responsible_committee=review.committee,
        responsible_person=person,
        measures=measures,
        due_date=due_date or review.date + datetime.timedelta(days=DEFAULT_RECTIFICATION_DAYS),
    )
    rectification._change_reason = _("Opened by a review")
    rectification.save()
    rectification.items.set(failed)
    return rectification


def rectification_done(*, actor, rectification: Rectification, day: datetime.date, measures: str = "") -> None:
    """The responsible committee reports its rectification done; it stays open to the report until
    a follow-up review verifies it."""
    if rectification.state != RectificationState.OPEN:
        raise ValidationError(_("Only an open rectification can be reported done."))
    rectification.state = RectificationState.DONE
    rectification.done_on = day
    if measures:
        rectification.measures = measures
    rectification._change_reason = _("Reported done")
    rectification.full_clean()
    rectification.save()


# The annual assessment's writes, and the registry its computed items' scorers join.
from .assessment import compute, reward_confirm, score_set  # noqa: E402, F401
from .scorers import register as register_scorer  # noqa: E402, F401

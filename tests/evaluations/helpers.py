"""What the evaluations tests share: a look-back that finds a committee regressed."""

from __future__ import annotations

import datetime

from evaluations.models import FhfgStandard, ItemResult, Rectification, ReviewKind, ReviewResult
from evaluations.selectors import standard_in_force, standard_items
from evaluations.services import record_review


def all_met(standard: FhfgStandard, **by_order) -> dict[int, str]:
    """Every item 达标 but those named by order: r5="not_met"."""
    return {item.pk: by_order.get(f"r{item.order}", ItemResult.MET) for item in standard_items(standard)}


def regression(actor, committee, day: datetime.date, due: datetime.date | None = None) -> Rectification:
    """A look-back on `day` that finds 有活动经费 (item 5) not met: the rectification it opens."""
    standard = standard_in_force(day)
    review = record_review(
        actor=actor,
        committee=committee,
        kind=ReviewKind.LOOK_BACK,
        day=day,
        standard=standard,
        results=all_met(standard, r5=ItemResult.NOT_MET),
        result=ReviewResult.REGRESSED,
        due_date=due,
    )
    return review.rectifications.get()

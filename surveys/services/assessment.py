"""Confirming an assessment reward (以奖代补): the funding entry for the town and the reward's
record in one transaction. It lives in surveys, the layer that may call both funding and
evaluations (which don't import each other)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import evaluations.selectors as evaluation_selectors
import evaluations.services as evaluation_services
import funding.selectors as funding_selectors
import funding.services as funding_services
from committees import scoping
from committees.scoping import Action


def reward_date(year: int, today: datetime.date) -> datetime.date:
    """The entry's date: the day of confirming, or the last day the year's ledger takes (31
    December of the year after) when the confirmation comes later."""
    return min(max(today, datetime.date(year, 1, 1)), datetime.date(year + 1, 12, 31))


@transaction.atomic
def reward_confirm(*, actor, scheme, town):
    """Confirm the town's reward by the scheme's ranking: write the 以奖代补 entry in the town's
    ledger of the scheme's year (funds in place) and record the reward with the entry's id."""
    scoping.check(actor, Action.MANAGE_FUNDS, town)
    if not scoping.can(actor, Action.EVALUATE, scheme.committee):
        raise PermissionDenied(_("You are not allowed to do this."))
    items = evaluation_selectors.items_of(scheme)
    row = next((r for r in evaluation_selectors.ranking(scheme, [town], items)), None)
    if row is None or row.amount <= 0:
        raise ValidationError(_("No reward is due at this rank and score."))
    if row.reward is not None:
        raise ValidationError(_("This reward has already been confirmed."))
    entry = funding_services.entry_add(
        actor=actor,
        committee=town,
        year=scheme.year,
        date=reward_date(scheme.year, timezone.localdate()),
        amount=row.amount,
        source=funding_selectors.REWARD_SOURCE,
        document=scheme.name,
        note=_("Reward in lieu of subsidy, rank %(rank)s") % {"rank": row.rank},
    )
    return evaluation_services.reward_confirm(actor=actor, scheme=scheme, row=row, fund_entry_id=entry.pk)

"""Writes of the ledger. Views check the user's right (scoping, Action.MANAGE_FUNDS) before
calling these; each write records the acting user and a reason in the row's history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees.models import Committee

from .models import Budget, FundEntry, SpecialFund

REASON_LENGTH = 100  # simple-history's column for the reason


def _save(obj, *, actor, reason: str) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj._change_reason = reason[:REASON_LENGTH]
    obj.save()


def _require_open(committee: Committee) -> None:
    if not committee.is_open:
        raise ValidationError(_("%(name)s is closed and takes no new records.") % {"name": committee.name})


@transaction.atomic
def budget_set(
    *,
    actor,
    committee: Committee,
    year: int,
    amount: Decimal,
    in_fiscal_budget: bool,
    source: str = "",
    notes: str = "",
) -> Budget:
    """Set (or change) a committee's budget for a year; the history keeps the earlier figures."""
    budget = Budget.objects.select_for_update().filter(committee=committee, year=year).first()
    created = budget is None
    budget = budget or Budget(committee=committee, year=year)
    budget.amount, budget.in_fiscal_budget = amount, in_fiscal_budget
    budget.source, budget.notes = source.strip(), notes.strip()
    _save(budget, actor=actor, reason=_("created") if created else _("changed"))
    return budget


def entry_add(
    *,
    actor,
    committee: Committee,
    year: int,
    date: datetime.date,
    amount: Decimal,
    source: str,
    document: str = "",
    note: str = "",
) -> FundEntry:
    """Record funds in place for a committee's year."""
    _require_open(committee)
    entry = FundEntry(
        committee=committee,
        year=year,
        date=date,
        amount=amount,
        source=source,
        document=document.strip(),
        note=note.strip(),
        created_by=actor,
    )
    _save(entry, actor=actor, reason=_("created"))
    return entry


@transaction.atomic
def entry_reverse(*, actor, entry: FundEntry, reason: str) -> FundEntry:
    """Correct an entry by a new one that cancels it: the same committee, year, date and source,
    the amount negated, and the reason. An entry is reversed once; a reversal is not reversed."""
    entry = FundEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.reverses_id is not None:
        raise ValidationError(_("A correction cannot itself be reversed; enter a new entry instead."))
    if FundEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."))
    reversal = FundEntry(
        committee_id=entry.committee_id,
        year=entry.year,
        date=entry.date,
        amount=-entry.amount,
        source=entry.source,
        document=entry.document,
        reverses=entry,
        reason=reason.strip(),
        created_by=actor,
    )
    _save(reversal, actor=actor, reason=_("reversal"))
    return reversal


def special_fund_add(
    *,
    actor,
    committee: Committee,
    purpose: str,
    amount: Decimal,
    approved_on: datetime.date,
    document: str = "",
) -> SpecialFund:
    """Record special funds approved for a committee."""
    _require_open(committee)
    fund = SpecialFund(
        committee=committee,
        purpose=purpose.strip(),
        amount=amount,
        approved_on=approved_on,
        document=document.strip(),
        created_by=actor,
    )
    _save(fund, actor=actor, reason=_("created"))
    return fund

"""Writes of the ledger. Views check the user's right (scoping, Action.MANAGE_FUNDS) before
calling these; each write records the acting user and a reason in the row's history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from committees.models import Committee

from .models import Budget, FundEntry, FundSource, SpecialFund, YearClose
from .selectors.form2 import form2_figures, is_closed
from .selectors.reversals import BelowLedger, below_ledger

REASON_LENGTH = 100  # simple-history's column for the reason


def _save(obj, *, actor, reason: str) -> None:
    obj.full_clean()
    obj._history_user = actor
    obj._change_reason = reason[:REASON_LENGTH]
    obj.save()


def _require_open(committee: Committee) -> None:
    if not committee.is_open:
        raise ValidationError(_("%(name)s is closed and takes no new records.") % {"name": committee.name})


def require_year_open(committee: Committee, year: int) -> None:
    """A closed year takes only corrections: reversing entries with a reason."""
    if YearClose.objects.filter(committee=committee, year=year).exists():
        raise ValidationError(
            _(
                "The ledger of %(name)s for %(year)s is closed: only corrections (reversing entries with a reason) are possible."
            )
            % {"name": committee.name, "year": year}
        )


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
    reason: str = "",
) -> Budget:
    """Set (or change) a committee's budget for a year; the history keeps the earlier figures."""
    require_year_open(committee, year)
    budget = Budget.objects.select_for_update().filter(committee=committee, year=year).first()
    created = budget is None
    budget = budget or Budget(committee=committee, year=year)
    budget.amount, budget.in_fiscal_budget = amount, in_fiscal_budget
    budget.source, budget.notes = source.strip(), notes.strip()
    _save(budget, actor=actor, reason=reason or (_("created") if created else _("changed")))
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
    reason: str = "",
) -> FundEntry:
    """Record funds in place for a committee's year (not in a closed year)."""
    _require_open(committee)
    require_year_open(committee, year)
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
    _save(entry, actor=actor, reason=reason or _("created"))
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
    reason: str = "",
) -> SpecialFund:
    """Record special funds approved for a committee (not in a closed year)."""
    _require_open(committee)
    if approved_on is not None:
        require_year_open(committee, approved_on.year)
    fund = SpecialFund(
        committee=committee,
        purpose=purpose.strip(),
        amount=amount,
        approved_on=approved_on,
        document=document.strip(),
        created_by=actor,
    )
    _save(fund, actor=actor, reason=reason or _("created"))
    return fund


# Settling a year: accepting a form's values into the ledger, and closing a year. Both are for
# district staff: the views check Action.SETTLE_FUNDS (committees.scoping) first.
#
# Accepting never edits history: it writes the difference between the form and the ledger as new
# rows (a budget set or changed, an entry, a special fund), each with the reason naming the round
# and the form. A figure below the ledger's is never written (no negative entry, no edit): the
# whole committee is refused, naming the differences, until a person corrects the ledger's entries
# (a reversal with a reason, on the ledger's page; funding.selectors.reversals says which).

ZERO = Decimal("0.00")
ACCEPTED_COLUMNS = {"in_place": "实际到位", "raised": "社会筹措", "special_funds": "专项经费"}  # form 2's headers


@dataclass
class Accepted:
    """What accepting wrote (column headers with amounts)."""

    written: list[str] = field(default_factory=list)


class BelowLedgerError(ValidationError):
    """The form is below the ledger: nothing is written; `below` lists the differences and the
    entries to reverse (funding.selectors.reversals.BelowLedger)."""

    def __init__(self, message: str, below: list[BelowLedger]):
        super().__init__(message)
        self.below = below


def below_ledger_message(name: str, year: int, below: list[BelowLedger]) -> str:
    """The refusal, in words: each column's form and ledger figures and the difference."""
    differences = "；".join(
        _("%(column)s: form %(form)s, ledger %(ledger)s, the ledger %(difference)s above")
        % {"column": ACCEPTED_COLUMNS[b.key], "form": b.form, "ledger": b.ledger, "difference": b.difference}
        for b in below
    )
    return _(
        "Nothing was written into the ledger of %(name)s for %(year)s: the form is below the ledger "
        "(%(differences)s). Reverse the ledger's entries first, with a reason, then accept again."
    ) % {"name": name, "year": year, "differences": differences}


def _difference(form_value: Decimal | None, ledger_value: Decimal) -> Decimal:
    return ZERO if form_value is None else form_value - ledger_value


@transaction.atomic
def accept_form_values(*, actor, committee: Committee, year: int, values: dict, reason: str) -> Accepted:
    """Write into the ledger of `year` what the form's values (form 2's keys, as Python values)
    add to it: the budget when it differs, and the differences of 实际到位 (an entry of source
    其他), 社会筹措 (an entry of source 社会筹措) and 专项经费 (a special fund), each dated
    31 December of the year. A closed year takes none of it; a form below the ledger in any of
    the three columns writes nothing (BelowLedgerError)."""
    if is_closed(committee.pk, year):
        raise ValidationError(
            _("The ledger of %(name)s for %(year)s is closed: it takes no form values.")
            % {"name": committee.name, "year": year}
        )
    below = below_ledger({committee.pk: values}, year).get(committee.pk)
    if below:
        raise BelowLedgerError(below_ledger_message(committee.name, year, below), below)
    ledger = form2_figures([committee.pk], year).get(committee.pk)
    current = ledger.values if ledger else {}
    done = Accepted()
    _accept_budget(actor, committee, year, values, reason, done)
    day = datetime.date(year, 12, 31)
    for key, source in (("in_place", FundSource.OTHER), ("raised", FundSource.SOCIAL)):
        diff = _difference(values.get(key), current.get(key, ZERO))
        if diff > 0:
            entry_add(
                actor=actor, committee=committee, year=year, date=day, amount=diff, source=source,
                note=reason, reason=reason,
            )  # fmt: skip
            done.written.append(f"{ACCEPTED_COLUMNS[key]} {diff}")
    diff = _difference(values.get("special_funds"), current.get("special_funds", ZERO))
    if diff > 0:
        special_fund_add(
            actor=actor, committee=committee, purpose=reason[:200], amount=diff, approved_on=day, reason=reason
        )
        done.written.append(f"{ACCEPTED_COLUMNS['special_funds']} {diff}")
    return done


def _accept_budget(actor, committee: Committee, year: int, values: dict, reason: str, done: Accepted) -> None:
    amount, in_fiscal = values.get("budget"), values.get("in_fiscal_budget")
    if amount is None:
        return
    budget = Budget.objects.filter(committee=committee, year=year).first()
    in_fiscal = bool(in_fiscal) if in_fiscal is not None else bool(budget and budget.in_fiscal_budget)
    if budget is not None and budget.amount == amount and budget.in_fiscal_budget == in_fiscal:
        return
    budget_set(
        actor=actor,
        committee=committee,
        year=year,
        amount=amount,
        in_fiscal_budget=in_fiscal,
        source=budget.source if budget else "",
        notes=reason,
        reason=reason,
    )
    done.written.append(f"预算安排 {amount}")


@transaction.atomic
def year_close(*, actor, committees: QuerySet[Committee], year: int) -> int:
    """Close the year of these committees (those not closed yet); how many were closed. Each
    row keeps who closed it and when, in its history."""
    closed = set(YearClose.objects.filter(committee__in=committees, year=year).values_list("committee_id", flat=True))
    rows = [
        YearClose(committee_id=pk, year=year, closed_by=actor)
        for pk in committees.order_by("path").values_list("pk", flat=True)
        if pk not in closed
    ]
    bulk_create_with_history(rows, YearClose, default_user=actor, default_change_reason=_("year closed"))
    return len(rows)

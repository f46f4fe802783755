"""Writes of the five-old subsidies: compute a year's payments for a committee subtree, change an
unconfirmed amount, confirm a payment. Views check MANAGE_FUNDS on the committee first.

Which posts pay: resident (驻会) executive deputies and deputies (Post.resident), and backbone
volunteers who hold a 五大员 role, of towns and villages (the standard is per post kind and level).
Proration: a month counts when the post (or membership) is held on any day of it — a post from
15 March counts from March, one ended on 10 June counts through June. Where a person holds two
paying posts in one committee in the same month, the month pays the higher rate once. A standard per
year pays a twelfth of it a month. The standard is the one in force for the year computed, so a
later standard never changes an earlier year. A committee's closed ledger year (YearClose) is final:
its payments are no longer computed, changed or confirmed.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees.models import Committee, Layer, Position, Post, Volunteer

from .models import SubsidyBasis, SubsidyKind, SubsidyPayment, SubsidyStandard, YearClose
from .selectors.standards import level_for_kind
from .services import _save

CENT = Decimal("0.01")
POST_KINDS = {
    Position.EXECUTIVE_DEPUTY: SubsidyKind.RESIDENT_EXECUTIVE_DEPUTY,
    Position.DEPUTY: SubsidyKind.RESIDENT_DEPUTY,
}


def months_held(started: datetime.date | None, ended: datetime.date | None, year: int) -> set[int]:
    """The months of the year the post is held on at least one day (no start: held before the year)."""
    if (started and started.year > year) or (ended and ended.year < year):
        return set()
    first = started.month if started and started.year == year else 1
    last = ended.month if ended and ended.year == year else 12
    return set(range(first, last + 1))


def standards_in_force(year: int) -> dict[tuple[str, str], SubsidyStandard]:
    """Each (post kind, level)'s standard in force in a year (one query; the latest first year wins)."""
    found: dict[tuple[str, str], SubsidyStandard] = {}
    covering = SubsidyStandard.objects.filter(first_year__lte=year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=year)
    )
    for standard in covering.order_by("kind", "level", "-first_year"):
        found.setdefault((standard.kind, standard.level), standard)
    return found


def _monthly(standard: SubsidyStandard) -> Decimal:
    return standard.amount if standard.basis == SubsidyBasis.PER_MONTH else standard.amount / 12


def _in_force(year: int, start: str, end: str) -> Q:
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": datetime.date(year, 12, 31)})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": datetime.date(year, 1, 1)})
    )


def _holdings(committees: QuerySet[Committee], year: int):
    """(person, committee, committee kind, subsidy kind, months) of every paying post and membership."""
    posts = Post.objects.filter(committee__in=committees, resident=True, position__in=list(POST_KINDS))
    for row in posts.filter(_in_force(year, "started_on", "ended_on")).values_list(
        "person_id", "committee_id", "committee__kind", "position", "started_on", "ended_on"
    ):
        yield (*row[:3], POST_KINDS[row[3]], months_held(row[4], row[5], year))
    backbone = Volunteer.objects.filter(committee__in=committees, layer=Layer.BACKBONE, backbone_roles__isnull=False)
    for row in (
        backbone.filter(_in_force(year, "joined_on", "exited_on"))
        .distinct()
        .values_list("person_id", "committee_id", "committee__kind", "joined_on", "exited_on")
    ):
        yield (*row[:3], SubsidyKind.BACKBONE, months_held(row[3], row[4], year))


@dataclass(frozen=True)
class Owed:
    kind: str
    months: int
    amount: Decimal


def owed_for_year(committees: QuerySet[Committee], year: int) -> dict[tuple[int, int], Owed]:
    """What each (person, committee) is owed for the year under the standard in force (3 queries)."""
    standards = standards_in_force(year)
    # per (person, committee): per month, the best (monthly rate, kind)
    best: dict[tuple[int, int], dict[int, tuple[Decimal, str]]] = defaultdict(dict)
    for person_id, committee_id, committee_kind, kind, months in _holdings(committees, year):
        standard = standards.get((kind, level_for_kind(committee_kind)))
        if standard is None or not months:
            continue
        rate = _monthly(standard)
        held = best[(person_id, committee_id)]
        for month in months:
            if month not in held or held[month][0] < rate:
                held[month] = (rate, kind)
    owed = {}
    for key, held in best.items():
        total = sum((rate for rate, _kind in held.values()), Decimal(0)).quantize(CENT)
        if total <= 0:
            continue
        kinds = [kind for _rate, kind in held.values()]
        owed[key] = Owed(kind=max(set(kinds), key=kinds.count), months=len(held), amount=total)
    return owed


@dataclass
class ComputeResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    confirmed: int = 0


def _refresh(payment: SubsidyPayment, owed: Owed) -> bool:
    """Bring an unconfirmed payment to the new figures; an amount changed by hand is kept."""
    edited = payment.amount != payment.computed
    new = (owed.kind, owed.months, owed.amount, payment.amount if edited else owed.amount)
    if (payment.kind, payment.months, payment.computed, payment.amount) == new:
        return False
    payment.kind, payment.months, payment.computed, payment.amount = new
    return True


@transaction.atomic
def payments_compute(*, actor, committees: QuerySet[Committee], year: int) -> ComputeResult:
    """Create or update the unconfirmed payments of a year for the committees (a subtree the caller
    may MANAGE_FUNDS); confirmed payments are never touched; unconfirmed ones no longer owed go.
    A committee whose ledger year is closed is left as it is (its figures are final)."""
    committees = committees.exclude(year_closes__year=year)
    owed = owed_for_year(committees, year)
    existing = SubsidyPayment.objects.select_for_update().filter(committee__in=committees, year=year)
    result, changed, stale = ComputeResult(), [], []
    seen = set()
    for payment in existing:
        key = (payment.person_id, payment.committee_id)
        seen.add(key)
        if payment.is_confirmed:
            result.confirmed += 1
        elif key not in owed:
            stale.append(payment)
        elif _refresh(payment, owed[key]):
            changed.append(payment)
    new = [
        SubsidyPayment(
            person_id=p, committee_id=c, year=year, kind=o.kind, months=o.months, computed=o.amount, amount=o.amount
        )
        for (p, c), o in owed.items()
        if (p, c) not in seen
    ]
    reason = _("computed")
    bulk_create_with_history(new, SubsidyPayment, default_user=actor, default_change_reason=reason)
    fields = ["kind", "months", "computed", "amount"]
    bulk_update_with_history(changed, SubsidyPayment, fields, default_user=actor, default_change_reason=reason)
    for payment in stale:
        payment._history_user, payment._change_reason = actor, _("no longer owed")
        payment.delete()
    result.created, result.updated, result.removed = len(new), len(changed), len(stale)
    return result


def _locked(payment: SubsidyPayment) -> SubsidyPayment:
    payment = SubsidyPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.is_confirmed:
        raise ValidationError(_("This payment is confirmed and can no longer be changed."))
    if YearClose.objects.filter(committee_id=payment.committee_id, year=payment.year).exists():
        raise ValidationError(_("The ledger year of this payment is closed: it can no longer be changed."))
    return payment


@transaction.atomic
def payment_set_amount(*, actor, payment: SubsidyPayment, amount: Decimal, note: str | None = None) -> SubsidyPayment:
    """Change the amount (and the note) of an unconfirmed payment (its history keeps the earlier figure)."""
    payment = _locked(payment)
    payment.amount = amount
    if note is not None:
        payment.note = note.strip()
    _save(payment, actor=actor, reason=_("changed"))
    return payment


@transaction.atomic
def payment_confirm(*, actor, payment: SubsidyPayment) -> SubsidyPayment:
    """Confirm a payment: from then on it is locked."""
    payment = _locked(payment)
    payment.confirmed_at, payment.confirmed_by = timezone.now(), actor
    _save(payment, actor=actor, reason=_("confirmed"))
    return payment

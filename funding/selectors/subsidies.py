"""Reads of the five-old subsidies: the payments of a year, and form 2's 五老补贴 columns."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from committees.models import Committee

from ..models import SubsidyPayment

CENT = Decimal("0.01")


@dataclass(frozen=True)
class SubsidyTotals:
    """Form 2's 五老补贴人数 / 金额 of a committee's year: people with a confirmed payment, their sum."""

    people: int
    amount: Decimal


def subsidy_totals(committees: QuerySet[Committee], year: int) -> dict[int, SubsidyTotals]:
    """Each committee's confirmed subsidies of the year, by committee id (one query); a committee
    with none is left out (its figures are 0 people, 0.00)."""
    rows = (
        SubsidyPayment.objects.filter(committee__in=committees, year=year, confirmed_at__isnull=False)
        .order_by()
        .values("committee_id")
        .annotate(people=Count("person_id", distinct=True), amount=Sum("amount"))
    )
    return {r["committee_id"]: SubsidyTotals(r["people"], Decimal(r["amount"]).quantize(CENT)) for r in rows}


def payments_of_year(payments: QuerySet[SubsidyPayment], year: int) -> QuerySet[SubsidyPayment]:
    """A year's payments with what a list shows (one query)."""
    return (
        payments.filter(year=year)
        .select_related("person", "committee", "committee__parent", "confirmed_by")
        .order_by("committee__path", "person__name", "pk")
    )

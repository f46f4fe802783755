"""The funding ledger: an entry is never changed nor deleted, a correction is a reversing entry
with its reason; a year's figures per committee come in two queries, with the standard in force
read from the standards (not copied), and the below-standard and not-in-budget flags."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from committees.models import Committee
from funding import selectors, services
from funding.models import Budget, FundEntry, FundingLevel, FundingStandard, FundSource, LedgerEntryLocked

YEAR = 2022


def add(xs, committee, amount: str, source=FundSource.FISCAL, date=datetime.date(YEAR, 3, 1)) -> FundEntry:
    return services.entry_add(
        actor=xs.admin, committee=committee, year=YEAR, date=date, amount=Decimal(amount), source=source
    )


def figures(committee: Committee, year: int = YEAR) -> selectors.YearFigures:
    (found,) = selectors.year_figures(Committee.objects.filter(pk=committee.pk), year)
    return found


def test_an_entry_cannot_be_changed_or_deleted(xs):
    entry = add(xs, xs.dg_v1, "3.00")
    entry.amount = Decimal("4.00")
    with pytest.raises(LedgerEntryLocked):
        entry.save()
    with pytest.raises(LedgerEntryLocked):
        entry.delete()
    assert FundEntry.objects.get(pk=entry.pk).amount == Decimal("3.00")
    assert entry.history.count() == 1


def test_a_reversal_cancels_the_entry_keeps_it_and_records_the_reason(xs):
    entry = add(xs, xs.dg_v1, "3.00")
    add(xs, xs.dg_v1, "1.50", date=datetime.date(YEAR, 8, 1))
    reversal = services.entry_reverse(actor=xs.staff, entry=entry, reason="凭证有误")

    assert (reversal.amount, reversal.date, reversal.source) == (Decimal("-3.00"), entry.date, entry.source)
    assert reversal.reason == "凭证有误" and reversal.created_by == xs.staff
    assert FundEntry.objects.filter(committee=xs.dg_v1).count() == 3
    found = figures(xs.dg_v1)
    assert (found.in_place, found.in_place_by) == (Decimal("1.50"), Decimal("0.00"))
    assert reversal.history.get().history_user == xs.staff


def test_an_entry_is_reversed_once_and_a_reversal_is_not_reversed(xs):
    entry = add(xs, xs.dg_v1, "3.00")
    reversal = services.entry_reverse(actor=xs.admin, entry=entry, reason="重复录入")
    with pytest.raises(ValidationError):
        services.entry_reverse(actor=xs.admin, entry=entry, reason="再次")
    with pytest.raises(ValidationError):
        services.entry_reverse(actor=xs.admin, entry=reversal, reason="再次")
    assert FundEntry.objects.count() == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reversal_needs_a_reason(xs, reason):
    entry = add(xs, xs.dg_v1, "3.00")
    with pytest.raises(ValidationError) as caught:
        services.entry_reverse(actor=xs.admin, entry=entry, reason=reason)
    assert "reason" in caught.value.message_dict
    assert FundEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "date", "field"),
    [("0", datetime.date(YEAR, 3, 1), "amount"), ("-1", datetime.date(YEAR, 3, 1), "amount"),
     ("1", datetime.date(YEAR - 1, 12, 31), "date")],
)  # fmt: skip
def test_an_entry_needs_a_positive_amount_dated_in_its_year(xs, amount, date, field):
    with pytest.raises(ValidationError) as caught:
        add(xs, xs.dg_v1, amount, date=date)
    assert field in caught.value.message_dict
    assert not FundEntry.objects.exists()


def test_setting_a_budget_again_changes_it_and_the_history_keeps_both(xs):
    services.budget_set(actor=xs.admin, committee=xs.dg_v1, year=YEAR, amount=Decimal("3"), in_fiscal_budget=False)
    services.budget_set(actor=xs.staff, committee=xs.dg_v1, year=YEAR, amount=Decimal("4.5"), in_fiscal_budget=True)
    budget = Budget.objects.get(committee=xs.dg_v1, year=YEAR)
    assert (budget.amount, budget.in_fiscal_budget) == (Decimal("4.50"), True)
    assert [h.amount for h in budget.history.order_by("history_date")] == [Decimal("3.00"), Decimal("4.50")]


def test_the_year_figures_sum_by_source_and_date_and_read_the_standard(xs):
    services.budget_set(actor=xs.admin, committee=xs.dg_v1, year=YEAR, amount=Decimal("4"), in_fiscal_budget=True)
    add(xs, xs.dg_v1, "2.00", date=datetime.date(YEAR, 6, 30))
    add(xs, xs.dg_v1, "0.50", FundSource.TOWN_MATCHING, date=datetime.date(YEAR, 7, 1))
    add(xs, xs.dg_v1, "0.30", FundSource.REWARD, date=datetime.date(YEAR + 1, 1, 10))
    add(xs, xs.dg_v1, "1.20", FundSource.SOCIAL)
    services.special_fund_add(actor=xs.admin, committee=xs.dg_v1, purpose="辅导站", amount=Decimal("2"),
                              approved_on=datetime.date(YEAR, 5, 1))  # fmt: skip
    services.special_fund_add(actor=xs.admin, committee=xs.dg_v1, purpose="下一年", amount=Decimal("9"),
                              approved_on=datetime.date(YEAR + 1, 5, 1))  # fmt: skip
    found = figures(xs.dg_v1)
    assert found.in_place == Decimal("2.80") and found.in_place_by == Decimal("2.00")
    assert (found.social, found.special, found.budget) == (Decimal("1.20"), Decimal("2.00"), Decimal("4.00"))
    assert found.lower == Decimal("3.00") and found.below_standard and not found.not_in_budget
    assert found.ratio == Decimal("0.933") and found.shortfall == Decimal("0.20")


def test_the_standard_is_read_not_copied(xs):
    add(xs, xs.dg_v1, "3.50")
    assert not figures(xs.dg_v1).below_standard
    FundingStandard.objects.filter(level=FundingLevel.VILLAGE, first_year=2019).update(lower=Decimal("4"))
    assert figures(xs.dg_v1).below_standard


def test_a_budget_outside_the_fiscal_budget_and_a_missing_budget_are_flagged_apart(xs):
    services.budget_set(actor=xs.admin, committee=xs.dg_v2, year=YEAR, amount=Decimal("3"), in_fiscal_budget=False)
    services.budget_set(actor=xs.admin, committee=xs.eh_v1, year=YEAR, amount=Decimal("3"), in_fiscal_budget=True)
    v1, v2, eh, school = (figures(c) for c in (xs.dg_v1, xs.dg_v2, xs.eh_v1, xs.dg_school))
    assert (v1.no_budget, v1.not_in_budget) == (True, False)
    assert (v2.no_budget, v2.not_in_budget) == (False, True)
    assert (eh.no_budget, eh.not_in_budget) == (False, False)
    assert not school.no_budget  # a school has no standard


def test_the_figures_of_many_committees_take_two_queries(xs, django_assert_num_queries):
    for committee in (xs.dg, xs.dg_v1, xs.dg_v2, xs.eh_v1):
        add(xs, committee, "1.00")
        services.budget_set(actor=xs.admin, committee=committee, year=YEAR, amount=Decimal("5"), in_fiscal_budget=True)
    with django_assert_num_queries(2):
        rows = selectors.year_figures(Committee.objects.all(), YEAR)
        totals = selectors.by_town([r for r in rows], [xs.dg, xs.eh])
    dg = totals[0]
    assert (dg.in_place, dg.budget, dg.below, dg.standard_lower) == (
        Decimal("3.00"),
        Decimal("15.00"),
        3,
        Decimal("14.00"),
    )

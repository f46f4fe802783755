"""The demo's ledger: budgets, funds in place, socially raised funds and special funds for the data
years of the demo's approved rounds, so that each committee's year totals equal what its approved
form 2 reports (surveys/demo.py hands the figures over; funding reads no survey).

Per committee and year: the budget (预算安排, 是否纳入财政预算); the funds in place as a fiscal
allocation in April (60 %) and the town's matching funds in September (the rest); socially raised
funds in November; special funds approved in July. The first village of the first town also has
an entry entered twice by mistake in May and its correction, which leave the totals unchanged.
The five-old subsidies (the standard, resident posts, confirmed payments): funding/subsidy_demo.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from committees.models import VILLAGE_KINDS, Committee

from . import services
from .models import Budget, FundEntry, FundSource, SpecialFund
from .subsidy_demo import subsidy_demo_load

CENT = Decimal("0.01")
FISCAL_SHARE = Decimal("0.6")
BUDGET_SOURCE = "锡山区{year}年度区、镇两级财政预算（演示）"
SPECIAL_PURPOSE = "校外教育辅导站建设及关爱活动专项"
DUPLICATE_REASON = "重复录入，冲销"


@dataclass(frozen=True)
class LedgerFigures:
    """A committee's year as form 2 reports it (万元)."""

    code: str
    budget: Decimal
    in_fiscal_budget: bool
    in_place: Decimal
    raised: Decimal
    special: Decimal
    subsidy_people: int = 0


@dataclass
class FundingDemoResult:
    years_created: list[int] = field(default_factory=list)


def _day(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def _entries(committee: Committee, year: int, figures: LedgerFigures, actor) -> list[FundEntry]:
    fiscal = (figures.in_place * FISCAL_SHARE).quantize(CENT)
    parts = [
        (_day(year, 4, 15), fiscal, FundSource.FISCAL, f"锡财行〔{year}〕12号"),
        (_day(year, 9, 20), figures.in_place - fiscal, FundSource.TOWN_MATCHING, ""),
        (_day(year, 11, 10), figures.raised, FundSource.SOCIAL, ""),
    ]
    return [
        FundEntry(
            committee=committee, year=year, date=date, amount=amount, source=source, document=doc, created_by=actor
        )
        for date, amount, source, doc in parts
        if amount > 0
    ]


def _year(year: int, rows: list[LedgerFigures], committees: dict[str, Committee], actor, reason: str) -> None:
    budgets, entries, special = [], [], []
    for figures in rows:
        committee = committees.get(figures.code)
        if committee is None:
            continue
        source = BUDGET_SOURCE.format(year=year)
        budgets.append(
            Budget(
                committee=committee,
                year=year,
                amount=figures.budget,
                in_fiscal_budget=figures.in_fiscal_budget,
                source=source,
            )  # fmt: skip
        )
        entries += _entries(committee, year, figures, actor)
        if figures.special > 0:
            special.append(
                SpecialFund(
                    committee=committee,
                    purpose=SPECIAL_PURPOSE,
                    amount=figures.special,
                    approved_on=_day(year, 7, 1),
                    created_by=actor,
                )  # fmt: skip
            )
    for model, objs in ((Budget, budgets), (FundEntry, entries), (SpecialFund, special)):
        bulk_create_with_history(objs, model, default_user=actor, default_change_reason=reason, batch_size=2000)
    _correction(year, rows, committees, actor)


def _correction(year: int, rows: list[LedgerFigures], committees: dict[str, Committee], actor) -> None:
    """An entry entered twice by mistake, and its reversal (the year's totals stay the same)."""
    villages = sorted(c.code for c in committees.values() if c.kind in VILLAGE_KINDS)
    if not villages:
        return
    committee = committees[villages[0]]
    entry = services.entry_add(
        actor=actor, committee=committee, year=year, date=_day(year, 5, 10), amount=Decimal("0.50"),
        source=FundSource.OTHER, note="与4月拨款重复",
    )  # fmt: skip
    services.entry_reverse(actor=actor, entry=entry, reason=DUPLICATE_REASON)


@transaction.atomic
def funding_demo_load(*, actor, figures: dict[int, list[LedgerFigures]]) -> FundingDemoResult:
    """Add the ledger of each year that has none; a year already there is left alone."""
    result = FundingDemoResult(years_created=ledgers_load(actor=actor, figures=figures))
    if figures:
        latest = figures[max(figures)]
        subsidised = {f.code for f in latest if f.subsidy_people > 0}
        subsidy_demo_load(actor=actor, years=sorted(figures), subsidised_villages=subsidised)
    return result


def ledgers_load(*, actor, figures: dict[int, list[LedgerFigures]], reason: str = "load_demo") -> list[int]:
    """Write the ledger of each year of `figures` that has none (the demo's, and load_synthetic's
    from its approved forms 2); return the years written."""
    committees = {c.code: c for c in Committee.objects.all()}
    written = []
    for year in sorted(figures):
        if Budget.objects.filter(year=year).exists():
            continue
        _year(year, figures[year], committees, actor, reason)
        written.append(year)
    return written


# The demo's study aid (捐资助学): funding/donation_demo.py.
from .donation_demo import StudyAidFigures, donations_demo_load  # noqa: E402, F401

"""Form 2's columns from the ledger (docs/FORMS.md, 表2 "From the ledger"): what a new round's
form 2 is prefilled with, and which committees' years are closed (their figures are final).

预算安排 = the year's budget; 是否纳入财政预算 = its flag; 实际到位 = the year's entries of the
sources 财政拨款, 镇级配套, 以奖代补 and 其他; 社会筹措 = entries of source 社会筹措;
专项经费 = special funds approved in the year. The five-old subsidy columns are
funding.selectors.subsidies'; complete_year reads them beside a closed year's mid-year figures
for the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef

from committees.models import Committee

from ..models import FundEntry, YearClose
from .ledger import ZERO, as_figures, money, with_year_figures
from .standards import standards_for_year
from .subsidies import SubsidyTotals, subsidy_totals

# The form 2 keys the ledger gives (surveys/spec/forms.py, form2).
FORM2_KEYS = ("budget", "in_fiscal_budget", "in_place", "raised", "special_funds")


@dataclass(frozen=True)
class Form2Figures:
    """One committee's form 2 cells from the ledger; `final` when its year is closed."""

    values: dict
    final: bool


def form2_figures(committee_ids: Iterable[int], year: int) -> dict[int, Form2Figures]:
    """By committee id, the form 2 cells of the ledger's year, for the committees with any ledger
    row in the year (a budget, an entry, a special fund) or a closed year. One query. The budget's
    two cells are left out when the year has no budget."""
    committees = with_year_figures(Committee.objects.filter(pk__in=list(committee_ids)), year).annotate(
        has_entries=Exists(FundEntry.objects.filter(committee=OuterRef("pk"), year=year)),
        closed=Exists(YearClose.objects.filter(committee=OuterRef("pk"), year=year)),
    )
    found = {}
    for c in committees.order_by():
        special = money(c.special)
        if c.budget_amount is None and not c.has_entries and special == ZERO and not c.closed:
            continue
        values = {"in_place": money(c.in_place), "raised": money(c.social), "special_funds": special}
        if c.budget_amount is not None:
            values.update(budget=money(c.budget_amount), in_fiscal_budget=c.budget_in_fiscal)
        found[c.pk] = Form2Figures(values, bool(c.closed))
    return found


@dataclass(frozen=True)
class ClosedYear:
    """A committee's closed year at mid-year (30 June): the funds in place by then, the standard's
    lower bound and their ratio (None without a standard)."""

    in_place_by: Decimal
    lower: Decimal | None
    ratio_by: Decimal | None


def closed_years(committee_ids: Iterable[int], year: int) -> dict[int, ClosedYear]:
    """By committee id, the closed years among these with their mid-year figures: one query, and
    one more for the standards when any is closed."""
    committees = with_year_figures(Committee.objects.filter(pk__in=list(committee_ids)), year).filter(
        Exists(YearClose.objects.filter(committee=OuterRef("pk"), year=year))
    )
    rows = list(committees.order_by())
    if not rows:
        return {}
    figures = as_figures(rows, year, standards_for_year(year))
    return {f.committee.pk: ClosedYear(f.in_place_by, f.lower, f.ratio_by) for f in figures}


@dataclass(frozen=True)
class CompleteYear:
    """A committee's year in a ledger complete for it: its mid-year figures and the subsidies paid
    (people with a confirmed payment, their sum)."""

    closed: ClosedYear
    subsidy_people: int
    subsidy_amount: Decimal


def complete_year(committee_ids: Iterable[int], year: int) -> dict[int, CompleteYear] | None:
    """By committee id, the year of each of these committees when every one of them has closed it
    (the ledger is complete for them); None when any has not, or there are none. At most four
    queries, whatever the number of committees."""
    ids = set(committee_ids)
    closed = closed_years(ids, year) if ids else {}
    if not ids or set(closed) != ids:
        return None
    paid = subsidy_totals(Committee.objects.filter(pk__in=ids), year)
    none = SubsidyTotals(0, ZERO)
    return {pk: CompleteYear(closed[pk], paid.get(pk, none).people, paid.get(pk, none).amount) for pk in sorted(ids)}


def is_closed(committee_id: int, year: int) -> bool:
    return YearClose.objects.filter(committee_id=committee_id, year=year).exists()

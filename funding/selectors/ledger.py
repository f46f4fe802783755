"""Reads of the ledger: a year's figures per committee, in one query over the committees.

Each committee of the queryset gets its year's budget, the funds in place (to date and by a
date), the socially raised funds and the special funds approved in the year, as correlated
sub-queries (no join multiplies another). The standard in force is read from FundingStandard
(standards_for_year) and set beside each row; nothing is copied into the ledger.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from committees.models import Committee

from ..models import IN_PLACE_SOURCES, Budget, FundEntry, FundingStandard, FundSource, SpecialFund
from .standards import level_for_kind, standards_for_year

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


def mid_year(year: int) -> datetime.date:
    """The mid-year date the district asks about: 30 June of the year."""
    return datetime.date(year, 6, 30)


def _sum(qs: QuerySet) -> Coalesce:
    total = qs.order_by().values("committee").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


def with_year_figures(committees: QuerySet[Committee], year: int, by: datetime.date | None = None):
    """The committees annotated with their year's figures (one query when evaluated)."""
    by = by or mid_year(year)
    entries = FundEntry.objects.filter(committee=OuterRef("pk"), year=year)
    in_place = entries.filter(source__in=IN_PLACE_SOURCES)
    budget = Budget.objects.filter(committee=OuterRef("pk"), year=year)
    special = SpecialFund.objects.filter(committee=OuterRef("pk"), approved_on__year=year)
    return committees.annotate(
        budget_amount=Subquery(budget.values("amount")[:1], output_field=MONEY_FIELD),
        budget_in_fiscal=Subquery(budget.values("in_fiscal_budget")[:1]),
        in_place=_sum(in_place),
        in_place_by=_sum(in_place.filter(date__lte=by)),
        social=_sum(entries.filter(source=FundSource.SOCIAL)),
        special=_sum(special),
    )


@dataclass(frozen=True)
class YearFigures:
    """One committee's year: the ledger's sums and the standard in force for its level."""

    committee: Committee
    year: int
    standard: FundingStandard | None
    budget: Decimal | None
    in_fiscal_budget: bool | None
    in_place: Decimal
    in_place_by: Decimal
    social: Decimal
    special: Decimal

    @property
    def lower(self) -> Decimal | None:
        return self.standard.lower if self.standard else None

    @property
    def ratio(self) -> Decimal | None:
        """Funds in place over the standard's lower bound (1 = exactly the lower bound)."""
        if not self.lower:
            return None
        return (self.in_place / self.lower).quantize(Decimal("0.001"))

    @property
    def ratio_by(self) -> Decimal | None:
        if not self.lower:
            return None
        return (self.in_place_by / self.lower).quantize(Decimal("0.001"))

    @property
    def shortfall(self) -> Decimal | None:
        """How much is missing to reach the standard's lower bound (None when it is reached)."""
        if not self.below_standard:
            return None
        return self.lower - self.in_place

    @property
    def below_standard(self) -> bool:
        return self.lower is not None and self.in_place < self.lower

    @property
    def not_in_budget(self) -> bool:
        """A committee whose budget for the year is outside the fiscal budget (纳入财政预算: 否)."""
        return self.budget is not None and not self.in_fiscal_budget

    @property
    def no_budget(self) -> bool:
        """A committee with a standard and no budget recorded for the year."""
        return self.standard is not None and self.budget is None

    @property
    def has_figures(self) -> bool:
        return self.budget is not None or any((self.in_place, self.social, self.special))


def money(value) -> Decimal | None:
    """A sum as the database returns it (SQLite: a float-like decimal) in 万元 with 2 places."""
    return None if value is None else Decimal(str(value)).quantize(CENT)


def as_figures(committees, year: int, standards: dict[str, FundingStandard]) -> list[YearFigures]:
    """Committees annotated by with_year_figures as YearFigures, with the standard of each level."""
    return [
        YearFigures(
            committee=c,
            year=year,
            standard=standards.get(level_for_kind(c.kind) or ""),
            budget=money(c.budget_amount),
            in_fiscal_budget=c.budget_in_fiscal,
            in_place=money(c.in_place),
            in_place_by=money(c.in_place_by),
            social=money(c.social),
            special=money(c.special),
        )
        for c in committees
    ]


def year_figures(committees: QuerySet[Committee], year: int, by: datetime.date | None = None) -> list[YearFigures]:
    """The year's figures of each committee (two queries: the standards, the committees)."""
    return as_figures(with_year_figures(committees, year, by), year, standards_for_year(year))


@dataclass
class TownTotals:
    """A town's subtree for a year: sums of its committees and how many fall short."""

    town: Committee
    standard_lower: Decimal = ZERO
    budget: Decimal = ZERO
    in_place: Decimal = ZERO
    in_place_by: Decimal = ZERO
    social: Decimal = ZERO
    special: Decimal = ZERO
    below: int = 0
    not_in_budget: int = 0
    no_budget: int = 0
    counted: int = 0

    @property
    def ratio(self) -> Decimal | None:
        if not self.standard_lower:
            return None
        return (self.in_place / self.standard_lower).quantize(Decimal("0.001"))

    @property
    def ratio_by(self) -> Decimal | None:
        """Funds in place by the mid-year date over the standards' lower bounds."""
        if not self.standard_lower:
            return None
        return (self.in_place_by / self.standard_lower).quantize(Decimal("0.001"))

    def add(self, row: YearFigures) -> None:
        self.standard_lower += row.lower or ZERO
        self.budget += row.budget or ZERO
        self.in_place += row.in_place
        self.in_place_by += row.in_place_by
        self.social += row.social
        self.special += row.special
        self.below += row.below_standard
        self.not_in_budget += row.not_in_budget
        self.no_budget += row.no_budget
        self.counted += row.standard is not None


def town_of_path(path: str, towns: dict[str, Committee]) -> Committee | None:
    return next((town for town_path, town in towns.items() if path.startswith(town_path)), None)


def by_town(rows: list[YearFigures], towns: list[Committee]) -> list[TownTotals]:
    """The rows summed per town (each row counted in the town whose subtree holds it)."""
    totals = {town.path: TownTotals(town) for town in towns}
    by_path = {town.path: town for town in towns}
    for row in rows:
        town = town_of_path(row.committee.path, by_path)
        if town is not None:
            totals[town.path].add(row)
    return list(totals.values())

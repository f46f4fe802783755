"""Funding standards: the working funds a committee of a level should receive a year (万元).

Local policy, so data: each notice is a row with the years it covers; a later notice ends the
earlier one by its last year rather than overwriting it.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import user_field


class FundingLevel(models.TextChoices):
    TOWN = "town", _("town or subdistrict")
    VILLAGE = "village", _("village or community")


class FundingStandard(models.Model):
    level = models.CharField(_("level"), max_length=10, choices=FundingLevel.choices)
    lower = models.DecimalField(
        _("lower bound (10k yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    upper = models.DecimalField(
        _("upper bound (10k yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    source = models.CharField(_("source document"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding standard")
        verbose_name_plural = _("funding standards")
        ordering = ["level", "-first_year"]
        constraints = [
            models.CheckConstraint(condition=Q(lower__gte=0) & Q(upper__gte=F("lower")), name="funding_range_valid"),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="funding_years_valid",
            ),
            models.UniqueConstraint(fields=["level", "first_year"], name="funding_level_first_year_unique"),
        ]

    def __str__(self) -> str:
        until = self.last_year or "…"
        return f"{self.get_level_display()} {self.lower}–{self.upper} ({self.first_year}–{until})"

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def clean(self) -> None:
        errors = {}
        if self.lower is not None and self.upper is not None and self.upper < self.lower:
            errors["upper"] = _("The upper bound cannot be below the lower bound.")
        if self.first_year and self.last_year and self.last_year < self.first_year:
            errors["last_year"] = _("The last year cannot be before the first year.")
        if not errors and self.level and self.first_year:
            others = FundingStandard.objects.filter(level=self.level).exclude(pk=self.pk)
            last = self.last_year if self.last_year is not None else 9999
            overlapping = others.filter(first_year__lte=last).filter(
                Q(last_year__isnull=True) | Q(last_year__gte=self.first_year)
            )
            if overlapping.exists():
                errors["first_year"] = _("Another standard of this level already covers some of these years.")
        if errors:
            raise ValidationError(errors)


# The ledger: what a committee budgets and receives through the year (docs/DOMAIN.md, "Money").

MONEY = {"max_digits": 12, "decimal_places": 2}


class Budget(models.Model):
    """A committee's budget for a year. The standard in force is read from FundingStandard
    (selectors), never copied here."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budgeted (10k yuan)"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    in_fiscal_budget = models.BooleanField(_("in the fiscal budget"), default=False)
    source = models.CharField(_("source document"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["committee__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="funding_budget_committee_year_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_budget_amount_valid"),
        ]
        # A year's budgets read from the index alone (the overview's sums; whether the year's
        # ledger is empty): the unique index leads with the committee, and a province's overview
        # of a year without budgets read all 44,000 entries of it to find none.
        indexes = [
            models.Index(
                fields=["year", "committee"], include=["amount", "in_fiscal_budget"], name="funding_budget_year_sums"
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year}: {self.amount}"


class FundSource(models.TextChoices):
    FISCAL = "fiscal", _("fiscal allocation")
    TOWN_MATCHING = "town_matching", _("town matching funds")
    SOCIAL = "social", _("socially raised")
    REWARD = "reward", _("reward in lieu of subsidy")
    OTHER = "other", _("other")


# Sources counted as 实际到位 (form 2); 社会筹措 is counted apart.
IN_PLACE_SOURCES = (FundSource.FISCAL, FundSource.TOWN_MATCHING, FundSource.REWARD, FundSource.OTHER)


class LedgerEntryLocked(Exception):
    """A ledger entry is never changed or deleted: a correction is a new, reversing entry."""


class FundEntry(models.Model):
    """Money in place for a committee's year, on a date. Never edited nor deleted once made: a
    correction is a new entry that reverses one (`reverses`, with the amount negated and the
    reason), dated like the entry it corrects, so that a sum by any date stays true."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="fund_entries"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date in place"))
    amount = models.DecimalField(_("amount (10k yuan)"), **MONEY)
    source = models.CharField(_("source of funds"), max_length=20, choices=FundSource.choices)
    document = models.CharField(_("document number"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    created_by = user_field(_("entered by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fund entry")
        verbose_name_plural = _("fund entries")
        ordering = ["committee__path", "year", "date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0)) | (Q(reverses__isnull=False) & Q(amount__lt=0)),
                name="funding_entry_amount_sign",
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "year"], name="funding_entry_committee_year"),
            # A year's sums by committee read from the index alone (a province's overview).
            models.Index(
                fields=["year", "committee"], include=["source", "date", "amount"], name="funding_entry_year_sums"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.date} {self.amount}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise LedgerEntryLocked(_("A ledger entry cannot be changed; enter a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerEntryLocked(_("A ledger entry cannot be deleted; enter a correction instead."))

    def clean(self) -> None:
        errors = {}
        if self.reverses_id is None and self.amount is not None and self.amount <= 0:
            errors["amount"] = _("The amount must be above zero.")
        if self.reverses_id is not None and not self.reason.strip():
            errors["reason"] = _("Give the reason for the correction.")
        if self.date and self.year and self.date.year not in (self.year, self.year + 1):
            errors["date"] = _("The date must fall in the year or in the year after it.")
        if errors:
            raise ValidationError(errors)


class SpecialFund(models.Model):
    """Special funds (专项经费) approved for a committee; they count in the year of their approval."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="special_funds"
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    amount = models.DecimalField(_("amount (10k yuan)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    approved_on = models.DateField(_("approved on"))
    document = models.CharField(_("document number"), max_length=100, blank=True)
    created_by = user_field(_("entered by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("special fund")
        verbose_name_plural = _("special funds")
        ordering = ["committee__path", "approved_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funding_special_amount_valid")]
        # A year's special funds (approved within it) summed by committee from the index alone: a
        # province's overview scanned the table's 17,600 rows, for a year without any too.
        indexes = [
            models.Index(fields=["approved_on", "committee"], include=["amount"], name="funding_special_approved_sums")
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.purpose} {self.amount}"


# Closing a year (form-2 prefill, accept into the ledger, closing a year).


class YearClose(models.Model):
    """A committee's ledger year, closed by district staff once its entries are complete: its
    totals prefill form 2 as final, and later corrections are reversing entries with a reason.
    A closing is never changed nor deleted (no page, no admin, no service reopens a year)."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="year_closes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)
    closed_by = user_field(_("closed by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closed ledger year")
        verbose_name_plural = _("closed ledger years")
        ordering = ["committee__path", "-year"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="funding_year_close_unique")]

    def __str__(self) -> str:
        return f"{self.committee} {self.year}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise YearCloseFinal(_("A closed year cannot be reopened or changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise YearCloseFinal(_("A closed year cannot be reopened or changed."))


class YearCloseFinal(Exception):
    """Closing a year is final: no one reopens it (docs/FORMS.md, "Closing a year"); what was
    wrong is corrected by reversing entries with a reason."""


# Five-old subsidies (五老补贴): the standard per post kind and the payments per person and year.
# Donations and study-aid programmes (捐资助学): funding/donation_models.py.
from .donation_models import *  # noqa: E402, F403
from .subsidy_models import *  # noqa: E402, F403

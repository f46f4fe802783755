"""Five-old subsidies (五老补贴): the subsidy standard per post kind and level, and the payments
per person, committee and year computed from the registry's posts and memberships.

A standard is local policy, so data: each notice is a row with the years it covers; a later notice
ends the earlier one by its last year (as FundingStandard). A payment is computed (funding.subsidies),
its amount may be changed until it is confirmed, and a confirmed payment is locked: a recompute
never touches it, and its history keeps every earlier figure.
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
from .models import MONEY, FundingLevel

__all__ = ["PaymentLocked", "SubsidyBasis", "SubsidyKind", "SubsidyPayment", "SubsidyStandard"]


class SubsidyKind(models.TextChoices):
    RESIDENT_EXECUTIVE_DEPUTY = "resident_executive_deputy", _("resident executive deputy")
    RESIDENT_DEPUTY = "resident_deputy", _("resident deputy")
    BACKBONE = "backbone", _("backbone role of the five")


class SubsidyBasis(models.TextChoices):
    PER_MONTH = "per_month", _("per month")
    PER_YEAR = "per_year", _("per year")


class SubsidyStandard(models.Model):
    kind = models.CharField(_("post kind"), max_length=30, choices=SubsidyKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=FundingLevel.choices)
    amount = models.DecimalField(
        _("amount (10k yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    basis = models.CharField(_("paid"), max_length=10, choices=SubsidyBasis.choices, default=SubsidyBasis.PER_MONTH)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    source = models.CharField(_("source document"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subsidy standard")
        verbose_name_plural = _("subsidy standards")
        ordering = ["level", "kind", "-first_year"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_subsidy_amount_valid"),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="funding_subsidy_years_valid",
            ),
            models.UniqueConstraint(fields=["kind", "level", "first_year"], name="funding_subsidy_first_year_unique"),
        ]

    def __str__(self) -> str:
        until = self.last_year or "…"
        return f"{self.get_level_display()} {self.get_kind_display()} {self.amount} ({self.first_year}–{until})"

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def clean(self) -> None:
        errors = {}
        if self.first_year and self.last_year and self.last_year < self.first_year:
            errors["last_year"] = _("The last year cannot be before the first year.")
        if not errors and self.kind and self.level and self.first_year:
            others = SubsidyStandard.objects.filter(kind=self.kind, level=self.level).exclude(pk=self.pk)
            last = self.last_year if self.last_year is not None else 9999
            overlapping = others.filter(first_year__lte=last).filter(
                Q(last_year__isnull=True) | Q(last_year__gte=self.first_year)
            )
            if overlapping.exists():
                errors["first_year"] = _(
                    "Another standard of this post kind and level already covers some of these years."
                )
        if errors:
            raise ValidationError(errors)


class PaymentLocked(Exception):
    """A confirmed payment is never changed."""


class SubsidyPayment(models.Model):
    """What a person is owed for a committee's year: the months held, the amount computed from the
    standard in force for the year, the amount to pay (changeable until confirmed)."""

    person = models.ForeignKey(
        "committees.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="subsidy_payments"
    )
    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="subsidy_payments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("post kind"), max_length=30, choices=SubsidyKind.choices)
    months = models.PositiveSmallIntegerField(_("months held"))
    computed = models.DecimalField(_("computed amount (10k yuan)"), **MONEY)
    amount = models.DecimalField(_("amount (10k yuan)"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = user_field(_("confirmed by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subsidy payment")
        verbose_name_plural = _("subsidy payments")
        ordering = ["committee__path", "year", "person__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "committee", "year"], name="funding_payment_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_payment_amount_valid"),
            models.CheckConstraint(condition=Q(months__lte=12), name="funding_payment_months_valid"),
        ]
        indexes = [models.Index(fields=["year", "committee"], name="funding_payment_year_committee")]

    def __str__(self) -> str:
        return f"{self.committee} {self.year} {self.person.name} {self.amount}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

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

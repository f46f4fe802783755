"""Campaigns such as Jiangsu's 2023–2025 三年巩固深化年: each year a target share of units must pass
acceptance (验收) under the campaign's standard version, who checks whom (district → towns, towns →
villages), and the plaques (授牌) awarded to units that passed. Targets and levels are data, kept
on the settings pages; progress is derived from reviews (evaluations.campaigns)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import TOWN_KINDS, UPPER_KINDS, VILLAGE_KINDS
from committees.validators import validate_single_line, validate_text

__all__ = ["LEVEL_KINDS", "Campaign", "CampaignCheck", "CampaignYear", "CheckLevel", "Plaque"]


class CheckLevel(models.TextChoices):
    """A level of the tree in 'who checks whom', from the top."""

    DISTRICT = "district", _("the district")
    TOWN = "town", _("towns and subdistricts")
    VILLAGE = "village", _("villages and communities")


LEVEL_KINDS: dict[str, tuple[str, ...]] = {
    CheckLevel.DISTRICT: UPPER_KINDS,
    CheckLevel.TOWN: tuple(TOWN_KINDS),
    CheckLevel.VILLAGE: tuple(VILLAGE_KINDS),
}
LEVEL_ORDER = list(CheckLevel.values)


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[validate_single_line])
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    # Naming the version units must pass under is not using it: the version stays open to change
    # until a round or a review uses it (evaluations.selectors.is_locked).
    locks_standard = False
    standard = models.ForeignKey(
        "evaluations.FhfgStandard",
        verbose_name=_("standard version"),
        help_text=_("Units pass acceptance under this version or a later one."),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    plaque_title = models.CharField(_("plaque title"), max_length=100, blank=True, validators=[validate_single_line])
    source = models.CharField(_("source document"), max_length=200, blank=True, validators=[validate_single_line])
    notes = models.TextField(_("notes"), blank=True, validators=[validate_text])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-first_year", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=F("first_year")), name="evaluations_campaign_years")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year cannot come before the first year.")})

    def years_range(self) -> range:
        return range(self.first_year, self.last_year + 1)


class CampaignYear(models.Model):
    """One year of a campaign: the share of units (%) that must pass acceptance in that year."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(
        _("target share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True, validators=[validate_single_line])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign year")
        verbose_name_plural = _("campaign years")
        ordering = ["campaign", "year"]
        constraints = [models.UniqueConstraint(fields=["campaign", "year"], name="evaluations_campaign_year_unique")]

    def __str__(self) -> str:
        return f"{self.campaign_id and self.campaign} {self.year}"

    def clean(self) -> None:
        campaign = self.campaign if self.campaign_id else None
        if campaign is not None and self.year and self.year not in campaign.years_range():
            raise ValidationError({"year": _("The year is outside the campaign's years.")})


class CampaignCheck(models.Model):
    """Who checks whom in a campaign: the level checked and the level that checks it."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="checks")
    checked_level = models.CharField(_("level checked"), max_length=10, choices=CheckLevel.choices)
    checking_level = models.CharField(_("level checking"), max_length=10, choices=CheckLevel.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("who checks whom")
        verbose_name_plural = _("who checks whom")
        ordering = ["campaign", "checking_level"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "checked_level"], name="evaluations_campaign_check_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_checking_level_display()} → {self.get_checked_level_display()}"

    def clean(self) -> None:
        levels = (self.checking_level, self.checked_level)
        if all(levels) and LEVEL_ORDER.index(self.checking_level) >= LEVEL_ORDER.index(self.checked_level):
            raise ValidationError({"checking_level": _("The level checking must be above the level checked.")})


class Plaque(models.Model):
    """A plaque (授牌) awarded in a campaign to a unit that passed acceptance under its version."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="fhfg_plaques"
    )
    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="plaques")
    year = models.PositiveSmallIntegerField(_("campaign year"))
    awarded_on = models.DateField(_("awarded on"))
    awarded_by = models.ForeignKey(
        "committees.Committee", verbose_name=_("awarded by"), on_delete=models.PROTECT, related_name="+"
    )
    review = models.ForeignKey(
        "evaluations.Review",
        verbose_name=_("acceptance review"),
        on_delete=models.PROTECT,
        related_name="plaques",
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True, validators=[validate_single_line])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plaque")
        verbose_name_plural = _("plaques")
        ordering = ["campaign", "year", "committee__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "committee"], name="evaluations_plaque_once_per_campaign")
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year}"

"""The five-haves-five-goods (五有五好) standard, versioned: items, wording and order belong to
a version, and a version stays once rounds and reviews point at it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FhfgGroup(models.TextChoices):
    FIVE_HAVES = "five_haves", _("five haves")
    FIVE_GOODS = "five_goods", _("five goods")


class FhfgStandard(models.Model):
    """One version of the standard; the version in force on a day is the latest one effective by then."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    effective_from = models.DateField(_("effective from"), unique=True)
    source = models.CharField(_("source document"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("FHFG standard")
        verbose_name_plural = _("FHFG standards")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name


class FhfgItem(models.Model):
    """One checklist item of a standard version; its name heads a column of survey form 3."""

    standard = models.ForeignKey(
        FhfgStandard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=50)
    group = models.CharField(_("group"), max_length=12, choices=FhfgGroup.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("FHFG item")
        verbose_name_plural = _("FHFG items")
        ordering = ["standard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "order"], name="fhfg_item_order_unique"),
            models.UniqueConstraint(fields=["standard", "name"], name="fhfg_item_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


# Each committee's reviews against the standard, and the rectifications they open.
# The annual assessment of towns (年度工作考核) and its rewards (以奖代补).
from .assessment_models import *  # noqa: E402, F403
from .review_models import *  # noqa: E402, F403

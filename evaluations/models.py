"""The five-haves-five-goods (五有五好) standard, versioned: items, wording and order belong to
a version, and a version stays once rounds and reviews point at it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class FhfgGroup(models.TextChoices):
    FIVE_HAVES = "five_haves", _("five haves")
    FIVE_GOODS = "five_goods", _("five goods")


class ItemResult(models.TextChoices):
    """What a review or form 3 finds for one item (the keys of form 3's item columns)."""

    MET = "met", _("met")
    PARTLY_MET = "partly_met", _("partly met")
    NOT_MET = "not_met", _("not met")


def locked_error() -> ValidationError:
    return ValidationError(
        _(
            "This version has been used by a survey round or a review, so it can no longer be changed; "
            "copy it as a new version instead."
        ),
        code="locked",
    )


class LockedVersionMixin:
    """Refuse a change of a version that rounds or reviews have used (evaluations.selectors.is_locked),
    in the model's clean() (the django-admin's forms) and save()."""

    def clean(self) -> None:
        self._refuse_if_locked()

    def save(self, *args, **kwargs) -> None:
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def _locked_standard(self) -> FhfgStandard | None:
        raise NotImplementedError

    def _refuse_if_locked(self) -> None:
        from .selectors import is_locked  # the selectors read these models

        standard = self._locked_standard()
        if standard is not None and standard.pk and is_locked(standard):
            raise locked_error()


class FhfgStandard(LockedVersionMixin, models.Model):
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

    def _locked_standard(self) -> FhfgStandard | None:
        if self.pk is None:
            return None
        stored = type(self).objects.filter(pk=self.pk).values(*STANDARD_FIELDS).first()
        changed = stored is None or any(stored[f] != getattr(self, f) for f in STANDARD_FIELDS)
        return self if changed else None


STANDARD_FIELDS = ("name", "effective_from", "source", "notes")


class FhfgItem(LockedVersionMixin, models.Model):
    """One checklist item of a standard version; its name heads a column of survey form 3."""

    standard = models.ForeignKey(
        FhfgStandard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=50)
    group = models.CharField(_("group"), max_length=12, choices=FhfgGroup.choices, blank=True)
    code = models.CharField(pgettext_lazy("fhfg item", "code"), max_length=10, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    # What counts as each result (达标, 基本达标, 未达标), keyed like ItemResult.
    criteria_met = models.TextField(_("what counts as met"), blank=True)
    criteria_partly_met = models.TextField(_("what counts as partly met"), blank=True)
    criteria_not_met = models.TextField(_("what counts as not met"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("FHFG item")
        verbose_name_plural = _("FHFG items")
        ordering = ["standard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "order"], name="fhfg_item_order_unique"),
            models.UniqueConstraint(fields=["standard", "name"], name="fhfg_item_name_unique"),
            models.UniqueConstraint(fields=["standard", "code"], condition=~Q(code=""), name="fhfg_item_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def delete(self, *args, **kwargs):
        self._refuse_if_locked()
        return super().delete(*args, **kwargs)

    def criteria(self) -> dict[str, str]:
        """What counts as each result, keyed by ItemResult."""
        return {
            ItemResult.MET: self.criteria_met,
            ItemResult.PARTLY_MET: self.criteria_partly_met,
            ItemResult.NOT_MET: self.criteria_not_met,
        }

    def _locked_standard(self) -> FhfgStandard | None:
        return self.standard if self.standard_id else None


# Each committee's reviews against the standard and the rectifications they open (review_models);
# the spot-check draws that pick the villages a spot check reviews (draw_models); the campaigns
# (三年巩固深化年: years and targets, who checks whom, plaques; campaign_models); the awards
# (评先创优: schemes, their categories and periods, the nominations; award_models); the annual
# assessment of towns (年度工作考核) and its rewards (以奖代补; assessment_models).
from .review_models import *  # noqa: E402, F403, I001
from .draw_models import *  # noqa: E402, F403
from .campaign_models import *  # noqa: E402, F403
from .award_models import *  # noqa: E402, F403
from .assessment_models import *  # noqa: E402, F403

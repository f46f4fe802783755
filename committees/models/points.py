"""The five-old points review (进退机制): its parameters, which are local policy and so data
(`ReviewSetting`, a settings table), and the decisions people record on the system's
suggestions (`ExitEntryDecision`). The system suggests (committees.selectors.points), people
decide (committees.services.points)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..validators import validate_single_line
from .registry import Volunteer


class ReviewKey(models.TextChoices):
    INACTIVE_MONTHS = "inactive_months", _("inactivity span (months without points)")
    AGE_LIMIT = "age_limit", _("age limit (years)")
    EXIT_POINTS_BELOW = "exit_points_below", _("exit below this many points in the span")
    ENTRY_POINTS_AT_LEAST = "entry_points_at_least", _("backbone entry from this many points in the span")
    DECISION_HOLDS_MONTHS = "decision_holds_months", _("a decision holds for (months)")


# The values the review uses while the settings table has no row for a key.
REVIEW_DEFAULTS: dict[str, int] = {
    ReviewKey.INACTIVE_MONTHS: 12,
    ReviewKey.AGE_LIMIT: 80,
    ReviewKey.EXIT_POINTS_BELOW: 5,
    ReviewKey.ENTRY_POINTS_AT_LEAST: 30,
    ReviewKey.DECISION_HOLDS_MONTHS: 12,
}


class ReviewSetting(models.Model):
    """One parameter of the entry/exit review."""

    key = models.CharField(_("parameter"), max_length=32, choices=ReviewKey.choices, unique=True)
    value = models.PositiveIntegerField(_("value"), validators=[MaxValueValidator(100000)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entry/exit review parameter")
        verbose_name_plural = _("entry/exit review parameters")
        ordering = ["key"]

    def __str__(self) -> str:
        return str(self.get_key_display())


class Suggestion(models.TextChoices):
    INACTIVE = "inactive", _("no points in the inactivity span")
    OVER_AGE = "over_age", _("over the age limit")
    LOW_POINTS = "low_points", _("points below the exit threshold")
    ENTRY = "entry", _("participant with high points: could join the backbone")


class Decision(models.TextChoices):
    KEEP = "keep", _("keep")
    EXIT = "exit", _("exit")
    PROMOTE = "promote", _("promote to the backbone")
    NO_CHANGE = "no_change", _("no change")


class ExitEntryDecision(models.Model):
    """What people decided on a suggestion of the review, and why."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="review_decisions"
    )
    suggestion = models.CharField(_("suggestion"), max_length=16, choices=Suggestion.choices)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=200, validators=[validate_single_line])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"))
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entry/exit decision")
        verbose_name_plural = _("entry/exit decisions")
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["volunteer", "suggestion", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.get_decision_display()}"

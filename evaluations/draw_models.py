"""Spot-check draws (抽查): which villages a district or a town checks in a year, drawn at random
and stored with everything needed to draw them again (evaluations.draws)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

__all__ = ["DrawMethod", "SpotCheckDraw"]


class DrawMethod(models.TextChoices):
    COUNT = "count", pgettext_lazy("spot check draw", "a number per town")  # 每镇抽n个
    SHARE = "share", pgettext_lazy("spot check draw", "a share per town")  # 每镇抽p%


class SpotCheckDraw(models.Model):
    """One draw: its scope (the district, or a town), year, standard version, seed and parameters,
    the candidate frame as it was at draw time and the villages picked. The frame is a list of
    {"id", "code", "name", "town_id", "town_code", "town", "open"} in a stable order (town, then
    village, by the tree's path); `picks` the picked villages' ids in the frame's order."""

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("drawn within"),
        on_delete=models.PROTECT,
        related_name="spot_check_draws",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    standard = models.ForeignKey(
        "evaluations.FhfgStandard", verbose_name=_("standard"), on_delete=models.PROTECT, related_name="draws"
    )
    seed = models.PositiveBigIntegerField(_("random seed"))
    method = models.CharField(_("sample size"), max_length=8, choices=DrawMethod.choices)
    amount = models.PositiveSmallIntegerField(_("number or percentage per town"))
    exclude_years = models.PositiveSmallIntegerField(
        _("leave out villages checked in the last years"), null=True, blank=True
    )
    include_open = models.BooleanField(_("always include villages with open rectifications"), default=True)
    frame = models.JSONField(_("candidate villages"), default=list)
    picks = models.JSONField(_("picked villages"), default=list)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField(_("drawn at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spot-check draw")
        verbose_name_plural = _("spot-check draws")
        ordering = ["-year", "-made_at", "-pk"]
        indexes = [models.Index(fields=["committee", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(method="share") | Q(amount__lte=100), name="evaluations_draw_share_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.year} #{self.pk}"

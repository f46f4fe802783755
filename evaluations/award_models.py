"""Awards (评先创优): a scheme held every few years (校外教育辅导站工作先进评选, triennial), its
categories as data (优秀辅导站, 突出贡献奖, 先进个人: what kind of awardee each takes and the points
it brings in the five-old points system), its periods (2020–2022), and the nominations a town
committee makes for a station, a committee or a person of its town, which district staff decide.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Person, TutoringStation
from committees.validators import validate_single_line, validate_text

__all__ = ["AwardCategory", "AwardPeriod", "AwardScheme", "AwardeeKind", "Nomination", "NominationState"]


class AwardeeKind(models.TextChoices):
    STATION = "station", _("tutoring station")
    COMMITTEE = "committee", _("committee")
    PERSON = "person", _("person")
    COMMITTEE_OR_PERSON = "committee_or_person", _("committee or person")


class AwardScheme(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[validate_single_line])
    every_years = models.PositiveSmallIntegerField(_("every (years)"), default=3)
    notes = models.TextField(_("notes"), blank=True, validators=[validate_text])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award scheme")
        verbose_name_plural = _("award schemes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AwardCategory(models.Model):
    scheme = models.ForeignKey(
        AwardScheme, verbose_name=_("award scheme"), on_delete=models.PROTECT, related_name="categories"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=50, validators=[validate_single_line])
    awardee_kind = models.CharField(_("kind of awardee"), max_length=20, choices=AwardeeKind.choices)
    points = models.PositiveSmallIntegerField(
        _("points"), null=True, blank=True, help_text=_("Points a person awarded earns in the five-old points system.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        ordering = ["scheme", "order"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="award_category_name_unique")]

    def __str__(self) -> str:
        return self.name

    def takes(self, kind: str) -> bool:
        if self.awardee_kind == AwardeeKind.COMMITTEE_OR_PERSON:
            return kind in (AwardeeKind.COMMITTEE, AwardeeKind.PERSON)
        return kind == self.awardee_kind


class AwardPeriod(models.Model):
    scheme = models.ForeignKey(
        AwardScheme, verbose_name=_("award scheme"), on_delete=models.PROTECT, related_name="periods"
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    nominations_open = models.BooleanField(_("nominations open"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award period")
        verbose_name_plural = _("award periods")
        ordering = ["scheme", "-first_year"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "first_year"], name="award_period_unique"),
            models.CheckConstraint(condition=Q(last_year__gte=models.F("first_year")), name="award_period_years"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.first_year}–{self.last_year}"


class NominationState(models.TextChoices):
    NOMINATED = "nominated", _("nominated")
    AWARDED = "awarded", _("awarded")
    NOT_AWARDED = "not_awarded", _("not awarded")


class Nomination(models.Model):
    """One awardee put forward by a town committee (`committee`, the scope of the nomination):
    exactly one of station, awardee committee, person is set."""

    period = models.ForeignKey(
        AwardPeriod, verbose_name=_("award period"), on_delete=models.PROTECT, related_name="nominations"
    )
    category = models.ForeignKey(
        AwardCategory, verbose_name=_("award category"), on_delete=models.PROTECT, related_name="nominations"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("nominated by"), on_delete=models.PROTECT, related_name="award_nominations"
    )
    station = models.ForeignKey(
        TutoringStation, verbose_name=_("tutoring station"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="award_nominations",
    )  # fmt: skip
    awardee_committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="awards_received",
    )  # fmt: skip
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="award_nominations",
    )  # fmt: skip
    reason = models.TextField(_("reason"), blank=True, validators=[validate_text])
    state = models.CharField(
        _("state"), max_length=12, choices=NominationState.choices, default=NominationState.NOMINATED
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    nominated_at = models.DateTimeField(_("nominated at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["period", "category__order", "committee__code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(station__isnull=False, awardee_committee__isnull=True, person__isnull=True)
                | Q(station__isnull=True, awardee_committee__isnull=False, person__isnull=True)
                | Q(station__isnull=True, awardee_committee__isnull=True, person__isnull=False),
                name="nomination_one_awardee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.awardee}"

    @property
    def awardee(self):
        return self.station or self.awardee_committee or self.person

    @property
    def awardee_kind(self) -> str:
        if self.station_id:
            return AwardeeKind.STATION
        return AwardeeKind.COMMITTEE if self.awardee_committee_id else AwardeeKind.PERSON

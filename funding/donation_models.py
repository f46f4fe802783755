"""Donations and study-aid programmes (捐资助学): donors, the programmes committees run, their
yearly sessions and the donations received.

Students aided are counts only: no model here holds a child's name or any other personal data of
a minor. A donor is an enterprise, an organisation or an adult; an enterprise donor may be linked
to its enterprise committee in the registry.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = ["AidProgramme", "AidSession", "Donation", "Donor", "DonorKind"]

MONEY = {"max_digits": 12, "decimal_places": 2}


class DonorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    ORGANISATION = "organisation", _("organisation")
    INDIVIDUAL = "individual", _("individual (adult)")
    OTHER = "other", _("other")


class Donor(models.Model):
    """Who gives: recorded by a committee (its scope is the donor's), linked to the donor's own
    enterprise committee where one exists."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="donors"
    )
    name = models.CharField(_("donor name"), max_length=200)
    kind = models.CharField(_("kind of donor"), max_length=20, choices=DonorKind.choices)
    enterprise = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("enterprise committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donor_links",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["committee__path", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="funding_donor_committee_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.enterprise_id and self.kind != DonorKind.ENTERPRISE:
            raise ValidationError({"enterprise": _("Only an enterprise donor is linked to an enterprise committee.")})


class AidProgramme(models.Model):
    """A study-aid programme a committee runs (羊尖镇's 希望之星, the 红领巾 funds)."""

    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("run by"), on_delete=models.PROTECT, related_name="aid_programmes"
    )
    name = models.CharField(_("programme name"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study-aid programme")
        verbose_name_plural = _("study-aid programmes")
        ordering = ["committee__path", "first_year", "pk"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="funding_programme_committee_name")]

    def __str__(self) -> str:
        return self.name


class AidSession(models.Model):
    """One session (期) of a programme: what was awarded, to how many students (a count)."""

    programme = models.ForeignKey(
        AidProgramme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="sessions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("session number"))
    date = models.DateField(_("date held"), null=True, blank=True)
    amount = models.DecimalField(_("amount awarded (10k yuan)"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    students = models.PositiveIntegerField(_("students aided"))
    awards = models.PositiveIntegerField(_("awards"), default=0)
    donors = models.ManyToManyField(Donor, verbose_name=_("donors involved"), blank=True, related_name="sessions")

    history = HistoricalRecords(m2m_fields=[donors])

    class Meta:
        verbose_name = _("study-aid session")
        verbose_name_plural = _("study-aid sessions")
        ordering = ["programme", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="funding_session_programme_number"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_session_amount_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year} #{self.number}"

    def clean(self) -> None:
        errors = {}
        if self.programme_id and self.year and self.year < self.programme.first_year:
            errors["year"] = _("The session cannot be before the programme's first year.")
        if self.date and self.year and self.date.year != self.year:
            errors["date"] = _("The date must fall in the session's year.")
        if errors:
            raise ValidationError(errors)


class Donation(models.Model):
    """Money a donor gave a committee for study aid in a year (form 5's 捐资助学金额; not 社会筹措)."""

    donor = models.ForeignKey(Donor, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="donations")
    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("received by"), on_delete=models.PROTECT, related_name="donations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date received"))
    amount = models.DecimalField(_("amount (10k yuan)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    programme = models.ForeignKey(
        AidProgramme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["committee__path", "year", "date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funding_donation_amount_valid")]
        indexes = [models.Index(fields=["committee", "year"], name="funding_donation_cmte_year")]

    def __str__(self) -> str:
        return f"{self.donor} {self.date} {self.amount}"

    def clean(self) -> None:
        errors = {}
        if self.date and self.year and self.date.year != self.year:
            errors["date"] = _("The date must fall in the year.")
        if self.programme_id and self.committee_id:
            if town_path(self.programme.committee.path) != town_path(self.committee.path):
                errors["programme"] = _("The programme is run in another town than the committee's.")
        if errors:
            raise ValidationError(errors)


def town_path(path: str) -> str:
    """The path of the town a committee's path lies in (the district's own path for the district)."""
    codes = [c for c in path.split("/") if c]
    return "/" + "/".join(codes[:2]) + "/"

"""The annual assessment (年度工作考核) and its rewards (以奖代补): a scheme (考核办法) per year and
assessing committee (the district assessing towns; a town may assess its villages with the same
models), its items scored by hand or computed by a registered scorer (evaluations.scorers), the
scores per assessed committee, the reward tiers as data and the rewards confirmed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Kind

__all__ = ["AssessmentItem", "AssessmentScheme", "AssessmentScore", "Reward", "RewardBasis", "RewardRule"]

POINTS = {"max_digits": 6, "decimal_places": 2}
MONEY = {"max_digits": 10, "decimal_places": 2}


class AssessmentScheme(models.Model):
    """The 考核办法 of one year, set by the assessing committee for the committees of one kind below it."""

    year = models.PositiveSmallIntegerField(_("year"))
    committee = models.ForeignKey(
        Committee, verbose_name=_("assessing committee"), on_delete=models.PROTECT, related_name="assessment_schemes"
    )
    assessed_kind = models.CharField(_("level assessed"), max_length=16, choices=Kind.choices, default=Kind.TOWN)
    name = models.CharField(_("name"), max_length=100)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year", "committee_id"]
        constraints = [models.UniqueConstraint(fields=["committee", "year"], name="assessment_scheme_one_per_year")]

    def __str__(self) -> str:
        return self.name


class AssessmentItem(models.Model):
    """One item of a scheme: scored by hand when `scorer` is blank, else computed by that scorer."""

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=1)
    scorer = models.CharField(_("computed by"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["scheme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="assessment_item_code_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def computed(self) -> bool:
        return bool(self.scorer)


class AssessmentScore(models.Model):
    """One assessed committee's points on one item, with the evidence."""

    item = models.ForeignKey(AssessmentItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="scores")
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="assessment_scores"
    )
    points = models.DecimalField(_("points"), **POINTS)
    evidence = models.TextField(_("evidence"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("scored by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    scored_at = models.DateTimeField(_("scored at"), null=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        constraints = [models.UniqueConstraint(fields=["item", "committee"], name="assessment_score_one_per_item")]

    def __str__(self) -> str:
        return f"{self.committee} · {self.item}"


class RewardBasis(models.TextChoices):
    RANK = "rank", _("by rank")
    SCORE = "score", _("by score")


class RewardRule(models.Model):
    """One reward tier: by rank (rank at most `bound`) or by score (total at least `bound`); the
    first tier a committee meets gives its amount (ranks ascending, scores descending)."""

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="reward_rules"
    )
    basis = models.CharField(_("basis"), max_length=8, choices=RewardBasis.choices, default=RewardBasis.RANK)
    bound = models.DecimalField(_("rank up to / score from"), **POINTS)
    amount = models.DecimalField(_("amount (10,000 yuan)"), **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reward tier")
        verbose_name_plural = _("reward tiers")
        ordering = ["scheme", "basis", "bound"]

    def __str__(self) -> str:
        return f"{self.get_basis_display()} {self.bound}: {self.amount}"

    def meets(self, rank: int, total) -> bool:
        return rank <= self.bound if self.basis == RewardBasis.RANK else total >= self.bound


class Reward(models.Model):
    """A confirmed 以奖代补 reward; `fund_entry_id` is the funding entry written for it."""

    scheme = models.ForeignKey(
        AssessmentScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="rewards"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="rewards"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("amount (10,000 yuan)"), **MONEY)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))
    fund_entry_id = models.PositiveIntegerField(_("funding entry"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        constraints = [models.UniqueConstraint(fields=["scheme", "committee"], name="reward_one_per_committee")]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.committee}"

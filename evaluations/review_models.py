"""Each committee's 五有五好 record over time: reviews (创建, 验收, 回头看, 抽查) with a result per
item, and the rectifications (整改) that a failed item or a regression opens.

A village's status is never stored: it is derived from its reviews (evaluations.selectors.status):
built = a passed creation or acceptance review; built year = the first such pass; 创建轮次 = the
creation period (data, `CreationPeriod`) holding that year. A rectification is closed only by a
follow-up review that finds its items fixed (evaluations.services.record_review).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.validators import validate_single_line, validate_text

from .models import ItemResult  # defined beside the standard's items (the keys of form 3's item columns)

__all__ = [
    "BAD_RESULTS",
    "BUILDING_KINDS",
    "CHECKING_KINDS",
    "OPEN_STATES",
    "RESULTS_OF_KIND",
    "CreationPeriod",
    "Rectification",
    "RectificationState",
    "Review",
    "ReviewItem",
    "ReviewKind",
    "ReviewResult",
]


class ReviewKind(models.TextChoices):
    CREATION = "creation", pgettext_lazy("fhfg review", "creation")  # 创建
    ACCEPTANCE = "acceptance", pgettext_lazy("fhfg review", "acceptance")  # 验收
    LOOK_BACK = "look_back", pgettext_lazy("fhfg review", "look-back")  # 回头看
    SPOT_CHECK = "spot_check", pgettext_lazy("fhfg review", "spot check")  # 抽查


BUILDING_KINDS = (ReviewKind.CREATION, ReviewKind.ACCEPTANCE)
CHECKING_KINDS = (ReviewKind.LOOK_BACK, ReviewKind.SPOT_CHECK)


class ReviewResult(models.TextChoices):
    PASSED = "passed", pgettext_lazy("fhfg review", "passed")  # 通过 (creation, acceptance)
    FAILED = "failed", pgettext_lazy("fhfg review", "failed")  # 未通过
    CONSOLIDATED = "consolidated", pgettext_lazy("fhfg review", "consolidated")  # 巩固 (look-back, spot check)
    IMPROVED = "improved", pgettext_lazy("fhfg review", "improved")  # 提升
    REGRESSED = "regressed", pgettext_lazy("fhfg review", "regressed")  # 退化


# Which overall results each kind of review may give.
RESULTS_OF_KIND: dict[str, tuple[str, ...]] = {
    ReviewKind.CREATION: (ReviewResult.PASSED, ReviewResult.FAILED),
    ReviewKind.ACCEPTANCE: (ReviewResult.PASSED, ReviewResult.FAILED),
    ReviewKind.LOOK_BACK: (ReviewResult.CONSOLIDATED, ReviewResult.IMPROVED, ReviewResult.REGRESSED),
    ReviewKind.SPOT_CHECK: (ReviewResult.CONSOLIDATED, ReviewResult.IMPROVED, ReviewResult.REGRESSED),
}
# The results that open a rectification even when no item is 未达标.
BAD_RESULTS = (ReviewResult.FAILED, ReviewResult.REGRESSED)


class CreationPeriod(models.Model):
    """A creation period (创建轮次) as data: 第一轮 2001–2011, 第二轮 2012–2017, 新建 after."""

    name = models.CharField(_("name"), max_length=20, unique=True, validators=[validate_single_line])
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("creation period")
        verbose_name_plural = _("creation periods")
        ordering = ["first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="evaluations_period_years_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def holds(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


class Review(models.Model):
    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="fhfg_reviews"
    )
    kind = models.CharField(_("review kind"), max_length=12, choices=ReviewKind.choices)
    date = models.DateField(_("review date"))
    standard = models.ForeignKey(
        "evaluations.FhfgStandard", verbose_name=_("standard"), on_delete=models.PROTECT, related_name="reviews"
    )
    reviewers = models.ManyToManyField("committees.Person", verbose_name=_("reviewers"), blank=True, related_name="+")
    reviewer_names = models.CharField(
        _("other reviewers"), max_length=200, blank=True, validators=[validate_single_line]
    )
    result = models.CharField(_("overall result"), max_length=12, choices=ReviewResult.choices)
    findings = models.TextField(_("findings"), blank=True, validators=[validate_text])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    draw = models.ForeignKey(
        "evaluations.SpotCheckDraw",
        verbose_name=_("spot-check draw"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
    )

    history = HistoricalRecords(m2m_fields=[reviewers])

    class Meta:
        verbose_name = _("FHFG review")
        verbose_name_plural = _("FHFG reviews")
        ordering = ["committee__path", "-date", "-pk"]
        indexes = [models.Index(fields=["committee", "date"]), models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.committee} {self.date:%Y-%m-%d} {self.get_kind_display()}"


class ReviewItem(models.Model):
    review = models.ForeignKey(Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(
        "evaluations.FhfgItem", verbose_name=_("item"), on_delete=models.PROTECT, related_name="results"
    )
    result = models.CharField(_("item result"), max_length=12, choices=ItemResult.choices)
    note = models.CharField(_("note"), max_length=200, blank=True, validators=[validate_single_line])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        ordering = ["review", "item__order"]
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="evaluations_review_item_unique")]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_result_display()}"


class RectificationState(models.TextChoices):
    OPEN = "open", pgettext_lazy("rectification", "open")  # 整改中
    DONE = "done", pgettext_lazy("rectification", "done")  # 已整改, awaiting a follow-up review
    VERIFIED = "verified", pgettext_lazy("rectification", "verified")  # 已验证 by a follow-up review


OPEN_STATES = (RectificationState.OPEN, RectificationState.DONE)


class Rectification(models.Model):
    committee = models.ForeignKey(
        "committees.Committee", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="rectifications"
    )
    opened_by = models.ForeignKey(
        Review, verbose_name=_("opened by review"), on_delete=models.PROTECT, related_name="rectifications"
    )
    items = models.ManyToManyField("evaluations.FhfgItem", verbose_name=_("items"), blank=True, related_name="+")
    responsible_committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("responsible committee"),
        on_delete=models.PROTECT,
        related_name="rectifications_owned",
    )
    responsible_person = models.ForeignKey(
        "committees.Person",
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    measures = models.TextField(_("rectification measures"), blank=True, validators=[validate_text])
    due_date = models.DateField(_("due date"))
    state = models.CharField(
        _("state"), max_length=10, choices=RectificationState.choices, default=RectificationState.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        Review,
        verbose_name=_("verified by review"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verified_rectifications",
    )

    history = HistoricalRecords(m2m_fields=[items])

    class Meta:
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["committee", "state"]), models.Index(fields=["state", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=RectificationState.VERIFIED) | Q(verified_by__isnull=False),
                name="evaluations_rectification_verified_by_review",
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} {self.due_date:%Y-%m-%d}"

"""The meetings and visits log (会议和调研走访台账): the meetings a committee convened — its kind,
date, the committees that took part, topics and decisions — and its research visits (调研走访:
the committees visited and the findings). The system's expected number of each kind a year is
data (`MeetingNorm`, a settings table). Form 5's meeting and visit counts of a town are the
entries it convened in the data year (committees.selectors.meeting_counts)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..validators import validate_single_line, validate_text
from .tree import Committee


class MeetingKind(models.TextChoices):
    DIRECTORS = "directors", _("directors' meeting")  # 主任例会, weekly
    EXEC_DEPUTIES = "exec_deputies", _("executive deputies' meeting")  # 常务副主任例会, quarterly
    CONFERENCE = "conference", _("district work conference")  # 全区工作会议, yearly
    JOINT = "joint", _("joint meeting with member departments")  # 联席会议
    CONSULTATION = "consultation", _("thematic consultation")  # 专题协商
    VISIT = "visit", _("research visit")  # 调研走访


class NormLevel(models.TextChoices):
    """Whom an expected count binds: the district committee, or each town."""

    DISTRICT = "district", _("the district committee")
    TOWN = "town", _("each town")


class Meeting(models.Model):
    """One meeting or research visit, logged under the committee that convened it."""

    kind = models.CharField(_("kind of meeting"), max_length=16, choices=MeetingKind.choices)
    date = models.DateField(_("meeting date"))
    convenor = models.ForeignKey(
        Committee, verbose_name=_("convened by"), on_delete=models.PROTECT, related_name="meetings_convened"
    )
    participants = models.ManyToManyField(
        Committee, verbose_name=_("committees taking part or visited"), related_name="meetings_attended", blank=True
    )
    topics = models.CharField(_("topics"), max_length=300, validators=[validate_single_line])
    decisions = models.TextField(_("decisions"), blank=True, validators=[validate_text])
    findings = models.TextField(_("visit findings"), blank=True, validators=[validate_text])

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("meeting or visit")
        verbose_name_plural = _("meetings and visits")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["convenor", "kind", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class MeetingNorm(models.Model):
    """How many meetings of a kind the system expects a year (local policy, so it is data)."""

    kind = models.CharField(_("kind of meeting"), max_length=16, choices=MeetingKind.choices)
    level = models.CharField(_("held by"), max_length=16, choices=NormLevel.choices)
    expected = models.PositiveSmallIntegerField(
        _("expected a year"), validators=[MinValueValidator(0), MaxValueValidator(366)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expected meetings")
        verbose_name_plural = _("expected meetings")
        ordering = ["level", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "level"], name="meeting_norm_kind_level")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_level_display()}"

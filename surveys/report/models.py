"""The district report's models: a report run with its files, and the problem rules as data.

They belong to the surveys app (surveys/models.py imports them at its end), so their table
names are surveys_reportrun, surveys_reportfile and surveys_problemrule.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.downloads import download_name
from committees.validators import validate_single_line, validate_text

from .catalogue import BY_CODE, RULES, rule_label, rule_title

__all__ = ["ProblemRule", "ReportFile", "ReportFormat", "ReportPart", "ReportRun", "RuleCode"]


class ReportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook")
    DOCX = "docx", _("Word draft")
    HTML = "html", _("HTML page")
    JSON = "json", _("JSON")


class ReportRun(models.Model):
    """One compilation of a round's approved forms, for the district or one town."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    survey_round = models.ForeignKey(
        "surveys.SurveyRound", verbose_name=_("survey round"), on_delete=models.PROTECT, related_name="report_runs"
    )
    scope = models.ForeignKey(
        "committees.Committee", verbose_name=_("scope"), on_delete=models.PROTECT, related_name="report_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    formats = models.JSONField(_("formats"), default=list, blank=True)
    # The Word draft's title and date, as the compiler set them (blank: the defaults, see
    # surveys.report.titles).
    title = models.CharField(_("report title"), max_length=100, blank=True, validators=[validate_single_line])
    report_date = models.DateField(_("report date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written by the worker as it goes: a running run whose heartbeat stops has lost its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_run_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]), name="report_run_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_round} · {self.scope} · #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    @staticmethod
    def waiting_in_queue() -> Q:
        """Runs with a part not started yet: waiting for a free worker, not lost (committees.heartbeat's
        sweep spares them; a running part beats its run)."""
        return Q(Exists(ReportPart.objects.filter(run=OuterRef("pk"), status=ReportRun.Status.QUEUED)))


def report_file_path(instance: ReportFile, filename: str) -> str:
    """MEDIA_ROOT/reports/<year>/<run id>/<file name>."""
    run = instance.run
    return str(PurePosixPath("reports") / str(run.survey_round.year) / str(run.pk) / filename)


class ReportFile(models.Model):
    """One produced file of a run, one per format."""

    run = models.ForeignKey(ReportRun, verbose_name=_("report run"), on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=5, choices=ReportFormat.choices)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=300)
    size = models.PositiveIntegerField(_("size"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["run_id", "format"]
        constraints = [
            models.UniqueConstraint(fields=["run", "format"], name="report_file_one_per_format"),
            models.CheckConstraint(
                condition=Q(format__in=["xlsx", "docx", "html", "json"]), name="report_file_format_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.format}"

    @property
    def filename(self) -> str:
        """The stored file's name (the server's, in plain letters: runs.file_name)."""
        return PurePosixPath(self.file.name).name

    @property
    def download_name(self) -> str:
        """The name a user downloads it under and reads on the run's page."""
        run = self.run
        suffix = PurePosixPath(self.file.name).suffix.lstrip(".") or self.format
        return download_name(run.scope, _("survey report"), year=run.survey_round.year, extension=suffix)


def report_part_path(instance: ReportPart, filename: str) -> str:
    """MEDIA_ROOT/reports/<year>/<run id>/parts/<file name>: a part's output until the run merges it."""
    run = instance.run
    return str(PurePosixPath("reports") / str(run.survey_round.year) / str(run.pk) / "parts" / filename)


class ReportPart(models.Model):
    """One part of a run compiled by a worker of its own (surveys/report/parts.py): one format's
    file. The run's last part to finish merges the parts into the run's files."""

    run = models.ForeignKey(ReportRun, verbose_name=_("report run"), on_delete=models.CASCADE, related_name="parts")
    key = models.CharField(_("part"), max_length=20, choices=ReportFormat.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportRun.Status.choices, default=ReportRun.Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=report_part_path, max_length=300, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("report part")
        verbose_name_plural = _("report parts")
        ordering = ["run_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "key"], name="report_part_one_per_key"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]), name="report_part_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.key}"


# The rules' codes as the model's choices, derived from the catalogue (labels included).
RuleCode = models.TextChoices("RuleCode", [(rule.code.upper(), (rule.code, rule.label)) for rule in RULES])


NO_THRESHOLD = _("This rule takes no threshold: leave it empty.")


class ProblemRule(models.Model):
    """A problem rule as data: district admins switch it on or off, set its threshold and write
    the recommendation the Word draft gives when it fires.

    The threshold's meaning depends on the rule: backbone_aging compares the share of backbone
    five-olds aged 70 and over with it; funds_below_standard fires when the funds in place are
    below threshold × the standard's lower bound; no_young_staff when the young staff are at
    most the threshold; figures_unchanged when at least the threshold's number of towns repeat
    last year's 表5 activity figures. The other rules take none.
    """

    code = models.CharField(_("rule"), max_length=50, unique=True, choices=RuleCode.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    threshold = models.DecimalField(_("threshold"), max_digits=8, decimal_places=3, null=True, blank=True)
    description = models.TextField(_("description"), blank=True, validators=[validate_text])
    recommendation_title = models.CharField(
        _("recommendation title"), max_length=100, blank=True, validators=[validate_single_line]
    )
    recommendation = models.TextField(_("recommendation"), blank=True, validators=[validate_text])
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("problem rule")
        verbose_name_plural = _("problem rules")
        ordering = ["display_order", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The rule's one name (catalogue.Rule.label), as every page and file shows it."""
        return rule_label(self.code)

    @property
    def title(self) -> str:
        """The heading of the rule's part of the Word draft."""
        return rule_title(self.code)

    @property
    def threshold_hint(self) -> str:
        """What the rule's threshold means and may be."""
        rule = BY_CODE.get(self.code)
        return rule.threshold.hint if rule and rule.threshold else NO_THRESHOLD

    def clean(self) -> None:
        """A rule's threshold must make sense for its check (the catalogue's bounds); the others take none."""
        rule = BY_CODE.get(self.code)
        limits = rule.threshold if rule else None
        if limits is None:
            if self.threshold is not None:
                raise ValidationError({"threshold": NO_THRESHOLD})
            return
        if not limits.allows(self.threshold):
            raise ValidationError({"threshold": limits.hint})

"""Survey rounds, the towns' submissions of the five forms, their rows and their workflow.

A submission's cells live in SubmissionRow.values, keyed by the spec's field keys (surveys/
spec/), as JSON-safe values: money as a string with two decimals ("334.82") so it stays
exact, enumerations by their English value, yes/no as booleans. The report aggregates them in
the database with Cast(KT("values__key")) (surveys/selectors.py). SubmissionRow.prefill keeps
what the registry said when the round opened, so that cells changed since can be marked.
Every model keeps its history: each value change is a historical row with who and when.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from committees.models import Committee, path_prefixes
from committees.validators import validate_single_line, validate_text

from .spec import FORM_NUMBERS, MAIN, SUB


def reference_date_of(year: int) -> datetime.date:
    """Ages and counts of a round are taken on 31 December of its year."""
    return datetime.date(year, 12, 31)


def default_data_year(year: int) -> int:
    """The year a round's money and activity figures describe, unless it is opened with another:
    the last complete calendar year."""
    return year - 1


def covering_q(committee: Committee) -> Q:
    """Survey rounds that ask every town of `committee`: of its scope or of one above it."""
    return Q(scope__path__in=path_prefixes(committee.path))


def touching_q(committee: Committee) -> Q:
    """Survey rounds that ask some of `committee`'s towns: of its scope, one above it or below it."""
    return covering_q(committee) | Q(scope__path__startswith=committee.path)


def default_forms() -> list[int]:
    return list(FORM_NUMBERS)


class SurveyRound(models.Model):
    """A year's survey of the towns below `scope` (a district, a city or a province): one round per
    (year, scope), and rounds of one year never overlap, so a town answers at most one round a year."""

    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.ForeignKey(
        Committee,
        verbose_name=pgettext_lazy("round", "scope"),
        on_delete=models.PROTECT,
        related_name="survey_rounds",
    )
    # The year the money and activity figures describe (docs/FORMS.md "Which year a figure
    # describes"): the last complete calendar year, year − 1 unless the round was opened with another.
    data_year = models.PositiveSmallIntegerField(_("data year"), default=0)
    reference_date = models.DateField(_("reference date"))
    opened_on = models.DateField(pgettext_lazy("round", "opened on"))
    deadline = models.DateField(_("deadline"))
    enabled_forms = models.JSONField(_("enabled forms"), default=default_forms)
    spec_version = models.CharField(_("spec version"), max_length=20, validators=[validate_single_line])
    fhfg_standard = models.ForeignKey(
        "evaluations.FhfgStandard",
        verbose_name=_("FHFG standard"),
        on_delete=models.PROTECT,
        related_name="survey_rounds",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="survey_round_year_sane"),
            models.UniqueConstraint(fields=["year", "scope"], name="survey_round_year_scope_unique"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def save(self, *args, **kwargs) -> None:
        if not self.data_year and self.year:
            self.data_year = default_data_year(self.year)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.year and self.reference_date != reference_date_of(self.year):
            errors["reference_date"] = _("The reference date is 31 December of the round's year.")
        if self.year and self.data_year and not self.year - 5 <= self.data_year <= self.year:
            errors["data_year"] = _("The data year is the round's year or one of the five years before it.")
        if self.opened_on and self.deadline and self.deadline < self.opened_on:
            errors["deadline"] = _("The deadline cannot be before the opening date.")
        forms = self.enabled_forms
        if not isinstance(forms, list) or not forms or any(n not in FORM_NUMBERS for n in forms):
            errors["enabled_forms"] = _("Choose one or more of the forms 1 to 5.")
        elif len(set(forms)) != len(forms):
            errors["enabled_forms"] = _("A form is listed twice.")
        if self.year and self.scope_id and (other := self.overlapping().select_related("scope").first()):
            errors["scope"] = _("The %(year)d round of %(other)s already asks these towns.") % {
                "year": self.year,
                "other": other.scope.name,
            }
        if errors:
            raise ValidationError(errors)

    def overlapping(self) -> models.QuerySet:
        """The other rounds of the year whose towns would be this one's: a scope above, the same or below."""
        return SurveyRound.objects.filter(touching_q(self.scope), year=self.year).exclude(pk=self.pk)


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")


# The states in which the town (or staff on its behalf) may change the values.
EDITABLE_STATES = (State.DRAFT, State.RETURNED)


class TownExtension(models.Model):
    """A later deadline for one town in one round: every form of the town may be submitted up
    to and including `until`. Granting it writes no form (their last change stays as it was)."""

    survey_round = models.ForeignKey(
        SurveyRound, verbose_name=_("survey round"), on_delete=models.CASCADE, related_name="extensions"
    )
    town = models.ForeignKey(Committee, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    until = models.DateField(_("extended until"))
    reason = models.TextField(_("reason"), blank=True, validators=[validate_text])
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["survey_round_id", "town_id"]
        constraints = [
            models.UniqueConstraint(fields=["survey_round", "town"], name="town_extension_one_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_round} · {self.town} · {self.until.isoformat()}"


def extension_until() -> Subquery:
    """The submission's town's extension in its round (None without one), for annotating."""
    extensions = TownExtension.objects.filter(survey_round=OuterRef("survey_round"), town=OuterRef("town"))
    return Subquery(extensions.values("until")[:1], output_field=models.DateField())


class SubmissionQuerySet(models.QuerySet):
    def with_extension(self) -> SubmissionQuerySet:
        """Load each submission's `extended_until` (its town's extension) in the same query."""
        return self.annotate(extended_until=extension_until())


class Submission(models.Model):
    """One town's answer to one form of a round: its rows, its state in the workflow."""

    survey_round = models.ForeignKey(
        SurveyRound, verbose_name=_("survey round"), on_delete=models.PROTECT, related_name="submissions"
    )
    town = models.ForeignKey(Committee, verbose_name=_("town"), on_delete=models.PROTECT, related_name="submissions")
    form = models.PositiveSmallIntegerField(_("form"), choices=[(n, n) for n in FORM_NUMBERS])
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    last_submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    on_time = models.BooleanField(_("submitted on time"), null=True, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_on_behalf = models.BooleanField(_("last change on the town's behalf"), default=False)
    # Counts the saves that changed the rows: a grid page or an upload preview carries the version
    # it was made from, and a save against an older one is refused (two people, one form).
    version = models.PositiveIntegerField(_("version"), default=0)

    objects = SubmissionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-survey_round_id", "town_id", "form"]
        constraints = [
            models.UniqueConstraint(fields=["survey_round", "town", "form"], name="submission_one_per_form"),
            models.CheckConstraint(condition=Q(form__in=FORM_NUMBERS), name="submission_form_valid"),
            models.CheckConstraint(condition=Q(state__in=State.values), name="submission_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_round.year} · {self.town} · 表{self.form}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_locked(self) -> bool:
        return self.state == State.APPROVED

    @cached_property
    def extended_until(self) -> datetime.date | None:
        """The town's extension in this round (TownExtension); SubmissionQuerySet.with_extension
        loads it with the submission, else one query."""
        return (
            TownExtension.objects.filter(survey_round_id=self.survey_round_id, town_id=self.town_id)
            .values_list("until", flat=True)
            .first()
        )

    def town_deadline(self) -> datetime.date:
        """The last day the town may submit: the round's deadline, or a later extension."""
        deadline = self.survey_round.deadline
        if self.extended_until and self.extended_until > deadline:
            return self.extended_until
        return deadline

    def is_late(self, today: datetime.date) -> bool:
        """Submitted after the deadline, or still not submitted when the town's deadline has passed
        (the same test as surveys.selectors.late_q, in Python)."""
        return self.on_time is False or (self.is_editable and today > self.town_deadline())

    @property
    def stands_on_time(self) -> bool:
        """Submitted by the deadline, and that submission still stands: a returned form's
        `on_time` speaks of the submission the district sent back, not of the form now."""
        return bool(self.on_time) and self.state in (State.SUBMITTED, State.APPROVED)


class Section(models.TextChoices):
    MAIN = MAIN, _("main table")
    SUB = SUB, _("sub-table B")


class SubmissionRow(models.Model):
    """One row of a submission. Rows of the fixed sections belong to a committee; rows of a
    list (表4B, 表5B) carry the committee the filler names, which may be the town itself."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="rows"
    )
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submission_rows",
    )
    section = models.CharField(_("section"), max_length=4, choices=Section.choices, default=Section.MAIN)
    position = models.PositiveIntegerField(_("position"))
    values = models.JSONField(_("values"), default=dict, blank=True)
    prefill = models.JSONField(_("registry values"), default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission row")
        verbose_name_plural = _("submission rows")
        ordering = ["submission_id", "section", "position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "section", "position"], name="submission_row_position"),
            models.CheckConstraint(condition=Q(section__in=Section.values), name="submission_row_section_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.section} · {self.position}"


class Step(models.TextChoices):
    SUBMIT = "submit", _("submit")
    RETURN = "return", _("return")
    APPROVE = "approve", _("approve")
    REOPEN = "reopen", _("reopen")
    EXTEND = "extend", _("extend the deadline")


# The steps that send a form back to the town (an extension of a returned form keeps it returned
# without being one of them).
RETURN_STEPS = (Step.RETURN, Step.REOPEN)


class SubmissionTransition(models.Model):
    """One step of a submission's workflow: who, when, why, and whether on the town's behalf."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=10, choices=Step.choices)
    from_state = models.CharField(_("from state"), max_length=10, choices=State.choices)
    to_state = models.CharField(_("to state"), max_length=10, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True, validators=[validate_text])
    on_behalf = models.BooleanField(_("on the town's behalf"), default=False)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission transition")
        verbose_name_plural = _("submission transitions")
        ordering = ["submission_id", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action__in=["return", "reopen"]) | ~Q(reason=""), name="transition_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.from_state} → {self.to_state}"


COMMENT_MAX_LENGTH = 1000


class CellComment(models.Model):
    """A reviewer's comment on one cell of a form, given with a return: the town sees it on that
    cell (the grid, the Excel template) until it submits the form again, and the form's history
    keeps it under the return it came with. A row is named as the grid keys it: the committee's
    code in a fixed section, the row's id (SubmissionRow) in a list, which keeps the comment on
    its row when rows above it are removed."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="cell_comments"
    )
    transition = models.ForeignKey(
        SubmissionTransition, verbose_name=_("return"), on_delete=models.CASCADE, related_name="cell_comments"
    )
    section = models.CharField(_("section"), max_length=4, choices=Section.choices, default=Section.MAIN)
    row_key = models.CharField(_("row of the cell"), max_length=40, validators=[validate_single_line])
    # The row as the reviewer saw it (its committee, or its number and name in a list): the
    # history says where the comment was even after the row is renamed or removed.
    row_label = models.CharField(_("row as shown"), max_length=200, blank=True, validators=[validate_single_line])
    field_key = models.CharField(_("column of the cell"), max_length=60, validators=[validate_single_line])
    text = models.TextField(_("comment on the cell"), max_length=COMMENT_MAX_LENGTH, validators=[validate_text])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("comment author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cell comment")
        verbose_name_plural = _("cell comments")
        ordering = ["transition_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["transition", "section", "row_key", "field_key"], name="cell_comment_one_per_cell"
            ),
            models.CheckConstraint(condition=Q(section__in=Section.values), name="cell_comment_section_valid"),
            models.CheckConstraint(condition=~Q(text=""), name="cell_comment_text_required"),
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.section} · {self.row_key} · {self.field_key}"


class DeadlineReminder(models.Model):
    """The reminder a town got before a round's deadline: at most one per round and town, so
    that the beat task, which runs several times a day, never sends it twice."""

    survey_round = models.ForeignKey(
        SurveyRound, verbose_name=_("survey round"), on_delete=models.CASCADE, related_name="reminders"
    )
    town = models.ForeignKey(Committee, verbose_name=_("town"), on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    forms = models.JSONField(_("forms not yet submitted"), default=list, blank=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["survey_round", "town"], name="deadline_reminder_one_per_town"),
        ]

    def __str__(self) -> str:
        return f"{self.survey_round} · {self.town}"


class Notice(models.Model):
    """A workflow step told to one town secretary in the portal (the bell in the header): a form
    returned, reopened or approved, or the deadline extended. Written by the services that take the
    step, beside the email, so a secretary without an address learns of it too."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="survey_notices"
    )
    transition = models.ForeignKey(
        SubmissionTransition, verbose_name=_("workflow step"), on_delete=models.CASCADE, related_name="notices"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "transition"], name="notice_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.transition_id}"


from .report.models import *  # noqa: E402,F401,F403

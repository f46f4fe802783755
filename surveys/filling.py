"""Back-filling an open round in bulk: the demo's approved rounds (surveys.demo) and the compile
benchmark's synthetic district (surveys.synthetic) both enter every form of every town, validate it
with the forms' own rules (an error is a bug of the builder), mark it submitted and approved on the
town's behalf, and write rows, submissions and transitions in bulk with their history: a builder
makes a district in seconds, which a test run does many times.

A builder only says, per submission, which values to enter (a `Fill`); the rest is here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees.models import Committee

from . import selectors
from .models import State, Step, Submission, SubmissionRow, SubmissionTransition, SurveyRound
from .spec import FormSpec, find_form
from .validation import TownContext, count, has_errors, normalize_row, validate_form

# What a back-filled approval writes on a submission (besides its rows and transitions).
APPROVED_FIELDS = [
    "state",
    "last_submitted_at",
    "on_time",
    "error_count",
    "warning_count",
    "updated_by",
    "updated_on_behalf",
]


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """That day at that hour, Asia/Shanghai."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class Fill:
    """What a builder enters on one submission: the incoming values by section (a fixed row
    matched by its committee code, a list row by its position), the context its forms are
    validated in, when it was submitted, and the committees a new list row may name (by code;
    one not named belongs to the town)."""

    incoming: dict[str, list[dict]]
    context: TownContext
    submitted_at: datetime.datetime
    committees: dict[str, Committee] = field(default_factory=dict)


@dataclass
class _Batch:
    changed: list[SubmissionRow] = field(default_factory=list)
    created: list[SubmissionRow] = field(default_factory=list)
    transitions: list[SubmissionTransition] = field(default_factory=list)


def round_submissions(survey_round: SurveyRound, *order_by: str) -> list[Submission]:
    """The round's submissions, with their town and round, in the order given."""
    submissions = Submission.objects.filter(survey_round=survey_round).select_related("town", "survey_round")
    return list(submissions.order_by(*order_by))


def round_rows(survey_round: SurveyRound) -> dict[int, list[SubmissionRow]]:
    """The round's rows (with their committee) by submission id, in section and position order."""
    by_submission: dict[int, list[SubmissionRow]] = defaultdict(list)
    rows = SubmissionRow.objects.filter(submission__survey_round=survey_round).select_related("committee")
    for row in rows.order_by("submission_id", "section", "position"):
        by_submission[row.submission_id].append(row)
    return by_submission


def round_approve_in_bulk(
    survey_round: SurveyRound,
    *,
    actor,
    submissions: list[Submission],
    rows: dict[int, list[SubmissionRow]],
    fill: Callable[[Submission, list[SubmissionRow]], Fill],
    history_reason: str,
) -> int:
    """Enter what `fill` says on every submission, validate, submit and approve each on the town's
    behalf, and write it all in bulk. Returns the number of rows written."""
    forms = selectors.round_specs(survey_round)
    batch = _Batch()
    for submission in submissions:
        form = find_form(forms, submission.form)
        sub_rows = rows[submission.pk]
        entry = fill(submission, sub_rows)
        rows_merge(form, submission, sub_rows, entry, batch)
        issues = _issues_checked(form, sub_rows, entry.context)
        batch.transitions += _mark_approved(submission, issues, actor=actor, submitted_at=entry.submitted_at)
    _save_approved(survey_round, actor=actor, submissions=submissions, batch=batch, history_reason=history_reason)
    return len(batch.changed) + len(batch.created)


def rows_merge(form: FormSpec, submission: Submission, sub_rows: list[SubmissionRow], entry: Fill, batch) -> None:
    """Put the incoming values on the submission's rows: a fixed row matched by its code, a list
    row by its position (new rows appended to `sub_rows` and `batch.created`)."""
    for section_name, raws in entry.incoming.items():
        section = form.section(section_name)
        current = [r for r in sub_rows if r.section == section_name]
        if section.free_rows:
            _list_rows_merge(section, submission, sub_rows, current, raws, entry.committees, batch)
        else:
            by_code = {r.values["committee_code"]: r for r in current}
            for raw in raws:
                row = by_code[raw["committee_code"]]
                row.values = {**row.values, **normalize_row(section, raw)}
                batch.changed.append(row)


def _list_rows_merge(section, submission, sub_rows, current, raws, committees, batch) -> None:
    if len(current) > len(raws):
        raise ValidationError(f"{section.sheet}: {len(current)} rows carried, {len(raws)} made.")
    for position, raw in enumerate(raws, start=1):
        values = normalize_row(section, raw)
        if position <= len(current):
            current[position - 1].values = values
            batch.changed.append(current[position - 1])
            continue
        row = SubmissionRow(
            submission=submission,
            committee=committees.get(values["committee_code"], submission.town),
            section=section.section,
            position=position,
            values=values,
        )
        batch.created.append(row)
        sub_rows.append(row)


def _issues_checked(form: FormSpec, sub_rows: list[SubmissionRow], context: TownContext) -> list:
    sections = {s.section: [r.values for r in sub_rows if r.section == s.section] for s in form.sections}
    issues = validate_form(form, sections, context)
    if has_errors(issues):
        raise ValidationError([str(i) for i in issues if i.is_error][:10])
    return issues


def _approved_at(year: int) -> datetime.datetime:
    return at(datetime.date(year, 10, 20), 15)


def _mark_approved(
    submission: Submission, issues, *, actor, submitted_at: datetime.datetime
) -> list[SubmissionTransition]:
    """Mark a back-filled submission approved in memory (entered on the town's behalf) and
    return its submit and approve steps; _save_approved writes them."""
    submission.error_count, submission.warning_count = count(issues)
    submission.state = State.APPROVED
    submission.last_submitted_at = submitted_at
    submission.on_time = True
    submission.updated_by = actor
    submission.updated_on_behalf = True
    return [
        SubmissionTransition(
            submission=submission,
            action=Step.SUBMIT,
            from_state=State.DRAFT,
            to_state=State.SUBMITTED,
            by=actor,
            at=submitted_at,
            on_behalf=True,
        ),
        SubmissionTransition(
            submission=submission,
            action=Step.APPROVE,
            from_state=State.SUBMITTED,
            to_state=State.APPROVED,
            by=actor,
            at=_approved_at(submission.survey_round.year),
        ),
    ]


def _save_approved(
    survey_round: SurveyRound, *, actor, submissions: list[Submission], batch: _Batch, history_reason: str
) -> None:
    """Write a back-filled round in bulk, each row with its history."""
    history = {"default_user": actor, "default_change_reason": history_reason, "batch_size": 500}
    bulk_update_with_history(batch.changed, SubmissionRow, ["values"], **history)
    bulk_create_with_history(batch.created, SubmissionRow, **history)
    bulk_update_with_history(submissions, Submission, APPROVED_FIELDS, **history)
    bulk_create_with_history(batch.transitions, SubmissionTransition, **history)
    Submission.objects.filter(survey_round=survey_round).update(updated_at=_approved_at(survey_round.year))

"""Writes of rounds and submissions: opening a round, saving, and the review workflow.

    draft ──submit──▶ submitted ──approve──▶ approved (locked)
      ▲                 │                       │
      └─ returned ◀─return (reason)      reopen (reason) ─▶ returned

Each service is one transaction, checks the actor's permission with committees.scoping
(PermissionDenied), and raises ValidationError with a message for the user. Every state
change writes a SubmissionTransition; every value change is in the rows' history, with the
actor and, when district staff act for a town, the reason "on behalf". Returning, reopening
and approving email the town's secretaries once the transaction has committed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees import scoping
from committees.models import Committee, Kind, Role
from committees.scoping import Action
from evaluations.selectors import standard_in_force

from . import emails, selectors
from .cell_comments import comment_columns, comment_rows
from .models import (
    COMMENT_MAX_LENGTH,
    EDITABLE_STATES,
    CellComment,
    DeadlineReminder,
    Notice,
    State,
    Step,
    Submission,
    SubmissionRow,
    SubmissionTransition,
    SurveyRound,
    TownExtension,
    reference_date_of,
)
from .prefill import round_prefill
from .spec import FORM_NUMBERS, SPEC_VERSION, FormSpec, SectionSpec
from .validation import (
    Issue,
    count,
    derive_form,
    has_errors,
    normalize_row,
    split_blank_required,
    storage_issues,
)

ON_BEHALF_REASON = "on behalf"
ISSUES_IN_MESSAGE = 10


class SubmissionInvalid(ValidationError):
    """Submitting was refused because of errors; `issues` lists every error and warning."""

    def __init__(self, issues: list[Issue]):
        errors = [i for i in issues if i.is_error]
        lines = [str(i) for i in errors[:ISSUES_IN_MESSAGE]]
        if len(errors) > ISSUES_IN_MESSAGE:
            lines.append(_("… and %(count)d more errors.") % {"count": len(errors) - ISSUES_IN_MESSAGE})
        super().__init__([_("The form has errors; correct them before submitting."), *lines])
        self.issues = issues


@dataclass
class SaveResult:
    submission: Submission
    issues: list[Issue] = field(default_factory=list)
    changed_rows: int = 0


def _require(actor, action: Action, committee: Committee) -> None:
    if not scoping.can(actor, action, committee):
        raise PermissionDenied(_("You are not allowed to do this."))


def is_town_secretary(actor, town: Committee) -> bool:
    """Whether the actor holds the secretary role on this town (anyone else entering is 代填)."""
    return any(s.role == Role.TOWN_SECRETARY and town.path.startswith(s.path) for s in scoping.user_scopes(actor))


def _may_ignore_deadline(actor, town: Committee) -> bool:
    return scoping.can(actor, Action.REVIEW, town)


def _lock(submission: Submission) -> Submission:
    """Reload the submission for update, so two workflow steps never interleave."""
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("survey_round__fhfg_standard", "town")
        .get(pk=submission.pk)
    )


NOTICE_STEPS = (Step.RETURN, Step.REOPEN, Step.APPROVE, Step.EXTEND)


def notices_write(transitions: Sequence[SubmissionTransition]) -> list[Notice]:
    """Tell each secretary of the towns concerned of these steps in the portal (the bell). Two queries."""
    steps = [t for t in transitions if t.action in NOTICE_STEPS]
    secretaries = selectors.town_secretary_ids({t.submission.town_id for t in steps})
    notices = [
        Notice(user_id=user_id, transition=t, created_at=t.at)
        for t in steps
        for user_id in secretaries.get(t.submission.town_id, ())
    ]
    return Notice.objects.bulk_create(notices)


def _notify(transitions: Sequence[SubmissionTransition]) -> None:
    """Tell the towns of these steps: a notice in the portal now, and an email in the background
    once they are committed."""
    from .tasks import notify_transitions  # the tasks call the services

    notices_write(transitions)
    ids = [t.pk for t in transitions]
    # robust: the step has been taken; a broker that is down loses the email (logged), not the page.
    transaction.on_commit(lambda: notify_transitions.delay(ids), robust=True)


def _transition(
    submission: Submission,
    *,
    actor,
    step: str,
    to_state: str,
    reason: str = "",
    on_behalf: bool = False,
    extended_until: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> SubmissionTransition:
    transition = SubmissionTransition(
        submission=submission,
        action=step,
        from_state=submission.state,
        to_state=to_state,
        by=actor,
        at=at or timezone.now(),
        reason=reason,
        on_behalf=on_behalf,
        extended_until=extended_until,
    )
    transition.full_clean(exclude=["submission", "by"])
    transition.save()
    return transition


# Rounds -------------------------------------------------------------------------------------


def _district_roots() -> list[Committee]:
    return list(Committee.objects.filter(parent__isnull=True, kind=Kind.DISTRICT))


@transaction.atomic
def round_open(
    *,
    actor,
    year: int,
    deadline: datetime.date,
    opened_on: datetime.date | None = None,
    forms: Sequence[int] | None = None,
) -> SurveyRound:
    """Open a round: one submission per town per enabled form, prefilled from the registry and
    from last round's approved values. A past deadline is allowed (back-filling a year)."""
    roots = _district_roots()
    if not roots:
        raise ValidationError(_("There is no district committee."))
    for root in roots:
        _require(actor, Action.MANAGE_ROUNDS, root)
    if SurveyRound.objects.filter(year=year).exists():
        raise ValidationError(_("The %(year)d round is already open.") % {"year": year})
    reference_date = reference_date_of(year)
    try:
        standard = standard_in_force(reference_date)
    except ObjectDoesNotExist as exc:  # no 五有五好 standard in force yet
        raise ValidationError(str(exc)) from exc
    survey_round = SurveyRound(
        year=year,
        reference_date=reference_date,
        # A back-filled round (past deadline) counts as opened by its deadline unless told otherwise.
        opened_on=opened_on or min(timezone.localdate(), deadline),
        deadline=deadline,
        enabled_forms=sorted(forms) if forms is not None else list(FORM_NUMBERS),
        spec_version=SPEC_VERSION,
        fhfg_standard=standard,
        opened_by=actor,
    )
    survey_round.full_clean()
    survey_round.save()
    towns = selectors.towns_on(reference_date)
    if not towns:
        raise ValidationError(_("There are no towns to survey."))
    _round_submissions_create(survey_round, towns, actor=actor)
    return survey_round


def _round_submissions_create(survey_round: SurveyRound, towns, *, actor) -> None:
    """One submission per town per enabled form, its rows prefilled (round_prefill), its counts
    those of the prefilled values."""
    drafts = round_prefill(survey_round, towns)
    specs = selectors.enabled_specs(survey_round)
    submissions = []
    for town in towns:
        for form in specs:
            # Required cells the registry left blank are to fill, not errors, until a first save.
            issues = split_blank_required(drafts.validate(town, form))[0]
            errors, warnings = count(issues)
            submissions.append(
                Submission(
                    survey_round=survey_round,
                    town=town,
                    form=form.number,
                    error_count=errors,
                    warning_count=warnings,
                    # updated_*: the last edit of the values (最近修改); opening the round is none.
                )
            )
    history = {"default_user": actor, "default_change_reason": _("round opened"), "batch_size": 500}
    submissions = bulk_create_with_history(submissions, Submission, **history)
    rows = [
        SubmissionRow(
            submission=submission,
            committee_id=draft.committee_id,
            section=draft.section,
            position=position,
            values=draft.values,
            prefill=draft.prefill,
        )
        for submission in submissions
        for section in selectors.submission_form(submission).sections
        for position, draft in enumerate(drafts.rows(submission.town, submission.form, section.section), start=1)
    ]
    bulk_create_with_history(rows, SubmissionRow, **history)


# Entering ---------------------------------------------------------------------------------


def _require_editable(submission: Submission) -> None:
    if submission.state == State.APPROVED:
        raise ValidationError(_("This form is approved and locked; district staff can reopen it."))
    if submission.state not in EDITABLE_STATES:
        raise ValidationError(_("This form has been submitted; it can be changed only after it is returned."))


def _resolve_committees(town: Committee, codes: Iterable[str]) -> dict[str, int]:
    codes = {c for c in codes if c}
    if not codes:
        return {}
    found = Committee.objects.filter(code__in=codes, path__startswith=town.path).values_list("code", "pk")
    return dict(found)


def _code_of(values: Mapping) -> str:
    code = values.get("committee_code")
    return str(code).strip() if code not in (None, "") else ""


def _row_id(raw: Mapping) -> int | None:
    """The "_id" a list row was read with (a grid posts it back as text)."""
    try:
        return int(raw.get("_id"))
    except (TypeError, ValueError):
        return None


def _filled(values: Mapping) -> dict:
    """The cells that hold something: a blank cell and an absent one are the same."""
    return {k: v for k, v in values.items() if v is not None}


def _is_blank(section: SectionSpec, values: Mapping) -> bool:
    return all(values.get(k) in (None, "") for k in section.keys)


def _require_version(submission: Submission, expected: int | None) -> None:
    """Refuse a save made from a page (or a preview) older than the form's last saved change."""
    if expected is not None and submission.version != expected:
        raise ValidationError(
            _(
                "Someone else saved this form after you opened it; reload the page to see their changes, "
                "then enter yours again."
            ),
            code="stale",
        )


@transaction.atomic
def submission_save(
    *, actor, submission: Submission, rows: Mapping[str, Sequence[Mapping]], expected_version: int | None = None
) -> SaveResult:
    """Save draft values. `rows` maps a section ("main", "B") to its rows as cell dicts keyed
    by field key. Rows of a fixed section are matched by 单位编码 and only their editable cells
    change; a list section (表4B, 表5B) is replaced by the rows given, a row keeping its
    identity (and its registry values) when it carries the "_id" it was read with.
    Values that don't parse are kept as typed; the result lists every issue. With
    `expected_version` (the version the page was made from), a form saved by someone else
    since is refused; every save that changes rows counts a new version."""
    _require(actor, Action.ENTER_FORMS, submission.town)
    submission = _lock(submission)
    _require_editable(submission)
    _require_version(submission, expected_version)
    form = selectors.submission_form(submission)
    _require_storable(form, rows)

    existing: dict[str, list[SubmissionRow]] = {}
    for row in SubmissionRow.objects.filter(submission=submission).order_by("section", "position"):
        existing.setdefault(row.section, []).append(row)
    changes = _RowChanges()
    for section_name, incoming in rows.items():
        section = form.section(section_name)
        current = existing.get(section_name, [])
        if section.free_rows:
            _list_section_merge(section, submission, current, incoming, changes)
        else:
            _fixed_section_merge(section, current, incoming, changes)

    on_behalf = not is_town_secretary(actor, submission.town)
    reason = ON_BEHALF_REASON if on_behalf else ""
    history = {"default_user": actor, "default_change_reason": reason}
    _row_changes_write(changes, history)
    changed_rows = changes.count + _store_derived(submission, form, history)
    issues = selectors.submission_issues(submission)
    submission.error_count, submission.warning_count = count(issues)
    fields = ["error_count", "warning_count"]
    if changed_rows:  # an edit: the form's last change (最近修改) is this one
        submission.version += 1  # the row is locked: no other save counts meanwhile
        submission.updated_by = actor
        submission.updated_on_behalf = on_behalf
        fields += ["updated_by", "updated_on_behalf", "updated_at", "version"]
    submission._change_reason = reason
    submission.save(update_fields=fields)
    return SaveResult(submission, issues, changed_rows)


@dataclass
class _RowChanges:
    """What a save does to a submission's rows, written by _row_changes_write."""

    changed: list[SubmissionRow] = field(default_factory=list)
    created: list[SubmissionRow] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    moved: bool = False  # a kept row changed position

    @property
    def count(self) -> int:
        return len(self.changed) + len(self.created) + len(self.deleted)


def _require_storable(form: FormSpec, rows: Mapping[str, Sequence[Mapping]]) -> None:
    """Refuse sections the form lacks, and values no draft may hold (storage_issues)."""
    unknown = set(rows) - {s.section for s in form.sections}
    if unknown:
        raise ValidationError(
            _("Form %(form)d has no section %(section)s.")
            % {"form": form.number, "section": ", ".join(sorted(unknown))}
        )
    refused = [issue for name, incoming in rows.items() for issue in storage_issues(form.section(name), incoming)]
    if refused:  # what no draft may hold, whichever path brought it
        raise ValidationError([str(issue) for issue in refused[:ISSUES_IN_MESSAGE]])


def _list_section_merge(
    section: SectionSpec,
    submission: Submission,
    current: list[SubmissionRow],
    incoming: Sequence[Mapping],
    changes: _RowChanges,
) -> None:
    """A list section is replaced by the rows given, blank ones dropped; a row carrying the "_id"
    it was read with keeps its identity and the registry values the grid does not show."""
    codes = _resolve_committees(submission.town, (_code_of(r) for r in incoming))
    by_id = {r.pk: r for r in current}
    kept: set[int] = set()
    position = 0
    for raw in incoming:
        values = normalize_row(section, raw)
        if _is_blank(section, values):
            continue
        position += 1
        committee_id = codes.get(_code_of(values))
        row = by_id.get(_row_id(raw))
        if row is None or row.pk in kept:
            changes.created.append(
                SubmissionRow(
                    submission=submission,
                    section=section.section,
                    position=position,
                    committee_id=committee_id,
                    values=values,
                )
            )
            continue
        kept.add(row.pk)
        values = {**{k: v for k, v in row.values.items() if section.has_field(k)}, **values}
        if _filled(row.values) != _filled(values) or row.position != position or row.committee_id != committee_id:
            changes.moved = changes.moved or row.position != position
            row.values, row.position, row.committee_id = values, position, committee_id
            changes.changed.append(row)
    changes.deleted += [r.pk for r in current if r.pk not in kept]


def _fixed_section_merge(
    section: SectionSpec, current: list[SubmissionRow], incoming: Sequence[Mapping], changes: _RowChanges
) -> None:
    """A fixed section's rows are matched by 单位编码; only their editable cells change."""
    by_code = {_code_of(r.values): r for r in current}
    strangers = [_code_of(r) or "?" for r in incoming if _code_of(r) not in by_code]
    if strangers:
        raise ValidationError(_("These rows are not part of this form: %(codes)s.") % {"codes": ", ".join(strangers)})
    editable = section.editable_keys
    for raw in incoming:
        row = by_code[_code_of(raw)]
        update = normalize_row(section, {k: raw[k] for k in editable if k in raw})
        values = {**row.values, **update}
        if _filled(values) != _filled(row.values):
            row.values = values
            changes.changed.append(row)


def _row_changes_write(changes: _RowChanges, history: Mapping) -> None:
    """Write a save's row changes, each with its history."""
    if changes.deleted:
        # Deleting through the instances keeps a "-" record in each row's history.
        for row in SubmissionRow.objects.filter(pk__in=changes.deleted):
            row._history_user = history["default_user"]
            row._change_reason = history["default_change_reason"]
            row.delete()
    if changes.moved:
        # Positions are unique per section: park the moved rows out of the way before renumbering.
        SubmissionRow.objects.filter(pk__in=[r.pk for r in changes.changed]).update(position=F("position") + 1_000_000)
    if changes.changed:
        bulk_update_with_history(changes.changed, SubmissionRow, ["values", "position", "committee"], **history)
    if changes.created:
        bulk_create_with_history(changes.created, SubmissionRow, **history)


def _store_derived(submission: Submission, form: FormSpec, history: Mapping) -> int:
    """Store the form's derived cells as its rows now give them (validation.derive_form: form 4's
    志愿者团队数 is the number of 表4B's teams), so that the report, the template and an import
    read the same figure the grid shows. Returns how many rows it changed; no query for a form
    without derived cells."""
    if not any(f.counts_rows for section in form.sections for f in section.fields):
        return 0
    stored = list(SubmissionRow.objects.filter(submission=submission).order_by("section", "position"))
    sections: dict[str, list[dict]] = {}
    for row in stored:
        sections.setdefault(row.section, []).append(row.values)
    derived = derive_form(form, sections)
    changed = []
    for row, values in zip(stored, (v for s in sections for v in derived[s]), strict=True):
        if values != row.values:
            row.values = values
            changed.append(row)
    if changed:
        bulk_update_with_history(changed, SubmissionRow, ["values"], **history)
    return len(changed)


# The workflow -----------------------------------------------------------------------------


def submission_submit(*, actor, submission: Submission) -> Submission:
    """Submit for review: refused while the form has errors (warnings don't block). After the
    deadline a town secretary can submit only within an extension; district staff always can.
    A refusal keeps the counts it found (the form is checked from then on, surveys.grid)."""
    try:
        return _submit(actor=actor, submission=submission)
    except SubmissionInvalid as exc:
        submission.error_count, submission.warning_count = count(exc.issues)
        submission.save(update_fields=["error_count", "warning_count"])
        raise


@transaction.atomic
def _submit(*, actor, submission: Submission) -> Submission:
    _require(actor, Action.ENTER_FORMS, submission.town)
    submission = _lock(submission)
    _require_editable(submission)
    today = timezone.localdate()
    if today > submission.town_deadline() and not _may_ignore_deadline(actor, submission.town):
        raise ValidationError(
            _("The deadline (%(deadline)s) has passed; ask the district for an extension.")
            % {"deadline": submission.town_deadline().isoformat()}
        )
    issues = selectors.submission_issues(submission)
    submission.error_count, submission.warning_count = count(issues)
    if has_errors(issues):
        raise SubmissionInvalid(issues)
    on_behalf = not is_town_secretary(actor, submission.town)
    _transition(submission, actor=actor, step=Step.SUBMIT, to_state=State.SUBMITTED, on_behalf=on_behalf)
    submission.state = State.SUBMITTED
    submission.last_submitted_at = timezone.now()
    submission.on_time = today <= submission.survey_round.deadline
    submission._change_reason = ON_BEHALF_REASON if on_behalf else ""
    submission._history_user = actor
    # A step, not an edit: the last change (updated_*) stays the last edit of the values.
    submission.save(update_fields=["state", "last_submitted_at", "on_time", "error_count", "warning_count"])
    return submission


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason."))
    return reason


def _set_state(submission: Submission, *, actor, state: str, reason: str = "") -> Submission:
    """A step of the workflow (its history record names the actor); not an edit of the values,
    so the form's last change (updated_*, 最近修改) stays as it was."""
    submission.state = state
    submission._change_reason = reason
    submission._history_user = actor
    submission.save(update_fields=["state"])
    return submission


@dataclass(frozen=True)
class CommentDraft:
    """A comment on one cell, as a reviewer gives it with a return (surveys.cell_comments keys)."""

    section: str
    row_key: str
    field_key: str
    text: str


def _cell_comments(submission: Submission, drafts: Sequence[CommentDraft], *, actor) -> list[CellComment]:
    """The comments as records of the submission, each on a row and column the form has, one per
    cell; ValidationError names every comment that is not. One query (the rows)."""
    if not drafts:
        return []
    form = selectors.submission_form(submission)
    rows = {(r.section.section, r.key): r for r in comment_rows(form, selectors.submission_sections(submission))}
    errors, found, seen = [], [], set()
    for draft in drafts:
        text = (draft.text or "").strip()
        row = rows.get((draft.section, draft.row_key))
        if row is None:
            errors.append(_("A comment is on a row the form does not have (%(row)s).") % {"row": draft.row_key})
            continue
        names = {"sheet": row.section.sheet, "row": row.label}
        if draft.field_key not in {f.key for f in comment_columns(row.section)}:
            errors.append(
                _("A comment is on a column %(sheet)s does not have (%(column)s).")
                % {**names, "column": draft.field_key}
            )
            continue
        names["column"] = row.section.field(draft.field_key).header
        if not text:
            errors.append(_("The comment on %(sheet)s · %(row)s · %(column)s is empty.") % names)
        elif len(text) > COMMENT_MAX_LENGTH:
            errors.append(
                _("The comment on %(sheet)s · %(row)s · %(column)s is longer than %(max)d characters.")
                % {**names, "max": COMMENT_MAX_LENGTH}
            )
        elif (draft.section, draft.row_key, draft.field_key) in seen:
            errors.append(_("Two comments are on %(sheet)s · %(row)s · %(column)s: join them into one.") % names)
        else:
            seen.add((draft.section, draft.row_key, draft.field_key))
            found.append(
                CellComment(
                    submission=submission,
                    section=draft.section,
                    row_key=draft.row_key,
                    row_label=row.label[:200],
                    field_key=draft.field_key,
                    text=text,
                    author=actor,
                )
            )
    if errors:
        raise ValidationError(errors)
    for comment in found:
        comment.full_clean(exclude=["submission", "transition", "author"])
    return found


@transaction.atomic
def submission_return(
    *, actor, submission: Submission, reason: str, comments: Sequence[CommentDraft] = ()
) -> Submission:
    """Send a submitted form back to the town with the reason, and comments on its cells that the
    town sees on them until it submits again; the town corrects and resubmits."""
    _require(actor, Action.REVIEW, submission.town)
    reason = _reason(reason)
    submission = _lock(submission)
    if submission.state != State.SUBMITTED:
        raise ValidationError(_("Only a submitted form can be returned."))
    cell_comments = _cell_comments(submission, comments, actor=actor)
    transition = _transition(submission, actor=actor, step=Step.RETURN, to_state=State.RETURNED, reason=reason)
    for comment in cell_comments:
        comment.transition, comment.created_at = transition, transition.at
    bulk_create_with_history(cell_comments, CellComment, default_user=actor)
    _notify([transition])
    return _set_state(submission, actor=actor, state=State.RETURNED, reason=reason)


@transaction.atomic
def submission_approve(*, actor, submission: Submission) -> Submission:
    """Approve a submitted form; it is locked from then on and counts in the report."""
    return submissions_approve(actor=actor, submissions=[submission])[0]


@transaction.atomic
def submissions_approve(*, actor, submissions: Iterable[Submission]) -> list[Submission]:
    """Approve several submitted forms at once; if any cannot be approved, none is."""
    ids = [s.pk for s in submissions]
    locked = list(
        Submission.objects.select_for_update(of=("self",))
        .select_related("town", "survey_round")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    for submission in locked:
        _require(actor, Action.REVIEW, submission.town)
    refused = [s for s in locked if s.state != State.SUBMITTED]
    if refused:
        raise ValidationError(
            _("Only submitted forms can be approved; not: %(forms)s.")
            % {"forms": ", ".join(f"{s.town.name} 表{s.form} ({s.get_state_display()})" for s in refused)}
        )
    now = timezone.now()
    transitions = [
        SubmissionTransition(
            submission=s, action=Step.APPROVE, from_state=s.state, to_state=State.APPROVED, by=actor, at=now
        )
        for s in locked
    ]
    for submission in locked:
        submission.state = State.APPROVED  # a step, not an edit: the last change stays as it was
    history = {"default_user": actor, "default_change_reason": ""}
    transitions = bulk_create_with_history(transitions, SubmissionTransition, **history)
    bulk_update_with_history(locked, Submission, ["state"], **history)
    _notify(transitions)
    by_pk = {s.pk: s for s in locked}
    return [by_pk[pk] for pk in ids if pk in by_pk]


@transaction.atomic
def submission_reopen(*, actor, submission: Submission, reason: str) -> Submission:
    """Unlock an approved form: it goes back to the town as returned, with the reason."""
    _require(actor, Action.REVIEW, submission.town)
    reason = _reason(reason)
    submission = _lock(submission)
    if submission.state != State.APPROVED:
        raise ValidationError(_("Only an approved form can be reopened."))
    transition = _transition(submission, actor=actor, step=Step.REOPEN, to_state=State.RETURNED, reason=reason)
    _notify([transition])
    return _set_state(submission, actor=actor, state=State.RETURNED, reason=reason)


@transaction.atomic
def town_extend(
    *, actor, survey_round: SurveyRound, town: Committee, until: datetime.date, reason: str = ""
) -> TownExtension:
    """Let a town submit its forms of a round after the deadline, up to and including `until`:
    one extension for all its forms (a later one replaces it). Each form not yet submitted gets
    the step in its workflow; no form is changed (their last change stays as it was)."""
    _require(actor, Action.REVIEW, town)
    if until <= survey_round.deadline:
        raise ValidationError(
            _("An extension must end after the deadline (%(deadline)s).")
            % {"deadline": survey_round.deadline.isoformat()}
        )
    if until < timezone.localdate():
        raise ValidationError(_("An extension cannot end in the past."))
    submissions = list(
        Submission.objects.select_for_update(of=("self",)).filter(survey_round=survey_round, town=town).order_by("form")
    )
    if not any(s.is_editable for s in submissions):
        raise ValidationError(_("Every form of this town has been submitted; there is nothing to extend."))
    reason = (reason or "").strip()
    now = timezone.now()
    extension = TownExtension.objects.filter(survey_round=survey_round, town=town).first() or TownExtension(
        survey_round=survey_round, town=town
    )
    extension.until, extension.reason, extension.granted_by, extension.granted_at = until, reason, actor, now
    extension.full_clean(exclude=["survey_round", "town", "granted_by"])
    extension._history_user = actor
    extension.save()
    steps = [
        _transition(
            submission,
            actor=actor,
            step=Step.EXTEND,
            to_state=submission.state,
            reason=reason,
            extended_until=until,
            at=now,
        )
        for submission in submissions
        if submission.is_editable
    ]
    notices_write(steps[:1])  # one notice for the town's one extension
    return extension


@transaction.atomic
def notices_mark_read(*, user, notice_ids: Iterable[int]) -> int:
    """Mark the user's own notices among these as read; the number marked."""
    return Notice.objects.filter(user=user, pk__in=list(notice_ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )


# Reminders --------------------------------------------------------------------------------


def reminders_send(*, today: datetime.date | None = None) -> list[DeadlineReminder]:
    """Remind each town with forms not yet submitted, SURVEY_REMINDER_DAYS days or fewer before
    a round's deadline, once per round: the record is written in the same transaction as the
    email is sent, so a later run skips the town (and a failed send is tried again)."""
    today = today or timezone.localdate()
    due = selectors.reminders_due(today, settings.SURVEY_REMINDER_DAYS)
    recipients = selectors.town_secretary_emails({town_id for _, town_id in due})
    connection = emails.connection()
    sent = []
    for (round_id, town_id), submissions in due.items():
        to = recipients.get(town_id)
        if not to:
            continue  # nobody to tell yet; a later run tries again once a secretary has an address
        try:
            with transaction.atomic():
                reminder = DeadlineReminder.objects.create(
                    survey_round_id=round_id,
                    town_id=town_id,
                    sent_at=timezone.now(),
                    recipients=to,
                    forms=[s.form for s in submissions],
                )
                emails.reminder_send(submissions, to, connection=connection)
        except IntegrityError:
            continue  # another run reminded this town meanwhile
        sent.append(reminder)
    return sent

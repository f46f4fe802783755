"""The review workflow of a submission:

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

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees.scoping import Action

from .. import selectors
from ..models import (
    CellComment,
    State,
    Step,
    Submission,
    SubmissionTransition,
)
from ..validation import (
    Issue,
    count,
    has_errors,
)
from .comments import CommentDraft, _cell_comments
from .common import (
    ISSUES_IN_MESSAGE,
    ON_BEHALF_REASON,
    _lock,
    _may_ignore_deadline,
    _reason,
    _require,
    _require_editable,
    _set_state,
    _transition,
    is_town_secretary,
)
from .notices import _notify


class SubmissionInvalid(ValidationError):
    """Submitting was refused because of errors; `issues` lists every error and warning."""

    def __init__(self, issues: list[Issue]):
        errors = [i for i in issues if i.is_error]
        lines = [str(i) for i in errors[:ISSUES_IN_MESSAGE]]
        if len(errors) > ISSUES_IN_MESSAGE:
            lines.append(_("… and %(count)d more errors.") % {"count": len(errors) - ISSUES_IN_MESSAGE})
        super().__init__([_("The form has errors; correct them before submitting."), *lines])
        self.issues = issues


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

"""What every write of a submission shares: the permission check, the lock, the record of a
workflow step, and the rule that only a draft or a returned form is edited."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from committees import scoping
from committees.models import Committee, Role
from committees.scoping import Action

from ..models import (
    EDITABLE_STATES,
    State,
    Submission,
    SubmissionTransition,
)

ON_BEHALF_REASON = "on behalf"
ISSUES_IN_MESSAGE = 10


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


def _require_editable(submission: Submission) -> None:
    if submission.state == State.APPROVED:
        raise ValidationError(_("This form is approved and locked; district staff can reopen it."))
    if submission.state not in EDITABLE_STATES:
        raise ValidationError(_("This form has been submitted; it can be changed only after it is returned."))


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

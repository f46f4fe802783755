"""Writes of the meetings and visits log. Views check the user's right (scoping,
Action.LOG_MEETINGS on the convening committee) before calling these; each write records the
acting user and a reason in the row's history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Committee, Meeting
from .history import _save_with_history

MEETING_FIELDS = ("kind", "date", "topics", "decisions", "findings")


@transaction.atomic
def meeting_save(*, actor, meeting: Meeting, convenor: Committee, participants=(), **fields) -> Meeting:
    """Log a meeting or visit convened by `convenor`, or change one, with the committees taking part."""
    creating = meeting.pk is None
    if creating and not convenor.is_open:
        raise ValidationError(_("%(name)s is closed and takes no new records.") % {"name": convenor.name})
    meeting.convenor = convenor
    for name in MEETING_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.full_clean()
    _save_with_history(meeting, actor=actor, reason=_("created") if creating else _("changed"))
    meeting.participants.set([c for c in participants if c.pk != convenor.pk])
    return meeting


@transaction.atomic
def meeting_delete(*, actor, meeting: Meeting) -> None:
    """Remove an entry logged by mistake; its history keeps what it was and who removed it."""
    meeting._history_user = actor
    meeting._change_reason = _("deleted")
    meeting.delete()

"""Writes of the entry/exit review (进退机制): recording people's decision on a suggestion of the
review. An exit decision ends the membership (volunteer_exit), a promotion puts the volunteer in
the backbone; every write keeps its history with the acting user. Views check the user's right
(scoping, Action.MANAGE_POINTS on the volunteer's committee) before calling these."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Decision, ExitEntryDecision, Layer, Volunteer
from .history import _save_with_history
from .registry import volunteer_exit


@transaction.atomic
def review_decide(
    *, actor, volunteer: Volunteer, suggestion: str, decision: str, reason: str, day: datetime.date
) -> ExitEntryDecision:
    """Record a decision on a suggestion and apply it: exit ends the membership on `day` with the
    reason, promote puts a participant in the backbone; keep and no change only record."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    reason = reason.strip()
    if not volunteer.is_active:
        raise ValidationError(_("This volunteer has already exited."))
    if decision == Decision.PROMOTE and volunteer.layer == Layer.BACKBONE:
        raise ValidationError({"decision": _("This volunteer is already in the backbone.")})
    record = ExitEntryDecision(
        volunteer=volunteer, suggestion=suggestion, decision=decision, reason=reason, decided_by=actor, decided_on=day
    )
    record.full_clean()
    _save_with_history(record, actor=actor, reason=_("created"))
    if decision == Decision.EXIT:
        volunteer_exit(actor=actor, volunteer=volunteer, exited_on=day, exit_reason=reason)
    elif decision == Decision.PROMOTE:
        volunteer.layer = Layer.BACKBONE
        _save_with_history(volunteer, actor=actor, reason=_("promoted to the backbone"), update_fields=["layer"])
    return record

"""Letting a town submit after the deadline."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee
from committees.scoping import Action

from ..models import (
    Step,
    Submission,
    SurveyRound,
    TownExtension,
)
from .common import (
    _require,
    _transition,
)
from .notices import notices_write


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

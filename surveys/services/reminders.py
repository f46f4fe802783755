"""Reminding towns of a round's deadline, by email."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import emails, selectors
from ..models import (
    DeadlineReminder,
)


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

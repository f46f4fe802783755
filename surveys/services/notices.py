"""The towns told of a workflow step: a notice in the portal (the bell), an email once committed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from .. import selectors
from ..models import (
    Notice,
    Step,
    SubmissionTransition,
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
    from ..tasks import notify_transitions  # the tasks call the services

    notices_write(transitions)
    ids = [t.pk for t in transitions]
    # robust: the step has been taken; a broker that is down loses the email (logged), not the page.
    transaction.on_commit(lambda: notify_transitions.delay(ids), robust=True)


@transaction.atomic
def notices_mark_read(*, user, notice_ids: Iterable[int]) -> int:
    """Mark the user's own notices among these as read; the number marked."""
    return Notice.objects.filter(user=user, pk__in=list(notice_ids), read_at__isnull=True).update(
        read_at=timezone.now()
    )

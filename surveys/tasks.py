"""Background work of the surveys: the workflow's emails and the deadline reminders (Celery beat)."""

import logging

from celery import shared_task

from . import emails, services

logger = logging.getLogger(__name__)


@shared_task
def notify_transitions(transition_ids: list[int]) -> None:
    """Email the towns about workflow steps that have been committed."""
    sent = emails.transitions_notify(transition_ids)
    logger.info("sent %d emails about transitions %s", sent, transition_ids)


@shared_task
def send_deadline_reminders() -> None:
    """Remind the towns with forms not yet submitted as a deadline nears (once per round and town)."""
    reminders = services.reminders_send()
    logger.info("sent %d deadline reminders", len(reminders))


# The report compiler lives in surveys.report; Celery discovers tasks in surveys.tasks only.
from .report.tasks import compile_report  # noqa: E402,F401

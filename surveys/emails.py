"""The emails of the survey workflow, to the secretaries of a town: a form returned or reopened
(with the reason), forms approved, and the reminder before a round's deadline.

Emails go through Django's email backend (the console in development). They are written in the
site's language (LANGUAGE_CODE, Chinese) whatever language the request that caused them used,
and their links are absolute, from EMAIL_SITE_URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import selectors
from .cell_comments import header_of
from .models import Step, Submission, SubmissionTransition


def connection():
    return get_connection()


def absolute(path: str) -> str:
    return settings.EMAIL_SITE_URL.rstrip("/") + path


def submission_link(submission: Submission) -> str:
    return absolute(reverse("surveys:submission_detail", kwargs={"pk": submission.pk}))


def town_round_link(submission: Submission) -> str:
    return absolute(
        reverse("surveys:town_round", kwargs={"year": submission.survey_round.year, "town_pk": submission.town_id})
    )


def render(name: str, context: dict, to: Sequence[str]) -> EmailMessage:
    """An email from templates/surveys/email/<name>_subject.txt and <name>_body.txt."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"surveys/email/{name}_subject.txt", context).split())
        body = render_to_string(f"surveys/email/{name}_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=list(to))


def _returned(transition: SubmissionTransition, to: Sequence[str]) -> EmailMessage:
    submission = transition.submission
    context = {
        "transition": transition,
        "submission": submission,
        "town": submission.town,
        "survey_round": submission.survey_round,
        "title": selectors.form_titles()[submission.form],
        "reopened": transition.action == Step.REOPEN,
        "link": submission_link(submission),
        "comments": _comments(transition),
    }
    return render("returned", context, to)


def _comments(transition: SubmissionTransition) -> list[str]:
    """The cell comments a return came with, as lines: "表2 经费落实 · 东港村关工委 · 预算安排(万元)：…"."""
    comments = list(transition.cell_comments.all()) if transition.action == Step.RETURN else []
    if not comments:
        return []
    form = selectors.submission_form(transition.submission)
    lines = []
    for comment in comments:
        sheet, header = header_of(form, comment)
        lines.append(f"{sheet} · {comment.row_label} · {header}：{comment.text}")
    return lines


def _approved(transitions: Sequence[SubmissionTransition], to: Sequence[str]) -> EmailMessage:
    first = transitions[0].submission
    submissions = sorted((t.submission for t in transitions), key=lambda s: s.form)
    titles = selectors.form_titles()
    context = {
        "town": first.town,
        "survey_round": first.survey_round,
        "submissions": submissions,
        "forms": [(s, titles[s.form], submission_link(s)) for s in submissions],
    }
    return render("approved", context, to)


def transition_messages(transitions: Iterable[SubmissionTransition]) -> list[EmailMessage]:
    """One email per return or reopening (each has its reason), one per town and round for the
    approvals; none where the town has no secretary with an address."""
    transitions = list(transitions)
    recipients = selectors.town_secretary_emails({t.submission.town_id for t in transitions})
    messages = []
    approvals: dict[tuple[int, int], list[SubmissionTransition]] = {}
    for transition in transitions:
        submission = transition.submission
        to = recipients.get(submission.town_id)
        if not to:
            continue
        if transition.action in (Step.RETURN, Step.REOPEN):
            messages.append(_returned(transition, to))
        elif transition.action == Step.APPROVE:
            approvals.setdefault((submission.survey_round_id, submission.town_id), []).append(transition)
    for group in approvals.values():
        messages.append(_approved(group, recipients[group[0].submission.town_id]))
    return messages


def transitions_notify(transition_ids: Sequence[int]) -> int:
    """Send the emails about these workflow steps; the number sent."""
    transitions = (
        SubmissionTransition.objects.filter(pk__in=list(transition_ids))
        .select_related("submission__town", "submission__survey_round", "by")
        .prefetch_related("cell_comments")
        .order_by("pk")
    )
    messages = transition_messages(transitions)
    return connection().send_messages(messages) if messages else 0


def reminder_send(submissions: Sequence[Submission], to: Sequence[str], *, connection=None) -> None:
    """Remind a town's secretaries of its forms not yet submitted (one round, one town)."""
    first = submissions[0]
    titles = selectors.form_titles()
    context = {
        "town": first.town,
        "survey_round": first.survey_round,
        "forms": [(s, titles[s.form]) for s in submissions],
        "deadline": first.town_deadline(),  # the round's, or the town's extension
        "link": town_round_link(first),
    }
    message = render("reminder", context, to)
    message.connection = connection
    message.send()

"""Reads for the home page (工作台) and the committee page's survey panel. Every query goes
through committees.scoping; each function is one query."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, QuerySet

from committees import scoping
from committees.models import Committee, Job
from committees.scoping import Action

from .models import State, Step, Submission, SubmissionTransition, SurveyRound, covering_q, extension_until
from .report.models import ReportRun
from .report.selectors import runs_in_scope
from .selectors import form_titles, overdue_q, rounds_for_reader
from .selectors import state_counts as _state_counts

LISTED = 10  # the most rows a home-page list shows (the full lists are one click away)
OPEN_STATUSES = ("queued", "running")


def open_round(today: datetime.date, user, within: Committee | None = None) -> SurveyRound | None:
    """The round the user's towns are answering: the newest one opened by `today` that the user
    reads, the widest first; with `within`, one that asks every town of that committee (a
    province's page does not show one district's round as its own). One query."""
    rounds = rounds_for_reader(user).filter(opened_on__lte=today)
    if within is not None:
        rounds = rounds.filter(covering_q(within))
    return rounds.first()


def readable_submissions(user, survey_round: SurveyRound, action: Action = Action.VIEW) -> QuerySet[Submission]:
    return scoping.scope_queryset(
        Submission.objects.with_extension().filter(survey_round=survey_round, form__in=survey_round.enabled_forms),
        user,
        action,
        field="town",
    )


def forms_to_fill(user, survey_round: SurveyRound, today: datetime.date, committee: Committee | None = None) -> list:
    """The user's forms of the round (of `committee`'s towns when given), by town and form, each
    with `title`, `deadline`, `days_left` and, when returned, `return_reason`. Two queries."""
    submissions = readable_submissions(user, survey_round).select_related("town", "survey_round")
    if committee is not None:
        submissions = submissions.filter(town__path__startswith=committee.path)
    rows = list(submissions.order_by("town__display_order", "town__code", "form"))
    returned = [s.pk for s in rows if s.state == State.RETURNED]
    reasons: dict[int, str] = {}
    if returned:
        for submission_id, reason in (
            SubmissionTransition.objects.filter(submission_id__in=returned, action=Step.RETURN)
            .order_by("submission_id", "at", "pk")
            .values_list("submission_id", "reason")
        ):
            reasons[submission_id] = reason  # the last return wins
    titles = form_titles()
    for s in rows:
        s.title = titles[s.form]
        s.deadline = s.town_deadline()
        s.days_left = (s.deadline - today).days
        s.overdue = s.is_editable and s.days_left < 0
        s.return_reason = reasons.get(s.pk, "")
    return rows


def state_counts(
    user, survey_round: SurveyRound, today: datetime.date, committee: Committee | None = None
) -> dict[str, int]:
    """How many of the readable forms (of `committee`'s towns when given) are in each state, and
    how many are overdue or were submitted late: surveys.selectors.state_counts, as the
    completeness page counts. One query."""
    submissions = readable_submissions(user, survey_round)
    if committee is not None:
        submissions = submissions.filter(town__path__startswith=committee.path)
    return _state_counts(submissions, today=today)


def waiting_for_review(user, survey_round: SurveyRound) -> list[Submission]:
    """The submitted forms the user may review, oldest submission first (the first LISTED). One query."""
    waiting = list(
        readable_submissions(user, survey_round, Action.REVIEW)
        .filter(state=State.SUBMITTED)
        .select_related("town")
        .order_by("last_submitted_at", "pk")[:LISTED]
    )
    titles = form_titles()
    for s in waiting:
        s.title = titles[s.form]
    return waiting


def overdue_towns(user, survey_round: SurveyRound, today: datetime.date) -> list[dict]:
    """The towns with forms past their deadline and not submitted, with how many and the
    earliest deadline. One query."""
    return list(
        readable_submissions(user, survey_round)
        .filter(overdue_q(today))
        .values("town_id", "town__name", "town__display_order", "town__code")
        .annotate(forms=Count("pk"), extended=Min(extension_until()))
        .order_by("town__display_order", "town__code")
    )


def latest_run(user, survey_round: SurveyRound) -> ReportRun | None:
    """The newest report run of the round the user may see. One query."""
    return runs_in_scope(user).filter(survey_round=survey_round).order_by("-created_at", "-pk").first()


def open_jobs(user) -> list[Job]:
    """The background jobs queued or running in the user's scope, newest first. One query."""
    jobs = Job.objects.filter(status__in=OPEN_STATUSES).select_related("committee", "created_by")
    return list(scoping.scope_queryset(jobs, user).order_by("-created_at", "-pk")[:LISTED])


def open_runs(user) -> list[ReportRun]:
    """The report runs queued or compiling in the user's scope, newest first. One query."""
    return list(runs_in_scope(user).filter(status__in=OPEN_STATUSES).order_by("-created_at", "-pk")[:LISTED])


def failed_runs(user) -> list[ReportRun]:
    """The report runs that failed in the user's scope, newest first. One query."""
    return list(runs_in_scope(user).filter(status=ReportRun.Status.FAILED).order_by("-created_at", "-pk")[:LISTED])

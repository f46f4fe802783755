"""The home page (工作台): what each role has to do next in the open round.

A town secretary sees their forms with state, deadline and return reasons; district staff the
completeness counts, the forms waiting for review, the overdue towns and the latest report run;
admins also the open jobs and the failed runs; a viewer the round's progress, read only. Every
read goes through surveys.selectors_home, every query through committees.scoping.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from committees import scoping
from committees.models import TOWN_KINDS, UPPER_KINDS, Committee
from committees.scoping import Action
from evaluations.selectors import rectifications_for

from .. import selectors_home as home_selectors
from ..models import State


def job_kinds() -> dict[str, str]:
    return {
        "district_summary": _("Committee counts"),
        "import_plan": _("Checking an uploaded workbook"),
        "import_apply": _("Importing a workbook"),
    }


def _role(user) -> str:
    if scoping.can_anywhere(user, Action.MANAGE_ROUNDS):
        return "admin"
    if scoping.can_anywhere(user, Action.REVIEW):
        return "staff"
    if scoping.can_anywhere(user, Action.ENTER_FORMS):
        return "secretary"
    return "viewer"


@require_safe
@login_required
def home(request):
    """The user's home page: the open round as their role needs it."""
    user = request.user
    today = timezone.localdate()
    role = _role(user)
    survey_round = home_selectors.open_round(today, user)
    context = {"role": role, "survey_round": survey_round, "today": today, "states": State}
    if survey_round is not None:
        if role == "secretary":
            context["forms"] = home_selectors.forms_to_fill(user, survey_round, today)
        else:
            context["counts"] = home_selectors.state_counts(user, survey_round, today)
        if role in ("staff", "admin"):
            context["waiting"] = home_selectors.waiting_for_review(user, survey_round)
            context["overdue"] = home_selectors.overdue_towns(user, survey_round, today)
            context["latest_run"] = home_selectors.latest_run(user, survey_round)
    if role == "secretary":  # the town's own 五有五好 rectifications (evaluations' selectors)
        context["rectifications"] = rectifications_for(user, today)
    if role == "admin":
        kinds = job_kinds()
        jobs = home_selectors.open_jobs(user)
        for job in jobs:
            job.label = kinds.get(job.kind, _("Background job"))
        context["jobs"] = jobs
        context["open_runs"] = home_selectors.open_runs(user)
        context["failed_runs"] = home_selectors.failed_runs(user)
    return render(request, "surveys/home.html", context)


def committee_panel(request: HttpRequest, committee: Committee) -> dict | None:
    """The committee page's survey panel: a town's forms of the open round, or a district's counts."""
    today = timezone.localdate()
    survey_round = home_selectors.open_round(today, request.user, within=committee)
    if survey_round is None:
        return None
    context = {"survey_round": survey_round, "today": today}
    if committee.kind in TOWN_KINDS:
        context["forms"] = home_selectors.forms_to_fill(request.user, survey_round, today, committee=committee)
        return context if context["forms"] else None
    if committee.kind in UPPER_KINDS:  # above the towns: how far they are
        context["counts"] = home_selectors.state_counts(request.user, survey_round, today, committee=committee)
        return context if context["counts"]["total"] else None
    return None  # a village, a school, …: no forms of its own

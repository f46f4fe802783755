"""The district report's pages: a round's history of runs with the start form, one run's live
progress and downloads, downloading a produced file, and the HTML report inside the portal.

Runs and files are loaded only through surveys.report.selectors (runs_in_scope, files_in_scope):
out of the reader's scope is 404. Starting a run asks committees.scoping for the compile right
on the chosen scope first (out of reading scope 404, readable but not allowed 403); the service
checks again and queues the Celery task.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.downloads import file_response
from committees.forms import DateInput, Form, add_service_errors
from committees.models import TOWN_KINDS, UPPER_KINDS, Committee
from committees.pagination import paginate
from committees.scoping import Action

from ..models import SurveyRound
from ..report import html, runs
from ..report.models import ReportFile, ReportFormat, ReportRun
from ..report.selectors import files_in_scope, rounds_with_runs, runs_in_scope, runs_of_round
from .rounds import reader_round, scope_context, several_scopes

CONTENT_TYPES: dict[str, str] = {
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.JSON: "application/json",
}


class ReportRunForm(Form):
    scope = forms.ModelChoiceField(label=gettext_lazy("Scope"), queryset=Committee.objects.none(), empty_label=None)
    formats = forms.MultipleChoiceField(
        label=gettext_lazy("Formats"),
        choices=ReportFormat.choices,
        initial=ReportFormat.values,
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(
        label=gettext_lazy("Report title"),
        required=False,
        max_length=100,
        help_text=gettext_lazy(
            "Empty: the seed report's title for the district's first report; otherwise "
            "“<scope> basic-level construction research report (<year>)”."
        ),
    )
    report_date = forms.DateField(
        label=gettext_lazy("Report date"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("The date the Word draft is signed with. Empty: the round's deadline."),
    )

    def __init__(self, *args, scopes: QuerySet[Committee], survey_round: SurveyRound | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = scopes
        if survey_round is not None:
            self.fields["report_date"].initial = survey_round.deadline


def _compile_scopes(user) -> QuerySet[Committee]:
    """The district (a city, a province) and the open towns the user may compile, the highest first."""
    kinds = [*UPPER_KINDS, *TOWN_KINDS]
    committees = scoping.committees_for(user, Action.COMPILE).filter(kind__in=kinds, closed_on__isnull=True)
    return committees.order_by("depth", "display_order", "code")


def _check_posted_scope(user, value: str) -> None:
    """404 for a scope outside the user's reading scope, 403 when readable but not compilable."""
    if value.isdigit():
        scoping.get_committee(user, int(value), Action.COMPILE)


def _run(user, pk: int) -> ReportRun:
    run = runs_in_scope(user).filter(pk=pk).first()
    if run is None:
        raise Http404(_("No such report run, or it is outside your scope."))
    return run


@require_safe
@login_required
def report_index(request):
    """List the survey rounds, newest first, each leading to its reports (the menu's entry)."""
    scoping.require_anywhere(request.user, Action.VIEW)
    rounds = rounds_with_runs(request.user)
    return render(request, "surveys/report/index.html", {"rounds": rounds, "several_scopes": several_scopes(rounds)})


@login_required
def report_runs(request, year: int):
    """List a round's report runs the user may see, newest first, with the form to start one."""
    scoping.require_anywhere(request.user, Action.VIEW)
    survey_round = reader_round(request, year)
    may_compile = scoping.can_anywhere(request.user, Action.COMPILE)
    form = (
        ReportRunForm(request.POST or None, scopes=_compile_scopes(request.user), survey_round=survey_round)
        if may_compile
        else None
    )
    if request.method == "POST":
        _check_posted_scope(request.user, request.POST.get("scope", ""))
        scoping.require_anywhere(request.user, Action.COMPILE)
        if form.is_valid():
            try:
                run = runs.report_run_start(actor=request.user, survey_round=survey_round, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                _queued_message(request, run, _("The report is queued."))
                return redirect("surveys:report_run", pk=run.pk)
    page, querystring_base = paginate(request, runs_of_round(request.user, survey_round))
    context = {
        "survey_round": survey_round,
        "form": form,
        "page_obj": page,
        "querystring_base": querystring_base,
        "may_edit_rules": scoping.can_anywhere(request.user, Action.MANAGE_ROUNDS),
        **scope_context(survey_round),
    }
    return render(request, "surveys/report/runs.html", context)


@require_safe
@login_required
def report_run(request, pk: int):
    """Show a run: its progress while it compiles, then its downloads or its error."""
    run = _run(request.user, pk)
    context = {
        "run": run,
        "files": list(run.files.all()),
        "coverage": runs.run_coverage(run) if run.status == ReportRun.Status.DONE else None,
        "may_compile": scoping.can(request.user, Action.COMPILE, run.scope),
    }
    return render(request, "surveys/report/run.html", context)


@require_safe
@login_required
def report_run_progress(request, pk: int):
    """The progress partial that the run page polls; once finished, the whole page reloads."""
    run = _run(request.user, pk)
    response = render(request, "surveys/report/_run_progress.html", {"run": run})
    if run.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def report_run_retry(request, pk: int):
    """Start the run again with the same round, scope and formats."""
    run = _run(request.user, pk)
    try:
        again = runs.report_run_retry(actor=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("surveys:report_run", pk=run.pk)
    _queued_message(request, again, _("The report is queued again."))
    return redirect("surveys:report_run", pk=again.pk)


def _queued_message(request, run: ReportRun, queued: str) -> None:
    """Say the run is queued, unless its task could not be sent (the broker is down): then the
    run page shows it failed, with why and "Run again"."""
    run.refresh_from_db(fields=["status", "error"])
    if run.status != ReportRun.Status.FAILED:
        messages.success(request, queued)


@require_safe
@login_required
def report_file(request, pk: int):
    """Download a produced file, if its run is in the user's scope."""
    stored: ReportFile | None = files_in_scope(request.user).filter(pk=pk).first()
    if stored is None:
        raise Http404(_("No such file, or it is outside your scope."))
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is no longer stored; run the report again.")) from None
    name = stored.download_name
    return file_response(request, handle, name, CONTENT_TYPES[stored.format], committee=stored.run.scope)


@require_safe
@login_required
def report_page(request, pk: int):
    """Show a finished run's report as a page of the portal, with its charts."""
    run = _run(request.user, pk)
    if run.status != ReportRun.Status.DONE:
        return redirect("surveys:report_run", pk=run.pk)
    data = runs.report_data_build(survey_round=run.survey_round, scope=run.scope, run=run)
    return render(request, "surveys/report/page.html", {"run": run, "body": html.render_body(data)})

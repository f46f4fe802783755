"""District review: the completeness matrix, returning, approving, reopening, extensions, and
opening a round. Every submission is loaded through committees.scoping by its town: out of the
reader's scope 404, readable but not reviewable 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.forms import save_form
from committees.models import TOWN_KINDS, UPPER_KINDS, Committee
from committees.pagination import paginate
from committees.scoping import Action

from .. import selectors, services
from ..cell_comments import comment_rows
from ..forms_review import (
    ApproveForm,
    BulkApproveForm,
    CompletenessFilterForm,
    ExtendForm,
    ReasonForm,
    ReturnForm,
    RoundOpenForm,
)
from ..models import Submission
from .rounds import reader_round, round_of_town, scope_context, several_scopes


def _submission(request, pk: int, action: Action = Action.REVIEW) -> Submission:
    qs = Submission.objects.select_related("town", "survey_round")
    return scoping.get_scoped_object(qs, request.user, pk, action, field="town")


def _posted(request):
    """The POST data to bind a form to, even when empty (approving posts no field)."""
    return request.POST if request.method == "POST" else None


def _next(request, default: str) -> str:
    """Where to go after an action: the page it was taken from, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def review_back(request, submission: Submission) -> str:
    """Where a review step goes back to: the page the reviewer came to the form from (its
    `next`), else the round's completeness page; never the form itself, which a returned
    form would open in on-behalf editing."""
    return _next(request, reverse("surveys:completeness", kwargs={"year": submission.survey_round.year}))


@require_safe
@login_required
def completeness(request, year: int):
    """Show the towns × forms matrix of a round, as far as the user may read it."""
    scoping.require_anywhere(request.user, Action.VIEW)
    survey_round = reader_round(request, year)
    today = timezone.localdate()
    in_round = Submission.objects.filter(survey_round=survey_round)
    # A round's submissions are of towns (rounds.round_open): the reader's are those of the towns in
    # scope, read by their kind's index, not each submission joined to its town to test its path
    # (a province's 6,500: the counts 7.2 → 3.0 ms in PostgreSQL).
    towns_in_scope = scoping.committees_for(request.user, Action.VIEW).filter(kind__in=TOWN_KINDS)
    readable = in_round.filter(town__in=towns_in_scope)
    form = CompletenessFilterForm(request.GET, forms_enabled=survey_round.enabled_forms)
    filters = form.filters()
    # The counts follow the other filters but not the state one, so that every state stays in view.
    counts = selectors.state_counts(
        selectors.completeness_filter(readable, today=today, **{**filters, "state": ""}), today=today, towns=True
    )
    shown = selectors.completeness_filter(readable, today=today, **filters)
    # Without a state filter the towns shown are the counted submissions' towns: counted already.
    towns_count = counts.pop("towns")
    towns_count = None if filters["state"] else towns_count
    # The towns in the reader's scope with a submission the filters keep (a submission is in scope
    # through its town: the scope narrows the towns, and the round's submissions need no join).
    towns = selectors.completeness_towns(
        selectors.completeness_filter(in_round, today=today, **filters), towns_in_scope
    )
    page, querystring_base = paginate(request, towns, count=towns_count)
    columns = [filters["form"]] if filters["form"] else survey_round.enabled_forms
    titles = selectors.form_titles()  # the five forms' specs built once, not once a column
    context = {
        "survey_round": survey_round,
        "form": form,
        "counts": counts,
        "page_obj": page,
        "querystring_base": querystring_base,
        "columns": [(n, titles[n]) for n in columns],
        "matrix": selectors.completeness_matrix(
            shown, page.object_list, columns, today=today, survey_round=survey_round
        ),
        "reviewable": {t.pk for t in page.object_list if scoping.can(request.user, Action.REVIEW, t)},
        "may_open_rounds": scoping.can_anywhere(request.user, Action.MANAGE_ROUNDS),
        **scope_context(survey_round),
    }
    return render(request, "surveys/review/completeness.html", context)


@login_required
@require_POST
def submissions_approve(request, year: int):
    """Approve the selected submitted forms of a round, all or none."""
    scoping.require_anywhere(request.user, Action.REVIEW)
    survey_round = reader_round(request, year)
    reviewable = scoping.scope_queryset(
        Submission.objects.filter(survey_round=survey_round), request.user, Action.REVIEW, field="town"
    )
    form = BulkApproveForm(request.POST, submissions=reviewable)
    approved = save_form(
        request,
        form,
        lambda data: services.submissions_approve(actor=request.user, submissions=data["submissions"]),
        lambda done: (
            ngettext("Approved %(count)d form.", "Approved %(count)d forms.", len(done)) % {"count": len(done)}
        ),
    )
    if approved is None:
        for error in form.errors.get("submissions", []) + form.non_field_errors():
            messages.error(request, error)
    return redirect(_next(request, reverse("surveys:completeness", kwargs={"year": year})))


def return_form(submission: Submission, data=None, **kwargs) -> ReturnForm:
    """The return form, with the rows and columns a cell comment may name. One query (the rows)."""
    spec = selectors.submission_form(submission)
    rows = comment_rows(spec, selectors.submission_sections(submission))
    return ReturnForm(data, rows=rows, sections=spec.sections, **kwargs)


def _review_step(request, submission: Submission, form, step, *, title: str, done: str):
    """Take one review step through a service; on a GET or an error, show its page."""
    if save_form(request, form, step, done) is not None:
        return redirect(review_back(request, submission))
    context = {
        "submission": submission,
        "form": form,
        "title": title,
        "next": _next(request, ""),
        "form_title": selectors.form_titles()[submission.form],
    }
    return render(request, "surveys/review/action.html", context)


def _names(submission: Submission) -> dict:
    return {"town": submission.town.name, "form": submission.form, "year": submission.survey_round.year}


@login_required
def submission_return(request, pk: int):
    """Send a submitted form back to the town, with the reason and comments on its cells."""
    submission = _submission(request, pk)
    names = _names(submission)
    return _review_step(
        request,
        submission,
        return_form(submission, _posted(request)),
        lambda data: services.submission_return(
            actor=request.user, submission=submission, reason=data["reason"], comments=data["comments"]
        ),
        title=_("Return form %(form)d of %(town)s (%(year)d)") % names,
        done=_("Returned form %(form)d to %(town)s.") % names,
    )


@login_required
def submission_approve(request, pk: int):
    """Approve a submitted form."""
    submission = _submission(request, pk)
    names = _names(submission)
    return _review_step(
        request,
        submission,
        ApproveForm(_posted(request)),
        lambda data: services.submission_approve(actor=request.user, submission=submission),
        title=_("Approve form %(form)d of %(town)s (%(year)d)") % names,
        done=_("Approved form %(form)d of %(town)s.") % names,
    )


@login_required
def submission_reopen(request, pk: int):
    """Unlock an approved form and send it back to the town, with the reason."""
    submission = _submission(request, pk)
    names = _names(submission)
    return _review_step(
        request,
        submission,
        ReasonForm(_posted(request)),
        lambda data: services.submission_reopen(actor=request.user, submission=submission, reason=data["reason"]),
        title=_("Reopen form %(form)d of %(town)s (%(year)d)") % names,
        done=_("Reopened form %(form)d of %(town)s; it is back with the town.") % names,
    )


@login_required
def town_extend(request, year: int, town_pk: int):
    """Let a town submit its forms of a round after the deadline: one extension for all its forms."""
    town = scoping.get_committee(request.user, town_pk, Action.REVIEW)
    survey_round = round_of_town(year, town)
    if not Submission.objects.filter(survey_round=survey_round, town=town).exists():
        raise Http404(_("This town has no forms in this round."))
    names = {"town": town.name, "year": year}
    form = ExtendForm(_posted(request))
    back = reverse("surveys:town_round", kwargs={"year": year, "town_pk": town.pk})
    done = _("Extended the deadline of %(town)s's forms.") % names

    def step(data):
        return services.town_extend(actor=request.user, survey_round=survey_round, town=town, **data)

    if save_form(request, form, step, done) is not None:
        return redirect(_next(request, back))
    context = {
        "survey_round": survey_round,
        "town": town,
        "form": form,
        "title": _("Extend the deadline of %(town)s (%(year)d)") % names,
        "next": _next(request, ""),
        "back": back,
        "extension": selectors.town_extensions(survey_round, [town]).get(town.pk),
    }
    return render(request, "surveys/review/extend.html", context)


def _round_scopes(user) -> QuerySet[Committee]:
    """What a user may open a round for: the open districts, cities and provinces they manage rounds of."""
    committees = scoping.committees_for(user, Action.MANAGE_ROUNDS).filter(kind__in=UPPER_KINDS, closed_on__isnull=True)
    return committees.order_by("path")


@login_required
def round_open(request):
    """Open a survey round (district admins), and list the rounds so far."""
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    form = RoundOpenForm(_posted(request), scopes=_round_scopes(request.user))
    survey_round = save_form(
        request,
        form,
        lambda data: services.round_open(actor=request.user, **data),
        lambda opened: _("Opened the %(year)d round: every town has its forms.") % {"year": opened.year},
    )
    if survey_round is not None:
        return redirect("surveys:completeness", year=survey_round.year)
    rounds = list(selectors.rounds_with_counts(request.user))
    context = {"form": form, "rounds": rounds, "several_scopes": several_scopes(rounds)}
    return render(request, "surveys/review/round_open.html", context)

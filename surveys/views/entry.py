"""Entering the survey forms: the rounds, a town's five forms, the entry grid, submitting.

Every submission is reached through its town with committees.scoping: out of the reader's
scope is 404, readable but not writable is 403. The services check again and do the work.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.forms import add_service_errors
from committees.pagination import paginate
from committees.scoping import Action

from .. import selectors, services, spec
from ..cell_comments import place_comments
from ..forms import GridForm
from ..grid import build_grid, changes_since_return, last_return
from ..models import State, Submission
from ..validation import count
from .rounds import round_of_town, several_scopes

ROUNDS_PER_PAGE = 5
FORMS_SHOWN_FOR_TOWNS = 3  # up to this many towns, the round list shows each of their forms
DIFF_STATES = (State.RETURNED, State.SUBMITTED)


def _submission(user, pk: int, action: Action = Action.VIEW) -> Submission:
    qs = Submission.objects.select_related("survey_round__fhfg_standard", "town", "updated_by")
    return scoping.get_scoped_object(qs, user, pk, action, field="town")


@require_safe
@login_required
def round_list(request):
    """List the rounds: the reader's towns with their five forms, or for reviewers each town's page."""
    scoping.require_anywhere(request.user, Action.VIEW)
    page, base = paginate(request, selectors.rounds_for_reader(request.user), ROUNDS_PER_PAGE)
    submissions = scoping.scope_queryset(
        Submission.objects.filter(survey_round__in=list(page.object_list)), request.user, Action.VIEW, field="town"
    ).select_related("town")
    towns: dict[int, dict] = defaultdict(dict)
    for submission in submissions.order_by("town__display_order", "town__code", "form"):
        towns[submission.survey_round_id].setdefault(submission.town, {})[submission.form] = submission
    may_review = scoping.can_anywhere(request.user, Action.REVIEW)
    rounds = [
        {
            "round": r,
            "towns": [(town, [forms.get(n) for n in r.enabled_forms]) for town, forms in towns[r.pk].items()],
            # Reviewers, and readers of many towns, go on to the completeness page and the towns' pages.
            "by_town": may_review or len(towns[r.pk]) > FORMS_SHOWN_FOR_TOWNS,
        }
        for r in page
    ]
    context = {
        "page_obj": page,
        "querystring_base": base,
        "rounds": rounds,
        "today": timezone.localdate(),
        "several_scopes": several_scopes(page.object_list),
    }
    return render(request, "surveys/entry/round_list.html", context)


@require_safe
@login_required
def town_round(request, year: int, town_pk: int):
    """Show a town's forms of a round: states, last change, deadline, the Excel template."""
    town = scoping.get_committee(request.user, town_pk, Action.VIEW)
    survey_round = round_of_town(year, town)
    submissions = list(
        Submission.objects.filter(survey_round=survey_round, town=town)
        .select_related("updated_by")
        .with_extension()
        .order_by("form")
    )
    if not submissions:
        raise Http404(_("This town has no forms in this round."))
    for submission in submissions:  # each row's deadline reads the round: the one loaded, not one query a row
        submission.survey_round = survey_round
    titles = selectors.form_titles()
    context = {
        "town": town,
        "survey_round": survey_round,
        "rows": [(s, titles[s.form]) for s in submissions],
        "may_enter": scoping.can(request.user, Action.ENTER_FORMS, town),
        "may_review": scoping.can(request.user, Action.REVIEW, town),
        "extended_until": submissions[0].extended_until,
        "today": timezone.localdate(),
    }
    return render(request, "surveys/entry/town_round.html", context)


def _detail_context(request, submission: Submission, form: GridForm) -> dict:
    user, town = request.user, submission.town
    editable = submission.is_editable and scoping.can(user, Action.ENTER_FORMS, town)
    add = request.GET.get("add", "")
    secretary = services.is_town_secretary(user, town)
    grid = build_grid(
        submission,
        editable=editable,
        extra_rows={add: 1} if add else None,
        # After a refused submit (`?check=1`) every blank required cell is an error, as submitting saw it.
        fresh=editable and not request.GET.get("check") and selectors.submission_is_fresh(submission),
        # Reviewers (district staff, viewers, anyone but the town's secretary) compare with last year.
        previous=not secretary,
    )
    transitions = selectors.submission_transitions(submission)
    returned = last_return(transitions)
    may_review = scoping.can(user, Action.REVIEW, town)
    diff = None
    # What changed since the return is the reviewer's card; the town sees what was returned and why.
    if may_review and returned is not None and submission.state in DIFF_STATES:
        diff = changes_since_return(submission, grid.form, grid.rows, returned)
    deadline = submission.town_deadline()
    is_returned = returned is not None and submission.state == State.RETURNED
    return {
        "submission": submission,
        "survey_round": submission.survey_round,
        "town": town,
        "grid": grid,
        "form": form,
        "editable": editable,
        "on_behalf": editable and not secretary,
        "may_review": may_review,
        "transitions": transitions,  # the history partial shows them (surveys.templatetags.survey_review)
        "returned": returned if is_returned else None,
        # The comments of the return stay on their cells until the form is submitted again.
        "comment_links": place_comments(grid, returned.cell_comments.all()) if is_returned else [],
        "diff": diff,
        "deadline": deadline,
        "deadline_passed": timezone.localdate() > deadline,
        "sign_off_labels": spec.SIGN_OFF_LABELS,
    }


def _after_save(submission: Submission, form: GridForm) -> str:
    url = reverse("surveys:submission_detail", args=[submission.pk])
    add, removed = form.cleaned_data["add_row"], form.cleaned_data["remove_row"]
    if add:
        return f"{url}?add={add}#section-{add}"
    if removed:
        return f"{url}#section-{removed.split('-')[0]}"
    return url


@login_required
def submission_detail(request, pk: int):
    """Show a form's entry grid; on POST save the draft, whatever errors it still has."""
    submission = _submission(request.user, pk, Action.ENTER_FORMS if request.method == "POST" else Action.VIEW)
    form = GridForm(request.POST or None, form_spec=selectors.submission_form(submission))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.submission_save(
                actor=request.user,
                submission=submission,
                rows=form.cleaned_data["rows"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            submission = _submission(request.user, pk)  # its state may have moved on meanwhile
        else:
            errors, warnings = count(result.issues)
            messages.success(
                request,
                _("Draft saved (errors: %(errors)d, warnings: %(warnings)d).")
                % {"errors": errors, "warnings": warnings},
            )
            return redirect(_after_save(submission, form))
    return render(request, "surveys/entry/submission_detail.html", _detail_context(request, submission, form))


@require_safe
@login_required
def submission_print(request, pk: int):
    """Show a form as its stamp-ready copy (盖章版): the table and the sign-off block, printed by the browser."""
    submission = _submission(request.user, pk)
    context = {
        "submission": submission,
        "survey_round": submission.survey_round,
        "town": submission.town,
        "grid": build_grid(submission, editable=False),
        "editable": False,
        "sign_off_labels": spec.SIGN_OFF_LABELS,
    }
    return render(request, "surveys/entry/submission_print.html", context)


@login_required
@require_POST
def submission_submit(request, pk: int):
    """Save what the grid holds, then submit the form for review; errors refuse it, warnings don't."""
    submission = _submission(request.user, pk, Action.ENTER_FORMS)
    form = GridForm(request.POST, form_spec=selectors.submission_form(submission))
    detail = reverse("surveys:submission_detail", args=[submission.pk])
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(detail)
    try:
        if form.cleaned_data["rows"]:
            services.submission_save(
                actor=request.user,
                submission=submission,
                rows=form.cleaned_data["rows"],
                expected_version=form.cleaned_data["version"],
            )
        services.submission_submit(actor=request.user, submission=submission)
    except services.SubmissionInvalid as exc:
        errors = count(exc.issues)[0]
        messages.error(
            request,
            ngettext(
                "Not submitted: %(count)d error must be corrected first; it is marked in the table.",
                "Not submitted: %(count)d errors must be corrected first; they are marked in the table.",
                errors,
            )
            % {"count": errors},
        )
        return redirect(f"{detail}?check=1")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(detail)
    messages.success(request, _("Form %(form)d submitted for review.") % {"form": submission.form})
    return redirect("surveys:town_round", year=submission.survey_round.year, town_pk=submission.town_id)

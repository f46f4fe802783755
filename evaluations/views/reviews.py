"""Recording a review of a committee, and its review history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from committees import scoping
from committees.forms import save_form
from committees.models import Committee, Person, Post

from .. import selectors, services
from ..forms import ReviewForm
from ..models import FhfgStandard, Rectification


def _shown_standard(request: HttpRequest) -> FhfgStandard | None:
    """The version whose items the grid shows: the one chosen (on the page or in the link), else
    the one in force today."""
    chosen = (request.POST or request.GET).get("standard", "")
    if chosen.isdigit():
        found = FhfgStandard.objects.filter(pk=int(chosen)).first()
        if found is not None:
            return found
    try:
        return selectors.standard_in_force(timezone.localdate())
    except FhfgStandard.DoesNotExist:
        return None


def _people(user, committees: QuerySet[Committee]) -> QuerySet[Person]:
    """The people holding an open post in these committees (those the user reads)."""
    readable = committees.filter(pk__in=scoping.committees_for(user).values("pk"))
    posts = Post.objects.open().filter(committee__in=readable)
    return Person.objects.filter(pk__in=posts.values("person_id")).order_by("name", "pk")


@login_required
def review_create(request, committee_pk: int):
    """Record a review of a committee: its kind, date, version, reviewers, a result per item,
    findings and overall result; a bad one opens a rectification (evaluations.services)."""
    committee = scoping.check_evaluate(request.user, scoping.get_committee(request.user, committee_pk))
    standard = _shown_standard(request)
    chosen = standard.pk if standard and "standard" in request.GET else None
    items = selectors.standard_items(standard) if standard else []
    above = Committee.objects.filter(code__in=committee.ancestor_codes())  # reviewers come from above
    form = ReviewForm(
        request.POST or None,
        items=items,
        reviewers=_people(request.user, above),
        responsible=_people(request.user, Committee.objects.filter(pk=committee.pk)),
        # Blank version: the one in force on the review date (a version chosen in the link stays chosen).
        initial={"kind": request.GET.get("kind", "look_back"), "date": timezone.localdate(), "standard": chosen},
    )

    def save(data):
        return services.record_review(
            actor=request.user,
            committee=committee,
            kind=data["kind"],
            day=data["date"],
            standard=data["standard"],
            results=data["results"],
            result=data["result"],
            findings=data["findings"],
            reviewers=data["reviewers"],
            reviewer_names=data["reviewer_names"],
            due_date=data["due_date"],
            responsible_person=data["responsible_person"],
            measures=data["measures"],
        )

    if save_form(request, form, save, _("Review recorded.")):
        return redirect("evaluations:review_history", committee_pk=committee.pk)
    context = {"committee": committee, "form": form, "standard": standard}
    return render(request, "evaluations/review_form.html", context)


@require_safe
@login_required
def review_history(request, committee_pk: int):
    """A committee's reviews, newest first, each with its result per item, and its rectifications."""
    committee = scoping.get_committee(request.user, committee_pk)
    today = timezone.localdate()
    rectifications = selectors.rectification_rows(
        Rectification.objects.filter(committee=committee), state="all", on=today
    )
    context = {
        "committee": committee,
        "reviews": selectors.reviews_of(committee),
        "status": selectors.statuses([committee.pk], today)[committee.pk],
        "rectifications": rectifications,
        "today": today,
        "may_evaluate": scoping.may_evaluate(request.user, committee),
    }
    return render(request, "evaluations/review_history.html", context)

"""The annual assessment's pages: the scores of a year (towns × items, ranked, with the rewards),
computing the data-scored items, a town's hand scores, the Excel export, and the scheme's items
and reward tiers (admins). A town secretary reads their own town's row only."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.downloads import XLSX, download_name, file_response
from committees.scoping import Action

from .. import scorers, selectors, services
from ..assessment_export import scores_workbook


def _scheme(year: int):
    scheme = selectors.district_scheme(year)
    if scheme is None:
        raise Http404(_("No assessment scheme for this year."))
    return scheme


def may_score(user, scheme) -> bool:
    return scoping.can(user, Action.EVALUATE, scheme.committee)


def _rows(user, scheme, items):
    visible = selectors.assessed(scheme).filter(pk__in=scoping.committees_for(user).values("pk"))
    return selectors.ranking(scheme, visible, items)


@require_safe
@login_required
def index(request):
    years = selectors.scheme_years()
    if years:
        return redirect("assessment:scores", year=years[0])
    return render(request, "evaluations/assessment_none.html")


@require_safe
@login_required
def scores(request, year: int):
    scheme = _scheme(year)
    items = selectors.items_of(scheme)
    rows = _rows(request.user, scheme, items)
    context = {
        "scheme": scheme,
        "year": year,
        "years": selectors.scheme_years(),
        "items": items,
        "rows": [(row, row.cells(items)) for row in rows],
        "scorer_labels": {key: label for key, label in scorers.choices()},
        "may_score": may_score(request.user, scheme),
        "may_confirm": may_score(request.user, scheme) and scoping.can_anywhere(request.user, Action.MANAGE_FUNDS),
        "may_edit_scheme": scoping.can(request.user, Action.MANAGE_ROUNDS, scheme.committee),
    }
    return render(request, "evaluations/assessment_scores.html", context)


@require_POST
@login_required
def compute(request, year: int):
    scheme = _scheme(year)
    if not may_score(request.user, scheme):
        raise PermissionDenied(_("You are not allowed to do this."))
    written = services.compute(actor=request.user, scheme=scheme)
    messages.success(request, _("%(n)s computed scores written.") % {"n": written})
    return redirect("assessment:scores", year=year)


def _assessed_town(user, scheme, town_pk: int):
    town = scoping.get_committee(user, town_pk)
    if not selectors.assessed(scheme).filter(pk=town.pk).exists():
        raise Http404(_("This committee is not assessed by this scheme."))
    return town


def _points(value: str) -> Decimal:
    try:
        return Decimal(value.strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, AttributeError) as error:
        raise ValidationError(_("Points must be a number.")) from error


@login_required
def score_edit(request, year: int, town_pk: int):
    """The hand items of one town: points and evidence (district staff and admins)."""
    scheme = _scheme(year)
    town = _assessed_town(request.user, scheme, town_pk)
    if request.method not in ("GET", "HEAD", "POST"):
        raise Http404
    if not may_score(request.user, scheme):
        raise PermissionDenied(_("You are not allowed to do this."))
    items = [item for item in selectors.items_of(scheme) if not item.computed]
    row = selectors.ranking(scheme, [town], items)[0]
    errors = []
    if request.method == "POST":
        for item in items:
            try:
                points = _points(request.POST.get(f"points_{item.pk}", ""))
                evidence = request.POST.get(f"evidence_{item.pk}", "")
                services.score_set(actor=request.user, item=item, committee=town, points=points, evidence=evidence)
            except ValidationError as error:
                errors.append(f"{item.name}: {' '.join(error.messages)}")
        if not errors:
            messages.success(request, _("Scores saved."))
            return redirect("assessment:scores", year=year)
    context = {"scheme": scheme, "year": year, "town": town, "cells": list(zip(items, row.cells(items), strict=True))}
    return render(request, "evaluations/assessment_score_edit.html", {**context, "errors": errors})


@require_safe
@login_required
def export(request, year: int):
    scheme = _scheme(year)
    items = selectors.items_of(scheme)
    data = scores_workbook(scheme, items, _rows(request.user, scheme, items))
    name = download_name(None, _("Town assessment scores and rewards"), extension="xlsx", year=year)
    return file_response(request, data, name, XLSX)

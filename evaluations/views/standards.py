"""The standards' pages: every signed-in role reads the versions of the 五有五好 standard;
district admins create a version, change one that nothing has used yet, and copy any version as
a new one (a locked version's change is a new version)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from committees import scoping
from committees.forms import add_service_errors
from committees.scoping import Action
from committees.selectors import history_of

from .. import selectors, services
from ..forms import ItemFormSet, StandardForm, item_initial
from ..models import FhfgStandard


def _standard(pk: int) -> FhfgStandard:
    standard = selectors.standards().filter(pk=pk).first()
    if standard is None:
        raise Http404(_("No such version of the standard."))
    return standard


@require_safe
@login_required
def standard_list(request):
    """List the versions, the one in force today marked, and which are locked."""
    scoping.require_anywhere(request.user, Action.VIEW)
    try:
        in_force = selectors.standard_in_force(timezone.localdate()).pk
    except ObjectDoesNotExist:
        in_force = None
    context = {
        "standards": selectors.standards_list(),
        "locked": selectors.locked_ids(),
        "in_force": in_force,
        "may_edit": scoping.can_anywhere(request.user, Action.MANAGE_ROUNDS),
    }
    return render(request, "evaluations/standards.html", context)


@require_safe
@login_required
def standard_detail(request, pk: int):
    """Show a version: its fields, its items with what counts as each result, what has used it."""
    scoping.require_anywhere(request.user, Action.VIEW)
    standard = _standard(pk)
    context = {
        "standard": standard,
        "items": selectors.standard_items(standard),
        "used_by": selectors.used_by(standard),
        "may_edit": scoping.can_anywhere(request.user, Action.MANAGE_ROUNDS),
        "history": history_of(standard),
    }
    return render(request, "evaluations/standard.html", context)


def _save(request, form, formset, service) -> FhfgStandard | None:
    """On a valid POST, call the service with the version's fields and its items."""
    if request.method != "POST":
        return None
    if not formset.sent():
        form.is_valid()
        form.add_error(None, _("The items were not sent; please try again."))
        return None
    valid = form.is_valid() & formset.is_valid()
    if not valid:
        return None
    try:
        return service(form.cleaned_data, formset.items())
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _form_page(request, form, formset, *, title: str, standard: FhfgStandard | None = None):
    context = {"form": form, "formset": formset, "title": title, "standard": standard}
    return render(request, "evaluations/standard_form.html", context)


@login_required
def standard_create(request):
    """Create a version with its items."""
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    form = StandardForm(request.POST or None)
    formset = ItemFormSet(request.POST or None, prefix="items")
    create = lambda data, items: services.standard_create(actor=request.user, data=data, items=items)  # noqa: E731
    standard = _save(request, form, formset, create)
    if standard is not None:
        messages.success(request, _("Created the version “%(name)s”.") % {"name": standard.name})
        return redirect("evaluations:standard_detail", pk=standard.pk)
    return _form_page(request, form, formset, title=_("New version of the standard"))


@login_required
def standard_edit(request, pk: int):
    """Change a version and its items; a locked one is refused, with the offer to copy it."""
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    standard = _standard(pk)
    if selectors.is_locked(standard):
        context = {"standard": standard, "used_by": selectors.used_by(standard)}
        return render(request, "evaluations/standard_locked.html", context, status=409 if request.POST else 200)
    form = StandardForm(request.POST or None, instance=standard)
    items = item_initial(selectors.standard_items(standard))
    formset = ItemFormSet(request.POST or None, prefix="items", initial=items)
    update = lambda data, rows: services.standard_update(  # noqa: E731
        actor=request.user, standard=standard, data=data, items=rows
    )
    if _save(request, form, formset, update) is not None:
        messages.success(request, _("Saved the version “%(name)s”.") % {"name": standard.name})
        return redirect("evaluations:standard_detail", pk=standard.pk)
    return _form_page(
        request, form, formset, title=_("Change the version “%(name)s”") % {"name": standard}, standard=standard
    )


@login_required
def standard_copy(request, pk: int):
    """Copy a version (locked or not) as a new one with its items, then change the copy."""
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    standard = _standard(pk)
    initial = {"source": standard.source, "notes": standard.notes}
    form = StandardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.standard_copy(actor=request.user, standard=standard, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Copied as the new version “%(name)s”; change it here.") % {"name": copy.name})
            return redirect("evaluations:standard_edit", pk=copy.pk)
    context = {"form": form, "standard": standard, "items": selectors.standard_items(standard)}
    return render(request, "evaluations/standard_copy.html", context)

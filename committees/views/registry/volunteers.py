"""The registry's five-old volunteer pages: list, export, join, edit, exit, points."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ... import scoping, selectors, services
from ...filters import VolunteerFilter
from ...forms import save_form
from ...forms_registry import PointsEntryForm, VolunteerCreateForm, VolunteerExitForm, VolunteerForm
from ...imports import TABLES
from ...models import Volunteer
from ...scoping import Action
from .common import _export, _filtered_list, _form_page, _join_page, _person_choices, _team_choices


@require_safe
@login_required
def volunteer_list(request):
    volunteers = scoping.scope_queryset(Volunteer.objects.all(), request.user)
    return _filtered_list(
        request, VolunteerFilter, volunteers, "committees/registry/volunteer_list.html", shown=selectors.with_role_names
    )


@require_safe
@login_required
def volunteer_export(request):
    """The volunteers the list's filters find, in the list's order (phones masked as on the page)."""
    scoped = scoping.scope_queryset(Volunteer.objects.all(), request.user)
    volunteers = VolunteerFilter(request.GET, queryset=scoped, request=request).qs.prefetch_related("backbone_roles")
    return _export(request, [(TABLES["volunteers"], TABLES["volunteers"].rows_of(volunteers, request.user))],
                   _("Five-old volunteers"))  # fmt: skip


@login_required
def volunteer_exit(request, pk: int):
    """Record a volunteer's exit with its date and reason."""
    return _volunteer_action(
        request, pk, VolunteerExitForm, services.volunteer_exit,
        _("The exit has been recorded."), _("Record the exit of %(volunteer)s"),
    )  # fmt: skip


def _volunteer_action(request, pk: int, form_class, service, success: str, title: str):
    """A form about one volunteer membership that the user may edit, saved by `service`."""
    volunteer = scoping.get_scoped_object(
        Volunteer.objects.select_related("person", "committee"), request.user, pk, Action.EDIT_REGISTRY
    )
    form = form_class(request.POST or None)
    save = partial(service, actor=request.user, volunteer=volunteer)
    if save_form(request, form, lambda data: save(**data), success):
        return redirect("registry:person_detail", pk=volunteer.person_id)
    return _form_page(request, form, volunteer.person_id, title % {"volunteer": volunteer})


@login_required
def volunteer_create(request, committee_pk: int):
    """Make a registered or a new person a five-old volunteer of a committee."""
    committee = scoping.get_committee(request.user, committee_pk, Action.EDIT_REGISTRY)
    form = VolunteerCreateForm(
        request.POST or None,
        people=_person_choices(request.user, committee),
        teams=_team_choices(request.user, committee),
    )
    add = partial(services.volunteer_create, actor=request.user, committee=committee)
    volunteer = save_form(request, form, lambda data: add(**form.service_kwargs()), _("Volunteer added."))
    if volunteer:
        return redirect("registry:person_detail", pk=volunteer.person_id)
    title = _("Add a volunteer to %(name)s") % {"name": committee.name}
    return _join_page(request, form, title, reverse("committees:detail", kwargs={"pk": committee.pk}))


@login_required
def volunteer_edit(request, pk: int):
    """Edit a membership's layer, backbone roles, join date and teams."""
    volunteer = scoping.get_scoped_object(
        Volunteer.objects.select_related("person", "committee"), request.user, pk, Action.EDIT_REGISTRY
    )
    form = VolunteerForm(
        request.POST or None, instance=volunteer, teams=_team_choices(request.user, volunteer.committee)
    )
    update = partial(services.volunteer_update, actor=request.user, volunteer=volunteer)
    if save_form(request, form, lambda data: update(**form.service_kwargs()), _("Saved.")):
        return redirect("registry:person_detail", pk=volunteer.person_id)
    title = _("Edit the membership: %(volunteer)s") % {"volunteer": volunteer}
    return _form_page(request, form, volunteer.person_id, title)


@login_required
def points_entry_create(request, pk: int):
    """Add a line to a volunteer's points ledger."""
    return _volunteer_action(
        request, pk, PointsEntryForm, services.points_entry_create, _("Points added."), _("Add points: %(volunteer)s")
    )

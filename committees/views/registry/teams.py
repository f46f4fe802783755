"""The registry's volunteer team pages, and the member search of the team form."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ... import scoping, selectors, services
from ...filters import TeamFilter
from ...forms import save_form
from ...forms_registry import TeamForm, volunteer_label
from ...imports import TABLES
from ...models import Committee, VolunteerTeam
from ...scoping import Action
from .common import _export, _filtered_list, _member_choices, _page, _writable_committees


@require_safe
@login_required
def team_list(request):
    teams = scoping.scope_queryset(VolunteerTeam.objects.all(), request.user)
    return _filtered_list(request, TeamFilter, teams, "committees/registry/team_list.html")


@require_safe
@login_required
def team_export(request):
    """The teams the list's filters find, in the list's order."""
    filterset = TeamFilter(request.GET, queryset=scoping.scope_queryset(VolunteerTeam.objects.all(), request.user),
                           request=request)  # fmt: skip
    return _export(request, [(TABLES["teams"], TABLES["teams"].rows_of(filterset.qs, request.user))],
                   _("Volunteer teams"))  # fmt: skip


@require_safe
@login_required
def team_detail(request, pk: int):
    """Show a team, its members (active first) and its history."""
    team = scoping.get_scoped_object(VolunteerTeam.objects.select_related("committee"), request.user, pk)
    members = (
        team.members.select_related("person", "committee")
        .prefetch_related("backbone_roles")
        .order_by(F("exited_on").asc(nulls_first=True), "committee__path", "person__name", "pk")
    )
    context = {
        "team": team,
        "members": members,
        "may_edit": scoping.can(request.user, Action.EDIT_REGISTRY, team.committee),
        "history": selectors.history_of(team),
    }
    return render(request, "committees/registry/team_detail.html", context)


@login_required
def team_create(request, committee_pk: int):
    """Create a volunteer team owned by this committee or one under it."""
    committee = scoping.get_committee(request.user, committee_pk, Action.EDIT_REGISTRY)
    owners = _writable_committees(request.user, under=committee)
    form = TeamForm(request.POST or None, owners=owners, members=_member_choices(request.user, committee),
                    member_search_url=_member_search_url(committee), initial={"committee": committee})  # fmt: skip

    def create(data):
        kwargs = form.service_kwargs()
        return services.team_create(actor=request.user, **kwargs["data"], members=kwargs["members"])

    team = save_form(request, form, create, _("Team created."))
    if team:
        return redirect("registry:team_detail", pk=team.pk)
    cancel_url = reverse("committees:detail", kwargs={"pk": committee.pk})
    return _page(request, form, _("New volunteer team under %(name)s") % {"name": committee.name}, cancel_url)


@login_required
def team_edit(request, pk: int):
    """Edit a team's details and members."""
    team = scoping.get_scoped_object(VolunteerTeam.objects.select_related("committee"), request.user, pk,
                                     Action.EDIT_REGISTRY)  # fmt: skip
    owners = _writable_committees(request.user, current=team.committee_id)
    members = _member_choices(request.user, team.committee)
    form = TeamForm(request.POST or None, instance=team, owners=owners, members=members,
                    member_search_url=_member_search_url(team.committee))  # fmt: skip
    update = partial(services.team_update, actor=request.user, team=team)
    if save_form(request, form, lambda data: update(**form.service_kwargs()), _("Saved.")):
        return redirect("registry:team_detail", pk=team.pk)
    cancel_url = reverse("registry:team_detail", kwargs={"pk": team.pk})
    return _page(request, form, _("Edit %(name)s") % {"name": team.name}, cancel_url)


MEMBER_RESULTS = 20


def _member_search_url(committee: Committee) -> str:
    return reverse("registry:team_member_search", kwargs={"committee_pk": committee.pk})


@require_safe
@login_required
def team_member_search(request, committee_pk: int):
    """List (htmx) up to 20 volunteers by name whom the user may add to a team of this committee:
    the same scoped choices the team form accepts, less those already chosen."""
    committee = scoping.get_committee(request.user, committee_pk, Action.EDIT_REGISTRY)
    q = request.GET.get("q", "").strip()[:50]
    chosen = [int(pk) for pk in request.GET.getlist("members") if pk.isdigit()]
    volunteers = []
    if q:
        found = _member_choices(request.user, committee).filter(person__name__icontains=q).exclude(pk__in=chosen)
        volunteers = list(found.order_by("person__name", "committee__path", "pk")[: MEMBER_RESULTS + 1])
    shown = selectors.PersonalData.for_reader(request.user, [v.person_id for v in volunteers])
    for volunteer in volunteers:
        volunteer.person.phone_shown = shown.phone(volunteer.person)
        volunteer.label = volunteer_label(volunteer)
    context = {"q": q, "volunteers": volunteers[:MEMBER_RESULTS], "more": len(volunteers) > MEMBER_RESULTS}
    return render(request, "committees/registry/_member_results.html", context)

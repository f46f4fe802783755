"""The registry's tutoring station pages."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ... import scoping, selectors, services
from ...filters import StationFilter
from ...forms import save_form
from ...forms_registry import StationForm
from ...imports import TABLES
from ...models import TutoringStation
from ...scoping import Action
from .common import _export, _filtered_list, _page, _station_choices


@require_safe
@login_required
def station_list(request):
    stations = scoping.scope_queryset(TutoringStation.objects.all(), request.user)
    return _filtered_list(
        request, StationFilter, stations, "committees/registry/station_list.html", shown=selectors.with_satellite_points
    )


@require_safe
@login_required
def station_export(request):
    """The central stations the list's filters find, with their satellite points in the reader's scope."""
    scoped = scoping.scope_queryset(TutoringStation.objects.all(), request.user)
    hubs = StationFilter(request.GET, queryset=scoped, request=request).qs.order_by().values("pk")
    stations = scoped.filter(Q(pk__in=hubs) | Q(hub__in=hubs))
    return _export(request, [(TABLES["stations"], TABLES["stations"].rows_of(stations, request.user))],
                   _("Tutoring stations"))  # fmt: skip


@require_safe
@login_required
def station_detail(request, pk: int):
    """Show a station, its satellite points or its central station, and its history."""
    station = scoping.get_scoped_object(
        TutoringStation.objects.select_related("committee", "hub", "linked_school"), request.user, pk
    )
    context = {
        "station": station,
        "points": station.points.order_by("pk"),  # as registered (see filters.StationFilter)
        "may_edit": scoping.can(request.user, Action.EDIT_REGISTRY, station.committee),
        "history": selectors.history_of(station),
    }
    return render(request, "committees/registry/station_detail.html", context)


@login_required
def station_create(request, committee_pk: int):
    """Open a tutoring station in a village of this committee."""
    committee = scoping.get_committee(request.user, committee_pk, Action.EDIT_REGISTRY)
    initial = {"committee": committee} if committee.is_village else {}
    form = StationForm(request.POST or None, initial=initial, **_station_choices(request.user, under=committee))
    station = save_form(
        request, form, lambda data: services.station_create(actor=request.user, **data), _("Station created.")
    )
    if station:
        return redirect("registry:station_detail", pk=station.pk)
    cancel_url = reverse("committees:detail", kwargs={"pk": committee.pk})
    return _page(request, form, _("New tutoring station under %(name)s") % {"name": committee.name}, cancel_url)


@login_required
def station_edit(request, pk: int):
    """Edit a tutoring station."""
    station = scoping.get_scoped_object(TutoringStation.objects.select_related("committee"), request.user, pk,
                                        Action.EDIT_REGISTRY)  # fmt: skip
    form = StationForm(request.POST or None, instance=station, **_station_choices(request.user, station=station))
    update = partial(services.station_update, actor=request.user, station=station)
    if save_form(request, form, lambda data: update(data=data), _("Saved.")):
        return redirect("registry:station_detail", pk=station.pk)
    cancel_url = reverse("registry:station_detail", kwargs={"pk": station.pk})
    return _page(request, form, _("Edit %(name)s") % {"name": station.name}, cancel_url)

"""What the registry's pages share: scoped rows, filters, exports, list context, the forms' choices and pages."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from ... import scoping, selectors
from ...counting import PAGES_AT_MOST, about_count
from ...downloads import XLSX, download_name, file_response
from ...imports.common import filtered_export
from ...models import (
    PATH_SEPARATOR,
    VILLAGE_KINDS,
    Committee,
    Kind,
    Post,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
    path_prefixes,
)
from ...pagination import paginate
from ...scoping import Action


def _scoped_rows(user, action: Action = Action.VIEW):
    posts = scoping.scope_queryset(Post.objects.all(), user, action)
    volunteers = scoping.scope_queryset(Volunteer.objects.all(), user, action)
    return posts, volunteers


def _filters(form) -> dict:
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if v}


def _export(request, sheets, title: str):
    """A list's filtered rows as a workbook named after the list and the day (no code in the name)."""
    data = filtered_export(sheets, user=request.user, title=title)
    filename = download_name(None, title, extension="xlsx", day=timezone.localdate())
    return file_response(request, data, filename, XLSX)


def _list_context(request, form, page, base) -> dict:
    """What every filtered list's template shows besides its rows: the filters (the committee
    picker's choices are asked for when it is focused: views.registry.picker), the page, and the
    export link carrying the same filters."""
    return {
        "form": form,
        "page_obj": page,
        "querystring_base": base,
        "export_query": request.GET.urlencode(),
    }


def _filtered_list(request, filterset_class, scoped, template: str, shown: Callable[[list], object] | None = None):
    """A page of the scoped rows through the list's filters (committees.filters); `shown` adds to
    the page's rows what they show besides their fields (a query or two for the page)."""
    filterset = filterset_class(request.GET, queryset=scoped, request=request)
    count, estimated = about_count(filterset.qs, estimate_first=True)  # a province's 500,000 memberships: about N
    page, base = paginate(
        request, filterset.qs, count=count, pages_at_most=PAGES_AT_MOST if estimated else None, keyed=True
    )
    page.count_is_estimate = estimated
    if shown is not None:
        page.object_list = list(page.object_list)
        shown(page.object_list)
    return render(request, template, _list_context(request, filterset.form, page, base))


# Choices offered by the forms, each narrowed through scoping.


def _town_path(committee: Committee) -> str:
    """The path of the committee's town (or of the district for the district itself)."""
    if committee.depth < 1:
        return committee.path
    return PATH_SEPARATOR.join(committee.path.split(PATH_SEPARATOR)[:3]) + PATH_SEPARATOR


def _person_choices(user, committee: Committee):
    """The people the user may see who are registered somewhere in the committee's town."""
    posts, volunteers = _scoped_rows(user)
    town = _town_path(committee)
    posts = posts.filter(committee__path__startswith=town)
    volunteers = volunteers.filter(committee__path__startswith=town)
    return selectors.people_in_scope(posts, volunteers).order_by("name", "birth_year", "pk")


def _team_choices(user, committee: Committee):
    """Teams a volunteer of `committee` may join: owned by it or above it, and editable by the user."""
    teams = VolunteerTeam.objects.filter(committee__path__in=path_prefixes(committee.path))
    teams = scoping.scope_queryset(teams, user, Action.EDIT_REGISTRY)
    return teams.select_related("committee").order_by("committee__path", "name")


def _member_choices(user, owner: Committee):
    """Active volunteers of the owner's subtree that the user may edit."""
    volunteers = Volunteer.objects.active().filter(committee__path__startswith=owner.path)
    volunteers = scoping.scope_queryset(volunteers, user, Action.EDIT_REGISTRY)
    return volunteers.select_related("person", "committee").order_by("committee__path", "person__name", "pk")


def _writable_committees(user, *, under: Committee | None = None, current: int | None = None):
    """Open committees the user may edit (under `under`), and the current choice even if closed."""
    committees = scoping.committees_for(user, Action.EDIT_REGISTRY)
    if under is not None:
        committees = committees.filter(path__startswith=under.path)
    return committees.filter(Q(closed_on__isnull=True) | Q(pk=current)).order_by("path")


def _station_choices(user, *, under: Committee | None = None, station: TutoringStation | None = None) -> dict:
    current = station or TutoringStation()
    villages = _writable_committees(user, under=under, current=current.committee_id).filter(kind__in=VILLAGE_KINDS)
    hubs = scoping.scope_queryset(TutoringStation.objects.filter(kind=StationKind.CENTRAL), user, Action.EDIT_REGISTRY)
    if under is not None:
        hubs = hubs.filter(committee__path__startswith=under.path)
    schools = scoping.committees_for(user).filter(kind=Kind.SCHOOL)
    return {
        "villages": villages,
        "hubs": hubs.exclude(pk=current.pk).select_related("committee").order_by("committee__path", "name"),
        "schools": schools.filter(Q(closed_on__isnull=True) | Q(pk=current.linked_school_id)).order_by("path"),
    }


def _page(request, form, title: str, cancel_url: str):
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url})


def _form_page(request, form, person_pk: int, title: str):
    return _page(request, form, title, reverse("registry:person_detail", kwargs={"pk": person_pk}))


def _join_page(request, form, title: str, cancel_url: str):
    context = {"form": form, "title": title, "cancel_url": cancel_url}
    return render(request, "committees/registry/join_form.html", context)

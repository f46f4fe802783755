"""Pages of the registry: people, five-old volunteers, teams and tutoring stations.

Every row is reached through its committee: a person through the posts and volunteer
memberships the reader may see.
"""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import scoping, selectors, services
from ..forms_registry import (
    PeopleFilterForm,
    PostEndForm,
    StationFilterForm,
    TeamFilterForm,
    VolunteerExitForm,
    VolunteerFilterForm,
)
from ..models import Post, TutoringStation, Volunteer, VolunteerTeam
from ..scoping import Action
from .common import paginate, save_form


def _scoped_rows(user, action: Action = Action.VIEW):
    posts = scoping.scope_queryset(Post.objects.all(), user, action)
    volunteers = scoping.scope_queryset(Volunteer.objects.all(), user, action)
    return posts, volunteers


def _filters(form) -> dict:
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if v}


@login_required
def person_list(request):
    """List the people of the reader's scope, phones masked where the reader may not write."""
    posts, volunteers = _scoped_rows(request.user)
    form = PeopleFilterForm(request.GET)
    people = selectors.people_search(
        selectors.people_in_scope(posts, volunteers), posts=posts, volunteers=volunteers, **_filters(form)
    )
    people = selectors.people_with_memberships(people, posts=posts, volunteers=volunteers)
    page, base = paginate(request, people)
    page.object_list = list(page.object_list)
    writable_posts, writable_volunteers = _scoped_rows(request.user, Action.EDIT_REGISTRY)
    selectors.show_phones(page.object_list, writable_posts=writable_posts, writable_volunteers=writable_volunteers)
    context = {"form": form, "page_obj": page, "querystring_base": base}
    return render(request, "committees/registry/person_list.html", context)


@login_required
def person_detail(request, pk: int):
    """Show a person's posts, memberships (with roles, teams and points) and history."""
    posts, volunteers = _scoped_rows(request.user)
    person = selectors.people_in_scope(posts, volunteers).filter(pk=pk).first()
    if person is None:
        raise Http404(_("Not found, or outside your scope."))
    writable_posts, writable_volunteers = _scoped_rows(request.user, Action.EDIT_REGISTRY)
    selectors.show_phones([person], writable_posts=writable_posts, writable_volunteers=writable_volunteers)
    person_posts = posts.filter(person=person).select_related("committee").order_by("ended_on", "committee__path")
    memberships = selectors.with_points_total(
        volunteers.filter(person=person).select_related("committee").prefetch_related("backbone_roles", "teams")
    ).order_by("exited_on", "committee__path")
    writable = set(writable_posts.filter(person=person).values_list("pk", flat=True))
    writable_memberships = set(writable_volunteers.filter(person=person).values_list("pk", flat=True))
    history = list(person.history.select_related("history_user").order_by("-history_date", "-history_id")[:20])
    context = {
        "person": person,
        "posts": [(p, p.pk in writable) for p in person_posts],
        "memberships": [(v, v.pk in writable_memberships) for v in memberships],
        "history": selectors.history_changes(history),
    }
    return render(request, "committees/registry/person_detail.html", context)


@login_required
def volunteer_list(request):
    volunteers = scoping.scope_queryset(Volunteer.objects.all(), request.user)
    teams = scoping.scope_queryset(VolunteerTeam.objects.all(), request.user).order_by("name")
    form = VolunteerFilterForm(request.GET, teams=teams)
    page, base = paginate(request, selectors.volunteer_search(volunteers, **_filters(form)))
    context = {"form": form, "page_obj": page, "querystring_base": base}
    return render(request, "committees/registry/volunteer_list.html", context)


@login_required
def team_list(request):
    teams = scoping.scope_queryset(VolunteerTeam.objects.all(), request.user)
    form = TeamFilterForm(request.GET)
    page, base = paginate(request, selectors.team_search(teams, **_filters(form)))
    context = {"form": form, "page_obj": page, "querystring_base": base}
    return render(request, "committees/registry/team_list.html", context)


@login_required
def station_list(request):
    stations = scoping.scope_queryset(TutoringStation.objects.all(), request.user)
    form = StationFilterForm(request.GET)
    page, base = paginate(request, selectors.station_search(stations, **_filters(form)))
    context = {"form": form, "page_obj": page, "querystring_base": base}
    return render(request, "committees/registry/station_list.html", context)


@login_required
def post_end(request, pk: int):
    """End a post on a given date; it stays in the person's history."""
    post = scoping.get_scoped_object(Post.objects.select_related("person", "committee"), request.user, pk,
                                     Action.EDIT_REGISTRY)  # fmt: skip
    form = PostEndForm(request.POST or None)
    end = partial(services.post_end, actor=request.user, post=post)
    if save_form(request, form, lambda data: end(**data), _("The post has ended.")):
        return redirect("registry:person_detail", pk=post.person_id)
    title = _("End the post: %(post)s") % {"post": post}
    return _form_page(request, form, post.person_id, title)


@login_required
def volunteer_exit(request, pk: int):
    """Record a volunteer's exit with its date and reason."""
    volunteer = scoping.get_scoped_object(
        Volunteer.objects.select_related("person", "committee"), request.user, pk, Action.EDIT_REGISTRY
    )
    form = VolunteerExitForm(request.POST or None)
    record = partial(services.volunteer_exit, actor=request.user, volunteer=volunteer)
    if save_form(request, form, lambda data: record(**data), _("The exit has been recorded.")):
        return redirect("registry:person_detail", pk=volunteer.person_id)
    title = _("Record the exit of %(volunteer)s") % {"volunteer": volunteer}
    return _form_page(request, form, volunteer.person_id, title)


def _form_page(request, form, person_pk: int, title: str):
    cancel_url = reverse("registry:person_detail", kwargs={"pk": person_pk})
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url})

"""The registry's people pages, and the leadership posts that a person holds."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ... import scoping, selectors, services
from ...counting import PAGES_AT_MOST, about_count
from ...filters import FILTER_FORM_RENDERER
from ...forms import save_form
from ...forms_registry import PeopleFilterForm, PersonForm, PostCreateForm, PostEndForm, PostForm
from ...imports import TABLES
from ...models import PointsEntry, Post
from ...pagination import paginate
from ...scoping import Action
from .common import _export, _filters, _form_page, _join_page, _list_context, _person_choices, _scoped_rows


def _people_filtered(request, *, walk: bool = False):
    """The people list's filter form and the people it finds, through the reader's scoped rows."""
    posts, volunteers = _scoped_rows(request.user)
    form = PeopleFilterForm(request.GET, renderer=FILTER_FORM_RENDERER)  # as the other lists' filters
    people = selectors.people_search(
        selectors.people_in_scope(posts, volunteers, walk=walk),
        posts=posts,
        volunteers=volunteers,
        readable=scoping.committees_for(request.user),
        **_filters(form),
    )
    return form, people, posts, volunteers


@require_safe
@login_required
def person_list(request):
    """List the people of the reader's scope, phones masked unless the reader may change the person.

    The people are tested person by person (two EXISTS each, which PostgreSQL hashes for a small
    scope) and read in the list's order: a province's first page stops after its rows. They are
    counted up to EXACT_AT_MOST, past it estimated from the union of the scope's rows; an
    estimate far past it isn't counted (a province's 10,001 probes: 24 ms)."""
    form, people, posts, volunteers = _people_filtered(request, walk=True)
    count, estimated = about_count(people, estimate_of=lambda: _people_filtered(request)[1], estimate_first=True)
    page, base = paginate(request, people, count=count, pages_at_most=PAGES_AT_MOST if estimated else None)
    page.count_is_estimate = estimated
    page.object_list = list(page.object_list)
    selectors.people_with_memberships(page.object_list, posts=posts, volunteers=volunteers)
    selectors.show_personal_data(page.object_list, user=request.user)
    return render(request, "committees/registry/person_list.html", _list_context(request, form, page, base))


@require_safe
@login_required
def person_export(request):
    """The filtered people's open posts and volunteer memberships that the reader may see, as the
    leadership and volunteers sheets of the committee exports (phones masked as on the page)."""
    _form, people, posts, volunteers = _people_filtered(request)
    chosen = people.order_by().values("pk")
    memberships = (
        volunteers.filter(person__in=chosen)
        .select_related("person", "committee")
        .prefetch_related("backbone_roles")
        .order_by("committee__path", "person__name", "person_id", "-joined_on", "-pk")
    )
    sheets = [
        (TABLES["people"], TABLES["people"].rows_of(posts.open().filter(person__in=chosen), request.user)),
        (TABLES["volunteers"], TABLES["volunteers"].rows_of(memberships, request.user)),
    ]
    return _export(request, sheets, _("People"))


def _person_for(user, pk: int, *, change: bool = False):
    """Load a person through the rows the user may see: 404 when none is visible; with `change`,
    403 unless the user may change the person (scoping.may_change_person)."""
    posts, volunteers = _scoped_rows(user)
    person = selectors.people_in_scope(posts, volunteers).filter(pk=pk).first()
    if person is None:
        raise Http404(_("Not found, or outside your scope."))
    if change and not scoping.may_change_person(user, person):
        raise PermissionDenied(_("You are not allowed to do this."))
    return person


@require_safe
@login_required
def person_detail(request, pk: int):
    """Show a person's posts, memberships (with roles, teams and points), points ledger and history."""
    person = _person_for(request.user, pk)
    posts, volunteers = _scoped_rows(request.user)
    writable_posts, writable_volunteers = _scoped_rows(request.user, Action.EDIT_REGISTRY)
    shown = selectors.show_personal_data([person], user=request.user)
    person_posts = posts.filter(person=person).select_related("committee").order_by("ended_on", "committee__path")
    memberships = selectors.with_points_total(
        volunteers.filter(person=person).select_related("committee").prefetch_related("backbone_roles", "teams")
    ).order_by("exited_on", "committee__path")
    writable = set(writable_posts.filter(person=person).values_list("pk", flat=True))
    writable_memberships = set(writable_volunteers.filter(person=person).values_list("pk", flat=True))
    ledger = PointsEntry.objects.filter(volunteer__in=volunteers.filter(person=person)).select_related(
        "rule", "volunteer__committee"
    )
    context = {
        "person": person,
        "may_edit": person.pk in shown.changeable,
        "posts": [(p, p.pk in writable) for p in person_posts],
        "memberships": [(v, v.pk in writable_memberships) for v in memberships],
        "ledger": ledger,
        "history": selectors.history_of(person, reveal=person.pk in shown.changeable),
    }
    return render(request, "committees/registry/person_detail.html", context)


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
def person_edit(request, pk: int):
    """Edit a person's own details: allowed to whoever may write every committee where the person serves."""
    person = _person_for(request.user, pk, change=True)
    form = PersonForm(request.POST or None, instance=person)
    update = partial(services.person_update, actor=request.user, person=person)
    if save_form(request, form, lambda data: update(data=data), _("Saved.")):
        return redirect("registry:person_detail", pk=person.pk)
    return _form_page(request, form, person.pk, _("Edit %(name)s") % {"name": person.name})


@login_required
def post_create(request, committee_pk: int):
    """Add a leadership member to a committee: a registered person, or a new one."""
    committee = scoping.get_committee(request.user, committee_pk, Action.EDIT_REGISTRY)
    form = PostCreateForm(request.POST or None, people=_person_choices(request.user, committee))
    add = partial(services.post_create, actor=request.user, committee=committee)
    if save_form(request, form, lambda data: add(**form.service_kwargs()), _("Added to the leadership.")):
        return redirect("committees:detail", pk=committee.pk)
    title = _("Add a leadership member to %(name)s") % {"name": committee.name}
    return _join_page(request, form, title, reverse("committees:detail", kwargs={"pk": committee.pk}))


@login_required
def post_edit(request, pk: int):
    """Edit a post's position, source, start date and concurrent flag."""
    post = scoping.get_scoped_object(Post.objects.select_related("person", "committee"), request.user, pk,
                                     Action.EDIT_REGISTRY)  # fmt: skip
    form = PostForm(request.POST or None, instance=post)
    update = partial(services.post_update, actor=request.user, post=post)
    if save_form(request, form, lambda data: update(data=data), _("Saved.")):
        return redirect("registry:person_detail", pk=post.person_id)
    return _form_page(request, form, post.person_id, _("Edit the post: %(post)s") % {"post": post})

"""Pages of the registry: people, five-old volunteers, teams and tutoring stations.

Every row is reached through its committee: a person through the posts and volunteer
memberships the reader may see. Writes need EDIT_REGISTRY on the committee involved; a
person's own details (and their phone and ID number in full) are for whoever may write every
committee where the person serves (scoping.may_change_person).
"""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import scoping, selectors, services
from ..downloads import XLSX, file_response
from ..filters import StationFilter, TeamFilter, VolunteerFilter
from ..forms import save_form
from ..forms_registry import (
    PeopleFilterForm,
    PersonForm,
    PointsEntryForm,
    PostCreateForm,
    PostEndForm,
    PostForm,
    StationForm,
    TeamForm,
    VolunteerCreateForm,
    VolunteerExitForm,
    VolunteerForm,
    volunteer_label,
)
from ..imports import TABLES
from ..imports.common import filtered_export
from ..models import (
    PATH_SEPARATOR,
    VILLAGE_KINDS,
    Committee,
    Kind,
    PointsEntry,
    Post,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from ..pagination import paginate
from ..scoping import Action


def _scoped_rows(user, action: Action = Action.VIEW):
    posts = scoping.scope_queryset(Post.objects.all(), user, action)
    volunteers = scoping.scope_queryset(Volunteer.objects.all(), user, action)
    return posts, volunteers


def _filters(form) -> dict:
    form.is_valid()
    return {k: v for k, v in form.cleaned_data.items() if v}


def _people_filtered(request):
    """The people list's filter form and the people it finds, through the reader's scoped rows."""
    posts, volunteers = _scoped_rows(request.user)
    form = PeopleFilterForm(request.GET)
    people = selectors.people_search(
        selectors.people_in_scope(posts, volunteers),
        posts=posts,
        volunteers=volunteers,
        readable=scoping.committees_for(request.user),
        **_filters(form),
    )
    return form, people, posts, volunteers


@require_safe
@login_required
def person_list(request):
    """List the people of the reader's scope, phones masked unless the reader may change the person."""
    form, people, posts, volunteers = _people_filtered(request)
    people = selectors.people_with_memberships(people, posts=posts, volunteers=volunteers)
    page, base = paginate(request, people)
    page.object_list = list(page.object_list)
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


def _export(request, sheets, title: str):
    """A list's filtered rows as a workbook named after the list and the day (no code in the name)."""
    data = filtered_export(sheets, user=request.user, title=title)
    filename = f"{title}-{timezone.localdate():%Y-%m-%d}.xlsx"
    return file_response(request, data, filename, XLSX)


def _list_context(request, form, page, base) -> dict:
    """What every filtered list's template shows besides its rows: the filters with the committee
    picker's choices (one query), the page, and the export link carrying the same filters."""
    return {
        "form": form,
        "page_obj": page,
        "querystring_base": base,
        "committee_choices": selectors.committee_choices(scoping.committees_for(request.user)),
        "export_query": request.GET.urlencode(),
    }


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


@require_safe
@login_required
def volunteer_list(request):
    volunteers = scoping.scope_queryset(Volunteer.objects.all(), request.user)
    return _filtered_list(request, VolunteerFilter, volunteers, "committees/registry/volunteer_list.html")


@require_safe
@login_required
def team_list(request):
    teams = scoping.scope_queryset(VolunteerTeam.objects.all(), request.user)
    return _filtered_list(request, TeamFilter, teams, "committees/registry/team_list.html")


@require_safe
@login_required
def station_list(request):
    stations = scoping.scope_queryset(TutoringStation.objects.all(), request.user)
    return _filtered_list(request, StationFilter, stations, "committees/registry/station_list.html")


def _filtered_list(request, filterset_class, scoped, template: str):
    """A page of the scoped rows through the list's filters (committees.filters)."""
    filterset = filterset_class(request.GET, queryset=scoped, request=request)
    page, base = paginate(request, filterset.qs)
    return render(request, template, _list_context(request, filterset.form, page, base))


@require_safe
@login_required
def volunteer_export(request):
    """The volunteers the list's filters find, in the list's order (phones masked as on the page)."""
    scoped = scoping.scope_queryset(Volunteer.objects.all(), request.user)
    filterset = VolunteerFilter(request.GET, queryset=scoped, request=request)
    return _export(request, [(TABLES["volunteers"], TABLES["volunteers"].rows_of(filterset.qs, request.user))],
                   _("Five-old volunteers"))  # fmt: skip


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
def station_export(request):
    """The central stations the list's filters find, with their satellite points in the reader's scope."""
    scoped = scoping.scope_queryset(TutoringStation.objects.all(), request.user)
    hubs = StationFilter(request.GET, queryset=scoped, request=request).qs.order_by().values("pk")
    stations = scoped.filter(Q(pk__in=hubs) | Q(hub__in=hubs))
    return _export(request, [(TABLES["stations"], TABLES["stations"].rows_of(stations, request.user))],
                   _("Tutoring stations"))  # fmt: skip


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
def person_edit(request, pk: int):
    """Edit a person's own details: allowed to whoever may write every committee where the person serves."""
    person = _person_for(request.user, pk, change=True)
    form = PersonForm(request.POST or None, instance=person)
    update = partial(services.person_update, actor=request.user, person=person)
    if save_form(request, form, lambda data: update(data=data), _("Saved.")):
        return redirect("registry:person_detail", pk=person.pk)
    return _form_page(request, form, person.pk, _("Edit %(name)s") % {"name": person.name})


# Choices offered by the forms, each narrowed through scoping.


def _town_path(committee: Committee) -> str:
    """The path of the committee's town (or of the district for the district itself)."""
    if committee.depth < 1:
        return committee.path
    return PATH_SEPARATOR.join(committee.path.split(PATH_SEPARATOR)[:3]) + PATH_SEPARATOR


def _ancestor_paths(committee: Committee) -> list[str]:
    codes = [c for c in committee.path.split(PATH_SEPARATOR) if c]
    return [PATH_SEPARATOR + PATH_SEPARATOR.join(codes[:i]) + PATH_SEPARATOR for i in range(1, len(codes) + 1)]


def _person_choices(user, committee: Committee):
    """The people the user may see who are registered somewhere in the committee's town."""
    posts, volunteers = _scoped_rows(user)
    town = _town_path(committee)
    posts = posts.filter(committee__path__startswith=town)
    volunteers = volunteers.filter(committee__path__startswith=town)
    return selectors.people_in_scope(posts, volunteers).order_by("name", "birth_year", "pk")


def _team_choices(user, committee: Committee):
    """Teams a volunteer of `committee` may join: owned by it or above it, and editable by the user."""
    teams = VolunteerTeam.objects.filter(committee__path__in=_ancestor_paths(committee))
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


# Leadership and volunteers ------------------------------------------------------------


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


# Teams ---------------------------------------------------------------------------------


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


# Tutoring stations -----------------------------------------------------------------------


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


def _page(request, form, title: str, cancel_url: str):
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url})


def _form_page(request, form, person_pk: int, title: str):
    return _page(request, form, title, reverse("registry:person_detail", kwargs={"pk": person_pk}))


def _join_page(request, form, title: str, cancel_url: str):
    context = {"form": form, "title": title, "cancel_url": cancel_url}
    return render(request, "committees/registry/join_form.html", context)

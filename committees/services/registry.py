"""Writes to the registry: people, posts, volunteers, teams, stations, points."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    BackboneRole,
    Committee,
    Layer,
    Person,
    PointsEntry,
    PointsRule,
    Post,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from .history import _history_reason, _save_with_history


@transaction.atomic
def post_end(*, actor, post: Post, ended_on: datetime.date) -> Post:
    """End a post: it stays in the history, and the committee's leadership no longer shows it."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.ended_on is not None:
        raise ValidationError(_("This post has already ended."))
    post.ended_on = ended_on
    post.full_clean()
    _history_reason(post, _("ended"))
    post.save(update_fields=["ended_on"])
    return post


@transaction.atomic
def volunteer_exit(*, actor, volunteer: Volunteer, exited_on: datetime.date, exit_reason: str) -> Volunteer:
    """Record a volunteer's exit with its date and reason; the membership stays in the history."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.exited_on is not None:
        raise ValidationError(_("This volunteer has already exited."))
    volunteer.exited_on = exited_on
    volunteer.exit_reason = exit_reason.strip()
    volunteer.full_clean()
    volunteer._history_user = actor
    _history_reason(volunteer, _("exited"))
    volunteer.save(update_fields=["exited_on", "exit_reason"])
    return volunteer


PERSON_FIELDS = (
    "name",
    "gender",
    "birth_year",
    "phone",
    "id_number",
    "former_post",
    "is_five_old",
    "five_old_category",
    "notes",
)
POST_FIELDS = ("position", "concurrent", "resident", "source", "started_on")
VOLUNTEER_FIELDS = ("layer", "joined_on")
TEAM_FIELDS = ("name", "team_type", "committee", "founded_year", "service_content")
STATION_FIELDS = ("name", "committee", "kind", "hub", "linked_school", "opened_year", "activities_per_year")


def _apply(obj, data: dict, allowed: tuple[str, ...]) -> list[str]:
    """Set the fields of `data` that differ on `obj`; return their names."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    changed = [f for f, v in data.items() if getattr(obj, f) != v]
    for field in changed:
        setattr(obj, field, data[field])
    return changed


def _edit_reason(m2m_labels: list[str]) -> str:
    """'edited', naming the many-to-many fields that changed (the history keeps no copy of them)."""
    if not m2m_labels:
        return _("edited")
    return _("edited: %(fields)s changed") % {"fields": "、".join(str(label) for label in m2m_labels)}


def _require_open(committee: Committee) -> None:
    if not committee.is_open:
        raise ValidationError(_("%(name)s is closed and takes no new records.") % {"name": committee.name})


def _in_subtree(committee: Committee, root: Committee) -> bool:
    return committee.path.startswith(root.path)


def _merge_errors(*errors: ValidationError | None) -> ValidationError | None:
    merged: dict = {}
    for error in errors:
        if error is not None:
            merged = error.update_error_dict(merged)
    return ValidationError(merged) if merged else None


def _clean(obj, exclude: list[str] | None = None) -> ValidationError | None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        return exc
    return None


def _new_person(data: dict) -> Person:
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be set here: %s") % ", ".join(sorted(unknown)))
    return Person(**{f: v.strip() if isinstance(v, str) else v for f, v in data.items()})


def _register(*, actor, person: Person | None, new_person: dict | None, row: Post | Volunteer) -> None:
    """Validate a new row together with the new person it brings (all errors at once), then
    save the person. A person is only ever created with a first post or membership, so that
    nobody is left outside every reader's scope."""
    if (person is None) == (new_person is None):
        raise ValidationError(_("Choose a registered person or fill in a new one."))
    if person is not None:
        row.person = person
        error = _clean(row)
    else:
        person = _new_person(new_person)
        error = _merge_errors(_clean(person), _clean(row, exclude=["person"]))
    if error is not None:
        raise error
    if person.pk is None:
        _save_with_history(person, actor=actor, reason=_("registered"))
        row.person = person


@transaction.atomic
def person_update(*, actor, person: Person, data: dict) -> Person:
    """Change a person's own details (not their posts or memberships)."""
    changed = _apply(person, {f: v.strip() if isinstance(v, str) else v for f, v in data.items()}, PERSON_FIELDS)
    if not changed:
        return person
    person.full_clean()
    _save_with_history(person, actor=actor, reason=_("edited"), update_fields=changed)
    return person


@transaction.atomic
def post_create(
    *,
    actor,
    committee: Committee,
    person: Person | None = None,
    new_person: dict | None = None,
    position: str,
    concurrent: bool = False,
    resident: bool = False,
    source: str = "",
    started_on: datetime.date | None = None,
) -> Post:
    """Add a post to a committee's leadership, for a registered person or a new one."""
    # Lock the committee so that two clerks cannot both add its one open director.
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    _require_open(committee)
    post = Post(
        committee=committee,
        position=position,
        concurrent=concurrent,
        resident=resident,
        source=source,
        started_on=started_on,
    )
    _register(actor=actor, person=person, new_person=new_person, row=post)
    _save_with_history(post, actor=actor, reason=_("added to the leadership"))
    return post


@transaction.atomic
def post_update(*, actor, post: Post, data: dict) -> Post:
    """Change a post's position, source, start date, concurrent or resident flag; ending is post_end."""
    # Lock the committee as post_create does: the one-open-director rule is checked, then saved.
    Committee.objects.select_for_update().filter(pk=post.committee_id).first()
    post = Post.objects.select_related("committee", "person").get(pk=post.pk)
    changed = _apply(post, data, POST_FIELDS)
    if not changed:
        return post
    post.full_clean()
    _save_with_history(post, actor=actor, reason=_("edited"), update_fields=changed)
    return post


def _check_volunteer(
    volunteer: Volunteer, *, layer: str, backbone_roles: list[BackboneRole], added_teams: list[VolunteerTeam]
) -> None:
    errors: dict[str, list[str]] = {}
    if backbone_roles and layer != Layer.BACKBONE:
        errors["backbone_roles"] = [_("Only backbone members hold backbone roles.")]
    outside = [t.name for t in added_teams if not _in_subtree(volunteer.committee, t.committee)]
    if outside:
        errors["teams"] = [
            _("A volunteer of %(committee)s cannot join these teams: %(teams)s.")
            % {"committee": volunteer.committee.name, "teams": "、".join(outside)}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def volunteer_create(
    *,
    actor,
    committee: Committee,
    person: Person | None = None,
    new_person: dict | None = None,
    layer: str = Layer.PARTICIPANT,
    backbone_roles: list[BackboneRole] | tuple = (),
    joined_on: datetime.date | None = None,
    teams: list[VolunteerTeam] | tuple = (),
) -> Volunteer:
    """Make a person (registered or new) a volunteer of a committee, with roles and teams."""
    _require_open(committee)
    volunteer = Volunteer(committee=committee, layer=layer, joined_on=joined_on)
    _check_volunteer(volunteer, layer=layer, backbone_roles=list(backbone_roles), added_teams=list(teams))
    _register(actor=actor, person=person, new_person=new_person, row=volunteer)
    _save_with_history(volunteer, actor=actor, reason=_("joined"))
    volunteer.backbone_roles.set(backbone_roles)
    volunteer.teams.set(teams)
    return volunteer


@transaction.atomic
def volunteer_update(
    *,
    actor,
    volunteer: Volunteer,
    data: dict,
    backbone_roles: list[BackboneRole],
    teams: list[VolunteerTeam],
) -> Volunteer:
    """Change a membership's layer, join date, backbone roles and teams; an exit is volunteer_exit."""
    volunteer = Volunteer.objects.select_for_update().select_related("committee", "person").get(pk=volunteer.pk)
    changed = _apply(volunteer, data, VOLUNTEER_FIELDS)
    old_roles = set(volunteer.backbone_roles.all())
    old_teams = set(volunteer.teams.all())
    added_teams = [t for t in teams if t not in old_teams]
    _check_volunteer(volunteer, layer=volunteer.layer, backbone_roles=list(backbone_roles), added_teams=added_teams)
    roles_changed = old_roles != set(backbone_roles)
    teams_changed = old_teams != set(teams)
    if not changed and not roles_changed and not teams_changed:
        return volunteer
    volunteer.full_clean()
    labels = [Volunteer._meta.get_field("backbone_roles").verbose_name] if roles_changed else []
    labels += [VolunteerTeam._meta.verbose_name_plural] if teams_changed else []
    _save_with_history(volunteer, actor=actor, reason=_edit_reason(labels), update_fields=changed or None)
    if roles_changed:
        volunteer.backbone_roles.set(backbone_roles)
    if teams_changed:
        volunteer.teams.set(teams)
    return volunteer


@transaction.atomic
def points_entry_create(
    *,
    actor,
    volunteer: Volunteer,
    date: datetime.date,
    points: Decimal | None = None,
    reason: str = "",
    rule: PointsRule | None = None,
) -> PointsEntry:
    """Add a line to a volunteer's points ledger; a rule gives the default points and reason."""
    if rule is not None:
        points = rule.points if points is None else points
        reason = reason.strip() or rule.name
    if points is None:
        raise ValidationError({"points": _("Give the points, or choose a rule that gives them.")})
    entry = PointsEntry(volunteer=volunteer, rule=rule, reason=reason.strip(), points=points, date=date)
    entry.full_clean()
    _save_with_history(entry, actor=actor, reason=_("created"))
    return entry


def _check_team_members(team: VolunteerTeam, members: list[Volunteer], *, added: list[Volunteer]) -> None:
    errors = []
    exited = [v.person.name for v in added if not v.is_active]
    if exited:
        errors.append(_("These volunteers have exited: %(names)s.") % {"names": "、".join(exited)})
    outside = [v.person.name for v in members if not _in_subtree(v.committee, team.committee)]
    if outside:
        errors.append(
            _("Members must be volunteers of %(committee)s or the committees under it; not: %(names)s.")
            % {"committee": team.committee.name, "names": "、".join(outside)}
        )
    if errors:
        raise ValidationError({"members": errors})


@transaction.atomic
def team_create(
    *,
    actor,
    committee: Committee,
    name: str,
    team_type: str,
    founded_year: int | None = None,
    service_content: str = "",
    members: list[Volunteer] | tuple = (),
) -> VolunteerTeam:
    """Create a volunteer team owned by a committee, its members drawn from that committee's subtree."""
    _require_open(committee)
    team = VolunteerTeam(
        committee=committee,
        name=name.strip(),
        team_type=team_type,
        founded_year=founded_year,
        service_content=service_content,
    )
    error = _clean(team)
    try:
        _check_team_members(team, list(members), added=list(members))
    except ValidationError as exc:
        error = _merge_errors(error, exc)
    if error is not None:
        raise error
    _save_with_history(team, actor=actor, reason=_("created"))
    team.members.set(members)
    return team


@transaction.atomic
def team_update(*, actor, team: VolunteerTeam, data: dict, members: list[Volunteer]) -> VolunteerTeam:
    """Change a team's details and members. A changed owner must still hold every member."""
    team = VolunteerTeam.objects.select_for_update().select_related("committee").get(pk=team.pk)
    data = {f: v.strip() if f == "name" else v for f, v in data.items()}
    changed = _apply(team, data, TEAM_FIELDS)
    if "committee" in changed:
        _require_open(team.committee)
    old = set(team.members.select_related("person", "committee"))
    added = [v for v in members if v not in old]
    error = _clean(team) if changed else None
    try:
        # Members already in the team are checked again only when the owner moves.
        _check_team_members(team, list(members) if "committee" in changed else added, added=added)
    except ValidationError as exc:
        error = _merge_errors(error, exc)
    if error is not None:
        raise error
    members_changed = old != set(members)
    if not changed and not members_changed:
        return team
    reason = _edit_reason([VolunteerTeam._meta.get_field("members").verbose_name] if members_changed else [])
    _save_with_history(team, actor=actor, reason=reason, update_fields=changed or None)
    if members_changed:
        team.members.set(members)
    return team


@transaction.atomic
def station_create(
    *,
    actor,
    committee: Committee,
    name: str,
    kind: str = StationKind.CENTRAL,
    hub: TutoringStation | None = None,
    linked_school: Committee | None = None,
    opened_year: int | None = None,
    activities_per_year: int = 0,
) -> TutoringStation:
    """Open a tutoring station in a village: a central station, or a satellite point of one."""
    _require_open(committee)
    station = TutoringStation(
        committee=committee,
        name=name.strip(),
        kind=kind,
        hub=hub,
        linked_school=linked_school,
        opened_year=opened_year,
        activities_per_year=activities_per_year,
    )
    station.full_clean()
    _save_with_history(station, actor=actor, reason=_("created"))
    return station


@transaction.atomic
def station_update(*, actor, station: TutoringStation, data: dict) -> TutoringStation:
    """Change a station's details; a central station with points keeps its kind and village."""
    station = TutoringStation.objects.select_for_update().select_related("committee").get(pk=station.pk)
    data = {f: v.strip() if f == "name" else v for f, v in data.items()}
    changed = _apply(station, data, STATION_FIELDS)
    if not changed:
        return station
    if "committee" in changed:
        _require_open(station.committee)
    if station.hub_id is not None and station.hub_id == station.pk:
        raise ValidationError({"hub": _("A station cannot be its own central station.")})
    if ({"kind", "committee"} & set(changed)) and station.points.exists():
        raise ValidationError(
            _("%(name)s has satellite points: it stays a central station of its village while they point to it.")
            % {"name": station.name}
        )
    station.full_clean()
    _save_with_history(station, actor=actor, reason=_("edited"), update_fields=changed)
    return station

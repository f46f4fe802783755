"""Writes to the committee tree, roles, users, jobs and the registry. Each is one transaction.

Services raise django.core.exceptions.ValidationError with a message for the user; views
turn it into form errors. Permission checks belong to the caller (views ask scoping).
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model, ProtectedError, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from . import heartbeat, scoping
from .models import (
    PATH_SEPARATOR,
    BackboneRole,
    Committee,
    Job,
    Layer,
    Person,
    PointsEntry,
    PointsRule,
    Post,
    Role,
    RoleAssignment,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)

User = get_user_model()

DETAIL_FIELDS = ("name", "opened_on", "display_order", "address", "phone", "notes")


def _history_reason(obj, reason: str) -> None:
    obj._change_reason = reason


@transaction.atomic
def committee_create(
    *,
    actor,
    parent: Committee | None,
    code: str,
    name: str,
    kind: str,
    opened_on: datetime.date | None = None,
    display_order: int = 0,
    address: str = "",
    phone: str = "",
    notes: str = "",
) -> Committee:
    committee = Committee(
        parent=parent,
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        opened_on=opened_on,
        display_order=display_order,
        address=address,
        phone=phone,
        notes=notes,
    )
    committee.path = committee.build_path()
    committee.full_clean()
    _history_reason(committee, _("created"))
    committee.save()
    return committee


@transaction.atomic
def committee_update_details(*, actor, committee: Committee, data: dict) -> Committee:
    """Change a committee's own details; its code, kind and place in the tree stay."""
    unknown = set(data) - set(DETAIL_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %s") % ", ".join(sorted(unknown)))
    changed = [f for f, v in data.items() if getattr(committee, f) != v]
    if not changed:
        return committee
    for field in changed:
        setattr(committee, field, data[field])
    committee.full_clean()
    committee.save(update_fields=[*changed, "path", "depth"])
    return committee


@transaction.atomic
def committee_move(*, actor, committee: Committee, new_parent: Committee) -> Committee:
    """Put a committee (and its whole subtree) under another parent in one UPDATE."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if committee.parent_id == new_parent.pk:
        raise ValidationError(_("The committee is already under %(parent)s.") % {"parent": new_parent.name})
    old_path = committee.path
    committee.parent = new_parent
    committee.full_clean()
    _history_reason(committee, _("moved"))
    committee.save()
    new_path = committee.path
    depth_change = new_path.count(PATH_SEPARATOR) - old_path.count(PATH_SEPARATOR)
    descendants = Committee.objects.filter(path__startswith=old_path).exclude(pk=committee.pk)
    descendants.update(
        path=Concat(Value(new_path), Substr("path", Length(Value(old_path)) + 1)),
        depth=F("depth") + depth_change,
    )
    return committee


@transaction.atomic
def committee_close(*, actor, committee: Committee, closed_on: datetime.date) -> Committee:
    """Close a committee: it stays, with its history, but takes no new work."""
    if committee.closed_on is not None:
        raise ValidationError(_("This committee is already closed."))
    open_children = committee.children.filter(closed_on__isnull=True)
    if open_children.exists():
        names = "、".join(open_children.values_list("name", flat=True)[:5])
        raise ValidationError(
            _("%(name)s still has %(count)d open committees under it (%(names)s…): close or move them first.")
            % {"name": committee.name, "count": open_children.count(), "names": names}
        )
    if committee.opened_on and closed_on < committee.opened_on:
        raise ValidationError(_("The closing date cannot be before the opening date."))
    committee.closed_on = closed_on
    _history_reason(committee, _("closed"))
    committee.save(update_fields=["closed_on"])
    RoleAssignment.objects.active().filter(committee=committee).update(ended_at=timezone.now(), ended_by=actor)
    return committee


@transaction.atomic
def committee_reopen(*, actor, committee: Committee) -> Committee:
    if committee.closed_on is None:
        raise ValidationError(_("This committee is open."))
    if committee.parent_id and not committee.parent.is_open:
        raise ValidationError(_("The parent committee is closed."))
    committee.closed_on = None
    _history_reason(committee, _("reopened"))
    committee.save(update_fields=["closed_on"])
    return committee


def committee_delete(*, actor, committee: Committee) -> None:
    """Delete a committee that holds no data; otherwise refuse and suggest closing it."""
    try:
        with transaction.atomic():
            committee.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _(
                "%(name)s cannot be deleted: it holds data (%(count)d linked records, such as "
                "committees under it or roles). Close it instead; closing keeps its history."
            )
            % {"name": committee.name, "count": len(exc.protected_objects)}
        ) from exc


# Users and roles -------------------------------------------------------------------


def password_generate() -> str:
    # Unambiguous characters: read aloud over the phone to a retired volunteer.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


@transaction.atomic
def user_create(*, actor, username: str, full_name: str, email: str = "", password: str) -> User:
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The user name %(name)s is taken.") % {"name": username}})
    user = User(username=username, first_name=full_name.strip(), email=email.strip())
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_update(*, actor, user: User, full_name: str, email: str) -> User:
    user.first_name = full_name.strip()
    user.email = email.strip()
    user.full_clean()
    user.save(update_fields=["first_name", "email"])
    return user


def _is_last_admin(user: User) -> bool:
    admins = RoleAssignment.objects.active().filter(role=Role.DISTRICT_ADMIN, user__is_active=True)
    return admins.filter(user=user).exists() and not admins.exclude(user=user).exists()


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool) -> User:
    if not active and user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if not active and _is_last_admin(user):
        raise ValidationError(_("This is the last active district admin; appoint another first."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_reset_password(*, actor, user: User, password: str | None = None) -> str:
    """Set a new password (a generated one unless given) and return it, to be told to the user."""
    password = password or password_generate()
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


@transaction.atomic
def role_assign(*, actor, user: User, committee: Committee, role: str, handover: bool = False) -> RoleAssignment:
    """Give a user a role on a committee.

    With handover, the committee's current holders of the same role are ended first: the
    town passes to the new secretary and the old assignments stay in the history.
    """
    if not user.is_active:
        raise ValidationError(_("The user is deactivated."))
    if not committee.is_open:
        raise ValidationError(_("The committee is closed."))
    current = RoleAssignment.objects.active().filter(committee=committee, role=role)
    if current.filter(user=user).exists():
        raise ValidationError(
            _("%(user)s already holds this role on %(committee)s.") % {"user": user, "committee": committee}
        )
    if handover:
        for old in current.select_related("user"):
            _role_end(actor=actor, assignment=old)
    assignment = RoleAssignment(user=user, committee=committee, role=role, granted_by=actor)
    assignment.full_clean()
    assignment.save()
    scoping.forget_scopes(user)
    return assignment


def _role_end(*, actor, assignment: RoleAssignment) -> None:
    assignment.ended_at = timezone.now()
    assignment.ended_by = actor
    assignment.save(update_fields=["ended_at", "ended_by"])


@transaction.atomic
def role_end(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    if not assignment.is_active:
        raise ValidationError(_("This role has already ended."))
    if assignment.role == Role.DISTRICT_ADMIN and _is_last_admin(assignment.user):
        raise ValidationError(_("This is the last active district admin; appoint another first."))
    _role_end(actor=actor, assignment=assignment)
    scoping.forget_scopes(assignment.user)
    return assignment


# Background jobs -------------------------------------------------------------------


def job_start(*, actor, kind: str, committee: Committee, params: dict | None = None) -> Job:
    """Record a job and queue it once the transaction commits (the worker must see the row)."""
    from .tasks import run_job

    job = Job.objects.create(kind=kind, committee=committee, params=params or {}, created_by=actor)
    heartbeat.queue_on_commit(run_job, Job, job.pk)
    return job


def job_retry(*, actor, job: Job) -> Job:
    """Start a failed job again as a new one: the same kind, scope and parameters."""
    if job.status != Job.Status.FAILED:
        raise ValidationError(_("Only a failed job can be run again."))
    return job_start(actor=actor, kind=job.kind, committee=job.committee, params=job.params)


def job_progress(*, job: Job, progress: int, stage: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(progress=min(progress, 100), stage=stage[:100], heartbeat_at=timezone.now())


def job_finish(*, job: Job, result: dict) -> bool:
    """Mark a running job done with its result; False when it no longer runs (the sweep failed it).

    A handler that writes calls it inside its own transaction, so that the writes and the done
    status commit together: a worker lost before the commit leaves nothing written."""
    now = timezone.now()
    finished = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE, progress=100, result=result, finished_at=now, heartbeat_at=now
    )
    return bool(finished)


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
    _history_reason(volunteer, _("exited"))
    volunteer.save(update_fields=["exited_on", "exit_reason"])
    return volunteer


# The registry: people, posts, volunteers, teams, stations, points ------------------------

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
POST_FIELDS = ("position", "concurrent", "source", "started_on")
VOLUNTEER_FIELDS = ("layer", "joined_on")
TEAM_FIELDS = ("name", "team_type", "committee", "founded_year", "service_content")
STATION_FIELDS = ("name", "committee", "kind", "hub", "linked_school", "opened_year", "activities_per_year")

# simple-history keeps reasons in a 100-character column.
REASON_LENGTH = 100


def _save_with_history(obj, *, actor, reason: str, update_fields: list[str] | None = None) -> None:
    # The acting user is set here, not left to the request middleware, so that a service
    # called from a task or a shell still records who did it.
    obj._history_user = actor
    _history_reason(obj, reason[:REASON_LENGTH])
    obj.save(update_fields=update_fields)


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
    source: str = "",
    started_on: datetime.date | None = None,
) -> Post:
    """Add a post to a committee's leadership, for a registered person or a new one."""
    # Lock the committee so that two clerks cannot both add its one open director.
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    _require_open(committee)
    post = Post(committee=committee, position=position, concurrent=concurrent, source=source, started_on=started_on)
    _register(actor=actor, person=person, new_person=new_person, row=post)
    _save_with_history(post, actor=actor, reason=_("added to the leadership"))
    return post


@transaction.atomic
def post_update(*, actor, post: Post, data: dict) -> Post:
    """Change a post's position, source, start date or concurrent flag; ending is post_end."""
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


# --- Reference data (district admins): the tables of committees.reference ----------------------


def _history_baseline(obj) -> None:
    """Give a row that a data migration seeded (and so has no history) a first record of its
    values as they are in the database, so that the history shows what the next change changed."""
    if obj.pk is None or obj.history.exists():
        return
    model = type(obj)
    model.history.bulk_history_create([model.objects.get(pk=obj.pk)], default_change_reason=_("Default values"))


def reference_save(*, actor, obj: Model, data: dict) -> Model:
    """Create (obj without pk) or change a row of district-wide reference data. Refused without the
    right to manage rounds, standards and rules; the model's rules (unique names and codes) raise
    ValidationError; the change is in the row's history with the acting user."""
    scoping.require_anywhere(actor, scoping.Action.MANAGE_ROUNDS)
    creating = obj.pk is None
    changed = [f for f, v in data.items() if getattr(obj, f) != v]
    if not creating and not changed:
        return obj
    for name in changed:
        setattr(obj, name, data[name])
    obj.full_clean()
    with transaction.atomic():
        _history_baseline(obj)
        _save_with_history(
            obj,
            actor=actor,
            reason=_("Created") if creating else _("Changed"),
            update_fields=None if creating else changed,
        )
    return obj

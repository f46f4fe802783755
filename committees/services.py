"""Writes to the committee tree, roles, users and jobs. Each is one transaction.

Services raise django.core.exceptions.ValidationError with a message for the user; views
turn it into form errors. Permission checks belong to the caller (views ask scoping).
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from . import scoping
from .models import PATH_SEPARATOR, Committee, Job, Post, Role, RoleAssignment, Volunteer

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


def generate_password() -> str:
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
    password = password or generate_password()
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
    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def job_progress(*, job: Job, progress: int, stage: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(progress=min(progress, 100), stage=stage[:100])


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

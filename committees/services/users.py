"""Writes to users and their roles."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import scoping
from ..models import Committee, Role, RoleAssignment

User = get_user_model()


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

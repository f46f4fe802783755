"""The audit log: one service writes an event, one selector reads them.

Logins, failed logins and lockouts arrive as signals (django.contrib.auth's and django-axes's),
connected here when the app is ready; downloads are recorded by committees.downloads, the one
response every download goes through.
"""

from __future__ import annotations

import re

from axes.helpers import get_client_ip_address, get_failure_limit
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest

from .models import AuditEvent, AuditKind, Committee

# What a login form was sent is shown on a page: no control character (a line break, NUL) in it.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
DETAIL_LENGTH = AuditEvent._meta.get_field("detail").max_length
USERNAME_LENGTH = AuditEvent._meta.get_field("username").max_length


def _ip_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or None


def audit_record(
    *,
    kind: AuditKind,
    request: HttpRequest | None = None,
    user=None,
    username: str = "",
    committee: Committee | None = None,
    detail: str = "",
) -> AuditEvent:
    """Write one event; the user is the request's when not given."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if user is not None and not username:
        username = user.get_username()
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        username=_CONTROL.sub("?", username or "")[:USERNAME_LENGTH],
        ip_address=_ip_address(request),
        committee=committee,
        detail=_CONTROL.sub("?", detail)[:DETAIL_LENGTH],
    )


def audit_events() -> QuerySet[AuditEvent]:
    """Every event, newest first, with what a list of them shows."""
    return AuditEvent.objects.select_related("user", "committee").order_by("-at", "-id")


def _known_user(username: str):
    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_logged_in, dispatch_uid="audit_login")
def _on_login(sender, request=None, user=None, **kwargs) -> None:
    audit_record(kind=AuditKind.LOGIN, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _on_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    username = str((credentials or {}).get("username") or "")
    audit_record(kind=AuditKind.LOGIN_FAILED, request=request, user=_known_user(username), username=username)


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    # django-axes signals a lockout on every failure past the limit: the log keeps the one
    # that starts it (each later attempt is on record as a failed login).
    failures = getattr(request, "axes_failures_since_start", None)
    credentials = getattr(request, "axes_credentials", None)
    if failures is not None and request is not None and failures != get_failure_limit(request, credentials):
        return
    username = username or ""
    audit_record(kind=AuditKind.LOCKOUT, request=request, user=_known_user(username), username=username)

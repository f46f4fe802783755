"""Login throttling (django-axes): whether a user is locked out, until when, and unlocking.

The limits are settings (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME); django-axes counts the
failures per user name and per IP address and refuses a locked-out login.
"""

from __future__ import annotations

import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone

from .audit import audit_record
from .models import AuditKind


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXIES proxies the address the first of
    them appended to X-Forwarded-For (what the client itself sends there, further left, is not trusted)."""
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def locked_until(username: str) -> datetime.datetime | None:
    """When the lockout of this user name ends, or None when it may log in."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    counts = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if (counts["failures"] or 0) < settings.AXES_FAILURE_LIMIT:
        return None
    return counts["last"] + settings.AXES_COOLOFF_TIME


def user_unlock(*, actor, user, request: HttpRequest | None = None) -> int:
    """Forget the user's failed logins, so that they may log in again at once."""
    removed = reset(username=user.get_username())
    audit_record(kind=AuditKind.UNLOCK, request=request, user=actor, committee=None, detail=user.get_username())
    return removed

"""The page a locked-out login gets instead of the login form (django-axes calls it)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Say that logins are locked and when to try again (the wait restarts with each attempt)."""
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    context = {
        "retry_at": timezone.localtime(attempt_time + settings.AXES_COOLOFF_TIME),
        "minutes": settings.AXES_COOLOFF_MINUTES,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "registration/locked_out.html", context, status=429)

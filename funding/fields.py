"""Fields the funding models share."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def user_field(verbose_name) -> models.ForeignKey:
    """Who entered, closed or confirmed a record: kept (null) when the user is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

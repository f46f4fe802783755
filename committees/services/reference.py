"""Writes to the district-wide reference data (the tables of committees.reference)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from .. import scoping
from .history import _save_with_history


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
    # A new row takes every field (a foreign key of a row not yet saved cannot be read).
    changed = list(data) if creating else [f for f, v in data.items() if getattr(obj, f) != v]
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

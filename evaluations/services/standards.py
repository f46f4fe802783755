"""Writes to the five-haves-five-goods standards: a version is created with its items, changed
only while nothing has used it (selectors.is_locked), and copied as a new version otherwise.

Services raise ValidationError with a message for the user; each is one transaction, and each
change is kept in the rows' history with the acting user."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from simple_history.utils import bulk_create_with_history

from committees import scoping
from committees.scoping import Action

from ..models import STANDARD_FIELDS, FhfgItem, FhfgStandard, locked_error
from ..selectors import is_locked, standard_items

ITEM_FIELDS = ("code", "name", "group", "weight", "criteria_met", "criteria_partly_met", "criteria_not_met")


def _items_check(items: Sequence[dict[str, Any]]) -> None:
    if not items:
        raise ValidationError(_("A version needs at least one item."))
    for field, label in (("code", pgettext("fhfg item", "code")), ("name", _("name"))):
        values = [item[field] for item in items if item.get(field)]
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise ValidationError(
                _("Each item's %(field)s must be different within a version: %(values)s is repeated.")
                % {"field": label, "values": "、".join(repeated)}
            )


def _items_create(standard: FhfgStandard, items: Sequence[dict[str, Any]], *, actor, reason: str) -> None:
    """The version's items, in the given order, numbered from 1 (form 3's columns follow it)."""
    rows = [
        FhfgItem(standard=standard, order=order, **{f: item.get(f, "") for f in ITEM_FIELDS})
        for order, item in enumerate(items, start=1)
    ]
    for row in rows:
        row.full_clean(exclude=["standard"], validate_unique=False, validate_constraints=False)
    bulk_create_with_history(rows, FhfgItem, default_user=actor, default_change_reason=reason)


def _standard_save(standard: FhfgStandard, data: dict[str, Any], *, actor, reason: str) -> None:
    for field in STANDARD_FIELDS:
        if field in data:
            setattr(standard, field, data[field] if data[field] is not None else "")
    standard.full_clean()
    standard._history_user = actor
    standard._change_reason = reason
    standard.save()


@transaction.atomic
def standard_create(*, actor, data: dict[str, Any], items: Sequence[dict[str, Any]]) -> FhfgStandard:
    """Create a version (name, effective date, source document, notes) with its items (code, name,
    group, weight, what counts as each result), in order. District admins only."""
    scoping.require_anywhere(actor, Action.MANAGE_ROUNDS)
    _items_check(items)
    standard = FhfgStandard()
    _standard_save(standard, data, actor=actor, reason=_("Created"))
    _items_create(standard, items, actor=actor, reason=_("Created"))
    return standard


@transaction.atomic
def standard_update(
    *, actor, standard: FhfgStandard, data: dict[str, Any], items: Sequence[dict[str, Any]]
) -> FhfgStandard:
    """Change a version and replace its items, refused once a round or a review has used it."""
    scoping.require_anywhere(actor, Action.MANAGE_ROUNDS)
    # Locked against a round opened meanwhile: the check and the change in one transaction.
    FhfgStandard.objects.select_for_update().filter(pk=standard.pk).first()
    if is_locked(standard):
        raise locked_error()
    _items_check(items)
    _standard_save(standard, data, actor=actor, reason=_("Changed"))
    old = list(standard.items.all())
    for item in old:
        item._history_user = actor
        item._change_reason = _("Changed")
        item.delete()
    _items_create(standard, items, actor=actor, reason=_("Changed"))
    return standard


@transaction.atomic
def standard_copy(
    *, actor, standard: FhfgStandard, name: str, effective_from: datetime.date, source: str = "", notes: str = ""
) -> FhfgStandard:
    """A new version with the items of `standard` (locked or not), to be changed in its place."""
    scoping.require_anywhere(actor, Action.MANAGE_ROUNDS)
    items = [{f: getattr(item, f) for f in ITEM_FIELDS} for item in standard_items(standard)]
    data = {"name": name, "effective_from": effective_from, "source": source, "notes": notes}
    return standard_create(actor=actor, data=data, items=items)

"""Writes to the committee tree: create, edit, move, close, reopen, delete."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PATH_SEPARATOR, Committee, RoleAssignment
from .history import _history_reason

DETAIL_FIELDS = ("name", "opened_on", "display_order", "address", "phone", "notes")


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

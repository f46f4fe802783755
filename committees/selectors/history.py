"""A row's history as a reader sees it: the records, their reasons in words, the changes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from ..models import Person
from .registry import PERSONAL_MASKS

HISTORY_ROWS = 20
# Change reasons that commands write as their own name, in words; a service writes its reason
# already in words (services.history._history_reason).
CHANGE_REASONS = {
    "load_demo": gettext_lazy("demo data"),
    "load_synthetic": gettext_lazy("synthetic test data"),
}


def change_reason_label(reason: str) -> str:
    return str(CHANGE_REASONS.get(reason, reason))


def history_of(obj, *, reveal: bool = False, limit: int = HISTORY_ROWS) -> list[dict]:
    """The row's latest historical records (newest first) with what each changed; a person's
    phone and ID number in full only with `reveal` (PersonalData: the reader may change them)."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    return history_changes(list(records), reveal=reveal)


def history_changes(records: list, *, reveal: bool = False) -> list[dict]:
    """Each historical record with what it changed against the one before it (newest first).
    A person's phone and ID number are masked in old and new values unless `reveal`."""
    rows = []
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = []
        if older is not None and newer.history_type == "~":
            model = newer.instance_type
            masks = PERSONAL_MASKS if issubclass(model, Person) and not reveal else {}
            for c in newer.diff_against(older).changes:
                field = model._meta.get_field(c.field)
                old, new = c.old, c.new
                if mask := masks.get(c.field):
                    old, new = mask(old or ""), mask(new or "")
                elif field.many_to_many:
                    old, new = _related_names(field, old), _related_names(field, new)
                changes.append({"field": field.verbose_name, "old": old, "new": new})
        rows.append({"record": newer, "changes": changes})
    return rows


def _related_names(field, rows: list[dict]) -> str:
    """A tracked many-to-many field's rows (through-table dicts of ids) as the related objects' names."""
    key = field.m2m_reverse_field_name()
    related = field.related_model.objects.in_bulk([row[key] for row in rows or []])
    return "、".join(str(getattr(related.get(row[key]), "name", related.get(row[key]) or "")) for row in rows or [])

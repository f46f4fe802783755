"""Reads of the five-haves-five-goods standards."""

from __future__ import annotations

import datetime

from django.db.models import Model, Prefetch, QuerySet
from django.utils.translation import gettext as _

from committees.labels import chinese

from .models import FhfgGroup, FhfgItem, FhfgStandard


def standard_in_force(day: datetime.date) -> FhfgStandard:
    """The version with the latest effective date on or before `day`, its items prefetched in order.

    Raises FhfgStandard.DoesNotExist when no version is in force yet.
    """
    standard = (
        FhfgStandard.objects.filter(effective_from__lte=day)
        .order_by("-effective_from")
        .prefetch_related(Prefetch("items", queryset=FhfgItem.objects.order_by("order")))
        .first()
    )
    if standard is None:
        raise FhfgStandard.DoesNotExist(
            _("No five-haves-five-goods standard is in force on %(day)s.") % {"day": day.isoformat()}
        )
    return standard


def standard_items(standard: FhfgStandard) -> list[FhfgItem]:
    """The items of a version in order (from the prefetch when there is one)."""
    return sorted(standard.items.all(), key=lambda item: item.order)


def item_names(standard: FhfgStandard) -> list[str]:
    return [item.name for item in standard_items(standard)]


def items_with_groups(standard: FhfgStandard) -> tuple[list[str], list[str]]:
    """The items' names and each one's group in Chinese (五有, 五好; blank for an item of no
    group), in the items' order: one query."""
    items = standard_items(standard)
    return [item.name for item in items], [chinese(FhfgGroup(item.group).label) if item.group else "" for item in items]


def _users(model: type[Model], objects: QuerySet, skip: type[Model] | None = None) -> list[QuerySet]:
    """A queryset per reverse relation to `model` (other than from `skip`) of the rows pointing at
    any of `objects`. Hidden relations (related_name "+": the history tables) are not in
    _meta.related_objects."""
    return [
        relation.related_model._default_manager.filter(**{f"{relation.field.name}__in": objects})
        for relation in model._meta.related_objects
        if relation.related_model is not skip
    ]


def used_by(standard: FhfgStandard) -> list[str]:
    """What has used a version, by kind (the verbose plural of each model that points at it or at
    one of its items: survey rounds, reviews, …), in the relations' order. A query per relation."""
    if standard.pk is None:
        return []
    standards = FhfgStandard.objects.filter(pk=standard.pk)
    querysets = _users(FhfgStandard, standards, skip=FhfgItem)
    querysets += _users(FhfgItem, FhfgItem.objects.filter(standard=standard))
    return list(dict.fromkeys(str(qs.model._meta.verbose_name_plural) for qs in querysets if qs.exists()))


def is_locked(standard: FhfgStandard) -> bool:
    """Whether a version is locked: any row other than its own items points at it through a
    foreign key (a survey round, a review, …, whatever model is added later), or at one of its
    items (a review's result per item). A locked version's fields and items are never changed;
    a change is a new version (services.standard_copy)."""
    return bool(used_by(standard))


def locked_ids() -> set[int]:
    """The ids of every locked version (is_locked), in a query per relation, whatever the number of
    versions: for lists."""
    ids: set[int] = set()
    for model, skip, path in ((FhfgStandard, FhfgItem, ""), (FhfgItem, None, "__standard")):
        for relation in model._meta.related_objects:
            if relation.related_model is not skip:
                key = f"{relation.field.name}{path}"
                rows = relation.related_model._default_manager.filter(**{f"{key}__isnull": False})
                ids.update(rows.order_by().values_list(key, flat=True).distinct())
    return ids


def standards() -> QuerySet[FhfgStandard]:
    """The versions, the latest first, their items prefetched in order."""
    items = Prefetch("items", queryset=FhfgItem.objects.order_by("order"))
    return FhfgStandard.objects.order_by("-effective_from").prefetch_related(items)


def standards_list() -> list[FhfgStandard]:
    """Every version with its items: two queries."""
    return list(standards())

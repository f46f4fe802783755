"""Reads of the five-haves-five-goods standards."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
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

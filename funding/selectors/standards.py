"""Reads of the funding standards."""

from __future__ import annotations

from django.db.models import Q

from committees.models import TOWN_KINDS, VILLAGE_KINDS

from ..models import FundingLevel, FundingStandard


def level_for_kind(kind: str) -> str | None:
    """The funding level of a committee kind (towns and subdistricts, villages and communities)."""
    if kind in TOWN_KINDS:
        return FundingLevel.TOWN
    if kind in VILLAGE_KINDS:
        return FundingLevel.VILLAGE
    return None


def _covering(year: int):
    return FundingStandard.objects.filter(first_year__lte=year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=year)
    )


def standard_for(level: str, year: int) -> FundingStandard | None:
    """The standard of a level in force in a year (the latest first year wins if two overlap)."""
    return _covering(year).filter(level=level).order_by("-first_year").first()


def standards_for_year(year: int) -> dict[str, FundingStandard]:
    """Every level's standard in force in a year, by level (one query)."""
    found: dict[str, FundingStandard] = {}
    for standard in _covering(year).order_by("level", "-first_year"):
        found.setdefault(standard.level, standard)
    return found

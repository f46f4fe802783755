"""Ages of the registry's people and the backbone's age bands (under 60, 60–69, 70–80, over 80).

Only a person's birth year is known, so an age is the whole years reached by the end of the
day's year: someone born in 1960 is 66 on any day of 2026. Every age is taken at a date the
caller names: the registry at today's date (or a date the user picks), a survey round at its
reference date (31 December of its year), the demo's seed at the 2023 survey's reference date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AgeBand:
    key: str
    youngest: int | None  # the lowest age in the band, None when it has no floor
    oldest: int | None  # the highest age in the band, None when it has no ceiling
    label: Promise  # the registry's label (translated)

    @property
    def words(self) -> str:
        """The band in the Chinese of the survey forms and the report ("60至69岁"), from its bounds."""
        if self.youngest is None:
            return f"{self.oldest + 1}岁以下"
        if self.oldest is None:
            return f"{self.youngest - 1}岁以上"
        return f"{self.youngest}至{self.oldest}岁"

    def birth_years(self, day: datetime.date) -> tuple[int | None, int | None]:
        """The inclusive range of birth years of the people in the band on `day`."""
        earliest = None if self.oldest is None else day.year - self.oldest
        latest = None if self.youngest is None else day.year - self.youngest
        return earliest, latest

    def q(self, day: datetime.date, field: str = "birth_year") -> Q:
        """The people of `field`'s birth year who are in the band on `day`."""
        earliest, latest = self.birth_years(day)
        q = Q()
        if earliest is not None:
            q &= Q(**{f"{field}__gte": earliest})
        if latest is not None:
            q &= Q(**{f"{field}__lte": latest})
        return q


BANDS: tuple[AgeBand, ...] = (
    AgeBand("under_60", None, 59, _("under 60")),
    AgeBand("60_69", 60, 69, _("60 to 69")),
    AgeBand("70_80", 70, 80, _("70 to 80")),
    AgeBand("over_80", 81, None, _("over 80")),
)
BY_KEY: dict[str, AgeBand] = {band.key: band for band in BANDS}


def today() -> datetime.date:
    """The registry's default day for ages: today in Asia/Shanghai."""
    return timezone.localdate()


def age_on(birth_year: int, day: datetime.date) -> int:
    """Age in whole years at the end of `day`'s year."""
    return day.year - birth_year


def birth_year_of(age: int, day: datetime.date) -> int:
    """The birth year of someone `age` years old on `day`."""
    return day.year - age

"""The Chinese label of every enumeration value, read from its one home: the model's choices.

The Excel files, the survey forms and the report are Chinese whatever the interface language
(they are the district's paper forms, and an importer must read what the exporter wrote), so
they show a choice's label as translated into Chinese. A mapping is built when first read, not
at import: translations are not ready while the apps load.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property

from django.db.models import TextChoices
from django.utils import translation

from .models import FiveOldCategory, Gender, Kind, Layer, Position, PostSource, StationKind, TeamType

FILE_LANGUAGE = "zh-hans"


def chinese(text) -> str:
    """A translatable text in Chinese, whatever language the request speaks."""
    with translation.override(FILE_LANGUAGE):
        return str(text)


class LazyMapping(Mapping[str, str]):
    """A mapping built by `build` when first read."""

    def __init__(self, build: Callable[[], dict[str, str]]):
        self._build = build

    @cached_property
    def _data(self) -> dict[str, str]:
        return self._build()

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"LazyMapping({self._data!r})"


class ChoiceLabels(LazyMapping):
    """value → Chinese label of a TextChoices (optionally only some of its values, in that order)."""

    def __init__(self, choices: type[TextChoices], values: tuple[str, ...] | None = None):
        self.choices = choices
        self.values_in_order: tuple[str, ...] = tuple(values or choices.values)
        super().__init__(lambda: {value: chinese(choices(value).label) for value in self.values_in_order})


def inverted(labels: Mapping[str, str]) -> LazyMapping:
    """label → value, built when first read."""
    return LazyMapping(lambda: {label: value for value, label in labels.items()})


KIND_LABELS = ChoiceLabels(Kind)
GENDER_LABELS = ChoiceLabels(Gender)
CATEGORY_LABELS = ChoiceLabels(FiveOldCategory)
LAYER_LABELS = ChoiceLabels(Layer)
POSITION_LABELS = ChoiceLabels(Position)
SOURCE_LABELS = ChoiceLabels(PostSource)
TEAM_TYPE_LABELS = ChoiceLabels(TeamType)
STATION_KIND_LABELS = ChoiceLabels(StationKind)

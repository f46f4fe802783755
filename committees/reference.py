"""The settings pages' tables: district-wide reference data that is local policy (committees'
backbone roles and points rules; funding standards, …). An app adds its own tables from its
AppConfig.ready(), so that committees, at the base, imports none of the apps above it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model


@dataclass(frozen=True)
class ReferenceTable:
    slug: str  # in the URL: /registry/settings/<slug>/
    model: type[Model]
    fields: tuple[str, ...]  # shown in the list and edited in the form, in this order
    title: str
    order: int = 100  # the tables' order on the page
    # Fields the form edits but the list leaves out: a key the program uses (a points rule's
    # code), which the name already says in words.
    unlisted: tuple[str, ...] = ()

    @property
    def listed(self) -> tuple[str, ...]:
        return tuple(f for f in self.fields if f not in self.unlisted)


TABLES: dict[str, ReferenceTable] = {}


def register(table: ReferenceTable) -> None:
    TABLES[table.slug] = table


def tables() -> list[ReferenceTable]:
    return sorted(TABLES.values(), key=lambda t: (t.order, t.slug))

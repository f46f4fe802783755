"""The settings pages' tables: district-wide reference data that is local policy (committees'
backbone roles and points rules; funding standards, …), and the links from those pages to other
apps' pages of policy (surveys' problem rules, …). An app adds its own tables and links from its
AppConfig.ready(), so that committees, at the base, imports none of the apps above it and its
templates name none of their URLs."""

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


@dataclass(frozen=True)
class ReferenceLink:
    url_name: str  # reversed when the page is shown
    title: str
    order: int = 100  # the links' order on the page


LINKS: dict[str, ReferenceLink] = {}


def register_link(link: ReferenceLink) -> None:
    LINKS[link.url_name] = link


def links() -> list[ReferenceLink]:
    return sorted(LINKS.values(), key=lambda link: (link.order, link.url_name))

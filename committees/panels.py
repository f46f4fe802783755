"""Panels that other apps add to a committee's page (the open round's forms, …). An app registers
its panel from its AppConfig.ready(), as for the settings pages (committees/reference.py), so that
committees, at the base, imports none of the apps above it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from .models import Committee


@dataclass(frozen=True)
class Panel:
    slug: str
    template: str  # rendered with `panel` (what `context` returned) in its context
    # What the panel shows of this committee to this user, or None to leave the panel out.
    context: Callable[[HttpRequest, Committee], dict | None]
    order: int = 100  # the panels' order on the page


PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    PANELS[panel.slug] = panel


def panels_for(request: HttpRequest, committee: Committee) -> list[tuple[str, dict]]:
    """The registered panels that have something to show here: (template, context) in order."""
    shown = []
    for panel in sorted(PANELS.values(), key=lambda p: (p.order, p.slug)):
        context = panel.context(request, committee)
        if context is not None:
            shown.append((panel.template, context))
    return shown

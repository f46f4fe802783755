"""The overview's chart: funds in place against the standard's lower bound, by town (万元)."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from .ledger import TownTotals


def town_chart(towns: list[TownTotals], level: str | None = None) -> dict:
    """An ECharts spec as static/js/report-charts.js draws it (data-report-chart), with its table;
    `level` names the groups when they are not towns (区, 市)."""
    categories = [t.town.name for t in towns]
    in_place = [format(t.in_place, "f") for t in towns]  # ECharts reads numbers written as text
    standard = [format(t.standard_lower, "f") for t in towns]
    spec = {
        "type": "bar",
        "title": _("Funds in place and the standard by %(level)s") % {"level": level}
        if level
        else _("Funds in place and the standard by town"),
        "categories": categories,
        "series": [{"name": _("In place"), "data": in_place}, {"name": _("Standard (lower bound)"), "data": standard}],
        "unit": _("10k yuan"),
    }
    return {
        "key": "towns",
        "title": spec["title"],
        "json": json.dumps(spec, ensure_ascii=False),
        "headers": [level or _("Town"), _("In place"), _("Standard (lower bound)")],
        "rows": [[t.town.name, t.in_place, t.standard_lower] for t in towns],
    }

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString, mark_safe

from committees.links import id_link
from committees.rows import DASH, text

register = template.Library()


@register.filter
def percent(ratio: Decimal | None) -> str:
    """A ratio as a percentage with one decimal (1.25 → 125.0%), or a dash."""
    if ratio is None:
        return "—"
    return f"{ratio * 100:.1f}%"


@register.simple_tag
def below_rows(below, year: int) -> SafeString:
    """The overview's committees below the standard (some hundreds in a district), written in
    Python as the template loop wrote them (tests/funding/test_overview_rows.py)."""
    link = id_link("funding:committee", key="committee_pk", year=year)

    def row(r) -> str:
        c = r.committee
        parent = c.parent.name if c.parent else ""
        return (
            f'<tr data-code="{text(c.code)}"><td><a href="{link(c.pk)}">{text(c.name)}</a></td>'
            f'<td>{text(parent or DASH)}</td><td class="num">{text(r.lower)}</td>'
            f'<td class="num">{text(r.in_place)}</td><td class="num">{text(r.shortfall)}</td>'
            f'<td class="num">{text(percent(r.ratio))}</td></tr>\n  '
        )

    return mark_safe("".join(row(r) for r in below))


def _badge(count: int) -> str:
    return f'<span class="badge closed">{count}</span>' if count else "0"


@register.simple_tag
def town_rows(towns, year: int) -> SafeString:
    """The overview's rows by town (or group) of the year, written in Python as the template loop
    wrote them (tests/funding/test_overview_rows.py): a {% url %} and eleven cells a row."""
    link = id_link("funding:town", key="town_pk", year=year)

    def row(t) -> str:
        cells = (t.standard_lower, t.budget, t.in_place, t.in_place_by, percent(t.ratio), t.social, t.special)
        return (
            f'<tr><td><a href="{link(t.town.pk)}">{text(t.town.name)}</a></td>'
            + "".join(f'<td class="num">{text(v)}</td>' for v in cells)
            + f'<td class="num">{_badge(t.below)}</td><td class="num">{text(t.not_in_budget)}</td>'
            f'<td class="num">{text(t.no_budget)}</td></tr>\n  '
        )

    return mark_safe("".join(row(t) for t in towns))


@register.simple_tag
def closed_town_rows(towns, year: int) -> SafeString:
    """The overview's closed part by town (or group), as town_rows writes the year's."""
    link = id_link("funding:town", key="town_pk", year=year)

    def row(t) -> str:
        cells = (t.counted, t.standard_lower, t.in_place_by, percent(t.ratio_by), t.in_place, percent(t.ratio))
        return (
            f'<tr><td><a href="{link(t.town.pk)}">{text(t.town.name)}</a></td>'
            + "".join(f'<td class="num">{text(v)}</td>' for v in cells)
            + "</tr>"
        )

    return mark_safe("".join(row(t) for t in towns))


@register.simple_tag
def town_options(towns, chosen) -> SafeString:
    """The subsidies' filter's towns, (id, name) pairs, as <option>s, the chosen one selected:
    written in Python as the template loop wrote them (tests/funding/test_subsidy_pages.py), a
    province's 1,300 towns a request."""
    chosen_pk = chosen.pk if chosen else None
    return mark_safe(
        "".join(
            f'<option value="{pk}"{" selected" if pk == chosen_pk else ""}>{text(name)}</option>' for pk, name in towns
        )
    )

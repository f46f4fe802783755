"""Lists: a column header that sorts the list by its column, keeping the filters; a table's rows,
the committee tree's leaves and the committee picker's options written in Python (committees.rows)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .. import rows
from ..links import id_link

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str, css: str = "", default: bool = False) -> str:
    """<th> with a link sorting by `key` (ascending, or descending when already ascending);
    the other query parameters stay, the page goes back to the first. Every sortable header
    shows that it is one (↕), the sorted column its direction (▲ / ▼, and aria-sort);
    `default` marks the column the list is sorted by when no sort is chosen."""
    params = context["request"].GET.copy()
    current = params.get("sort", "") or (key if default else "")
    params.pop("page", None)
    params["sort"] = f"-{key}" if current == key else key
    if current == key:
        state, arrow, hint = "ascending", "▲", _("sorted ascending; click to sort descending")
    elif current == f"-{key}":
        state, arrow, hint = "descending", "▼", _("sorted descending; click to sort ascending")
    else:
        state, arrow, hint = "none", "↕", _("click to sort")
    return format_html(
        '<th class="{}" aria-sort="{}"><a class="sort" href="?{}" title="{}">{} <span class="sort-sign" '
        'aria-hidden="true">{}</span></a></th>',
        css,
        state,
        params.urlencode(),
        hint,
        label,
        arrow,
    )


@register.filter
def committee_leaves(committees) -> str:
    """<li><a href="(committee page)">name</a></li> for each committee: the tree's leaves, some
    hundreds a page, written in Python (committees.links)."""
    link = id_link("committees:detail")
    return mark_safe("".join(f'<li><a href="{link(c.pk)}">{rows.text(c.name)}</a></li>' for c in committees))


TABLES = {
    "people": rows.person_rows,
    "volunteers": rows.volunteer_rows,
    "teams": rows.team_rows,
    "stations": rows.station_rows,
    "meetings": rows.meeting_rows,
    "ranking": rows.ranking_rows,
}


@register.simple_tag
def table_rows(table: str, page, **options) -> str:
    """The rows of a list's page, written in Python (committees.rows): "" when there are none."""
    return TABLES[table](page, **options)

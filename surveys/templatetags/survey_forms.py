"""Template filters naming the survey forms by the titles surveys/spec/ gives them."""

from functools import cache

from django import template
from django.utils.html import format_html

from .. import selectors

register = template.Library()


@cache
def _titles() -> dict[int, str]:
    return selectors.form_titles()  # the spec's titles never change while the process runs


@register.filter
def form_title(number) -> str:
    """表N's title ("关工委班子队伍情况表"), so that no table heads a column with a bare 表N."""
    try:
        return _titles().get(int(number), "")
    except (TypeError, ValueError):
        return ""


@register.filter
def header_in(field, section) -> str:
    """A column's header in its section, naming the year of a data-year figure ("（2022年度）"):
    the text is the spec's (period_header); the note is kept whole on its line."""
    header = section.header_of(field)
    note = header.removeprefix(field.header)
    if not note:
        return header
    return format_html('{}<span class="year-note">{}</span>', field.header, note)

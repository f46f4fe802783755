"""The rows of the registry's and the meetings' lists, written in Python.

A row written by the template language took some hundreds of microseconds (a variable, a filter
or a {% url %} each some tens): a page of 50 rows was most of the page's time. These functions
write the same HTML as the loops they replace (tests/committees/test_list_rows.py compares
them): values shown as {{ value }} shows them (localized, escaped), choices by their labels,
links by committees.links, phones and ID numbers as the view masked them. Each returns "" for
no rows, so that the template shows its "none" row."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.template.defaultfilters import date, floatformat, truncatechars
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .links import id_link
from .models import Meeting, Person, Post, Volunteer, VolunteerTeam

DASH = "—"


@cache
def _point_everywhere() -> bool:
    """Whether every language the portal offers writes a decimal point (then the current one does)."""
    return all(get_format("DECIMAL_SEPARATOR", code) == "." for code, _name in settings.LANGUAGES)


def text(value) -> str:
    """{{ value }}: localized and escaped (None shows as "None", as in a template)."""
    if type(value) is str:  # most cells: escape() without its lazy-string wrapper
        return html.escape(value)
    if not settings.USE_THOUSAND_SEPARATOR:  # then localize() writes numbers plainly:
        if type(value) is int:
            return str(value)
        if type(value) is Decimal and value.is_finite() and _point_everywhere():
            _sign, digits, exponent = value.as_tuple()
            if abs(exponent) + len(digits) <= 200:  # number_format's bound for writing it out
                return f"{value:f}"  # amounts: as number_format writes them, all their places
    return conditional_escape(localize(template_localtime(value)))


def or_dash(value) -> str:
    """{{ value|default:"—" }}"""
    return text(value or DASH)


def day(value) -> str:
    """{{ value|date:"Y-m-d"|default:"—" }}"""
    if type(value) is datetime.date:  # a date is no moment: no time zone to shift it to
        return value.isoformat()
    return text(date(template_localtime(value), "Y-m-d") or DASH)


def labels(model, field: str) -> Callable[[object], str]:
    """The label of a value of a field with choices, as get_<field>_display gives it."""
    found = {value: str(label) for value, label in model._meta.get_field(field).flatchoices}
    return lambda value: found.get(value, value)


def joined(items: Iterable, show: Callable[[object], str], separator: str) -> str:
    """{% for %}{{ shown }}{% if not forloop.last %}separator{% endif %}{% empty %}—{% endfor %}"""
    return separator.join(show(item) for item in items) or DASH


def rows(lines: Iterable[str]) -> SafeString:
    """The rows as the list templates' loops laid them out."""
    return mark_safe("".join(f"\n    {line}\n  " for line in lines))


def person_rows(people) -> SafeString:
    """The people with their `open_posts` and `active_memberships` (selectors.people_with_memberships)."""
    link = id_link("registry:person_detail")
    gender, category = labels(Person, "gender"), labels(Person, "five_old_category")
    position, layer = labels(Post, "position"), labels(Volunteer, "layer")
    return rows(
        f'<tr><td><a href="{link(p.pk)}">{text(p.name)}</a></td><td>{or_dash(gender(p.gender))}</td>'
        f'<td class="num">{text(p.birth_year)}</td>\n'
        f"      <td>{or_dash(p.phone_shown)}</td><td>{or_dash(category(p.five_old_category))}</td>\n"
        f"      <td>{joined(p.open_posts, lambda o: f'{text(o.committee_name)} · {text(position(o.position))}', '<br>')}</td>\n"
        f"      <td>{joined(p.active_memberships, lambda v: f'{text(v.committee_name)} · {text(layer(v.layer))}', '<br>')}</td></tr>"
        for p in people
    )


def volunteer_rows(volunteers) -> SafeString:
    """The volunteers with their `role_names` (selectors.with_role_names)."""
    link, layer = id_link("registry:person_detail"), labels(Volunteer, "layer")
    return rows(
        f'<tr><td><a href="{link(v.person_id)}">{text(v.person.name)}</a></td>'
        f'<td class="num">{text(v.person.birth_year)}</td><td>{text(v.committee.name)}</td>'
        f"<td>{text(layer(v.layer))}</td>\n"
        f"      <td>{joined(v.role_names, text, '、')}</td>\n"
        f'      <td class="num">{text(v.points_total)}</td><td>{day(v.joined_on)}</td><td>{day(v.exited_on)}</td></tr>'
        for v in volunteers
    )


def team_rows(teams) -> SafeString:
    link, team_type = id_link("registry:team_detail"), labels(VolunteerTeam, "team_type")
    return rows(
        f'<tr><td><a href="{link(t.pk)}">{text(t.name)}</a></td><td>{text(team_type(t.team_type))}</td>'
        f"<td>{text(t.committee.name)}</td>\n"
        f'      <td class="num">{text(DASH if t.founded_year is None else t.founded_year)}</td>'
        f'<td class="num">{text(t.n_members)}</td><td>{text(truncatechars(t.service_content or DASH, 80))}</td></tr>'
        for t in teams
    )


def station_rows(stations) -> SafeString:
    """The central stations with their `satellite_points` (selectors.with_satellite_points)."""
    link = id_link("registry:station_detail")
    badge = f' <span class="badge">{text(_("hub and points"))}</span>'

    def point(p) -> str:
        return f'<a href="{link(p.pk)}">{text(p.name)}</a>'

    def row(s) -> str:
        points = s.satellite_points
        return (
            f'<tr><td><a href="{link(s.pk)}">{text(s.name)}</a>{badge if points else ""}</td>'
            f"<td>{text(s.committee.name)}</td>\n"
            f"      <td>{joined(points, point, '、')}</td>\n"
            f"      <td>{or_dash(s.linked_school.name if s.linked_school else '')}</td>"
            f'<td class="num">{text(DASH if s.opened_year is None else s.opened_year)}</td>'
            f'<td class="num">{text(s.activities_per_year)}</td></tr>'
        )

    return rows(row(s) for s in stations)


def meeting_rows(meetings, *, may_log: bool, writable: set[int]) -> SafeString:
    kind = labels(Meeting, "kind")
    edit, delete = id_link("meetings:edit"), id_link("meetings:delete")
    change, remove = text(_("Change")), text(_("Remove"))
    decisions, findings = text(_("decisions")), text(_("visit findings"))

    def taking_part(m) -> str:
        names = m.participant_names
        shown = joined(names[:3], text, "、")
        if len(names) <= 3:
            return shown
        n = len(names)
        return shown + ngettext("… (%(counter)s in all)", "… (%(counter)s in all)", n) % {"counter": text(n)}

    def notes(m) -> str:
        found = text(m.topics)
        if m.decisions:
            found += f'<br><span class="muted">{decisions}：{text(truncatechars(m.decisions, 80))}</span>'
        if m.findings:
            found += f'<br><span class="muted">{findings}：{text(truncatechars(m.findings, 80))}</span>'
        return found

    def actions(m) -> str:
        if not may_log:
            return ""
        if m.convenor_id not in writable:
            return "<td></td>"
        return f'<td><a href="{edit(m.pk)}">{change}</a> <a href="{delete(m.pk)}">{remove}</a></td>'

    return rows(
        f"<tr><td>{text(date(template_localtime(m.date), 'Y-m-d'))}</td><td>{text(kind(m.kind))}</td><td>{text(m.convenor.name)}</td>\n"
        f'      <td class="wrap">{taking_part(m)}</td>\n'
        f'      <td class="wrap">{notes(m)}</td>\n'
        f"      {actions(m)}</tr>"
        for m in meetings
    )


def ranking_rows(volunteers) -> SafeString:
    """The points ranking (selectors.year_totals)."""
    link, layer = id_link("registry:person_detail"), labels(Volunteer, "layer")
    return rows(
        f'<tr><td class="num">{text(v.rank)}</td><td><a href="{link(v.person_id)}">{text(v.person.name)}</a></td>'
        f"<td>{text(v.committee.name)}</td><td>{text(layer(v.layer))}</td>"
        f'<td class="num">{text(floatformat(v.year_points, "2"))}</td><td class="num">{text(v.year_entries)}</td></tr>'
        for v in volunteers
    )


def committee_options(committees) -> str:
    """<option value="name">code</option> for each committee: the committee picker's datalist
    (some hundreds)."""
    return "".join(f'<option value="{text(c.name)}">{text(c.code)}</option>' for c in committees)

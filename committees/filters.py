"""The registry lists' filters (django-filter): volunteers, teams, tutoring stations.

Each list filters by committee subtree (a code or a name: those committees and those under
them, selectors.in_committees_named) and a search, plus its own fields; `sort` is set by the
column headers' links (templatetags.listing) and kept, hidden, by the filter form. An invalid value is left out, not an error: a list
always answers. The ordering is applied last, whatever the filters (selectors.ordered).
"""

from __future__ import annotations

from functools import cache, partial

import django_filters as df
from django import forms
from django.db.models import Count, Q, QuerySet
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import ages, scoping, selectors
from .form_renderer import FastSelectRenderer
from .form_renderer import _attrs as html_attrs
from .forms import DateInput
from .forms_registry import (
    AGE_BAND_CHOICES,
    AGE_BAND_LABEL,
    AGES_ON_LABEL,
    COMMITTEE_FILTER_LABEL,
    STATE_CHOICES,
    committee_picker,
)
from .models import AuditKind, FiveOldCategory, Layer, StationKind, TeamType, TutoringStation, Volunteer, VolunteerTeam

INPUTS = {f"django/forms/widgets/{kind}.html" for kind in ("text", "date", "hidden", "number", "search")}


class FilterFormRenderer(FastSelectRenderer):
    """The lists' filter forms' renderer: their text, date and hidden inputs written in Python too
    (input.html, byte for byte), some tens of microseconds each through the templates."""

    def render(self, template_name, context, request=None):
        widget = context["widget"]
        if template_name in INPUTS and widget["template_name"] == template_name:
            value = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
            return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{html_attrs(widget["attrs"])}>'
        return super().render(template_name, context, request)


FILTER_FORM_RENDERER = FilterFormRenderer()


class RegistryFilterSet(df.FilterSet):
    """The filters every registry list has; a subclass sets SORTS (and `sort = _sort(SORTS)`),
    its search and what its rows show (prepared). Bind it to request.GET, even empty: an unbound
    FilterSet would skip filter_queryset, and with it the ordering."""

    SORTS: dict[str, tuple[str, ...]] = {}

    q = df.CharFilter(label=_("Search"), max_length=50, method="filter_search")
    committee = df.CharFilter(
        label=COMMITTEE_FILTER_LABEL, max_length=50, method="filter_subtree", widget=committee_picker()
    )

    @property
    def form(self):
        form = super().form
        form.renderer = FILTER_FORM_RENDERER
        return form

    def filter_subtree(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        readable = scoping.committees_for(self.request.user)
        return qs.filter(selectors.in_committees_named(value, readable))

    def filter_search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        raise NotImplementedError

    def filter_nothing(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs  # the sort is applied by filter_queryset, after the filters

    def prepared(self, qs: QuerySet) -> QuerySet:
        """The related rows and annotations the list shows."""
        return qs

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = self.prepared(super().filter_queryset(queryset))
        return selectors.ordered(queryset, self.SORTS, self.form.cleaned_data.get("sort") or "")


def _sort(sorts: dict[str, tuple[str, ...]]) -> df.ChoiceFilter:
    return df.ChoiceFilter(choices=selectors.sort_choices(sorts), widget=forms.HiddenInput, method="filter_nothing")


def _scoped_teams(request) -> list[tuple[int, str]]:
    """The team filter's choices: (pk, name) rows in one plain query, where a ModelChoiceField's
    choices read their models through a server-side cursor (three round trips) on every page."""
    return list(
        scoping.scope_queryset(VolunteerTeam.objects.all(), request.user).order_by("name").values_list("pk", "name")
    )


class VolunteerFilter(RegistryFilterSet):
    SORTS = selectors.VOLUNTEER_SORTS

    layer = df.ChoiceFilter(label=_("Layer"), choices=Layer.choices, empty_label=_("Any layer"))
    category = df.ChoiceFilter(
        label=_("Five-old category"),
        field_name="person__five_old_category",
        choices=FiveOldCategory.choices,
        empty_label=_("Any category"),
    )
    age_band = df.ChoiceFilter(
        label=AGE_BAND_LABEL, choices=AGE_BAND_CHOICES[1:], empty_label=AGE_BAND_CHOICES[0][1],
        method="filter_age_band",
    )  # fmt: skip
    # Read by filter_age_band; on its own it filters nothing.
    on = df.DateFilter(label=AGES_ON_LABEL, widget=DateInput(), method="filter_nothing")
    state = df.ChoiceFilter(
        label=_("State"), choices=STATE_CHOICES[1:], empty_label=STATE_CHOICES[0][1], method="filter_state"
    )
    team = df.ChoiceFilter(label=_("Team"), field_name="teams", empty_label=_("Any team"))  # choices: __init__
    sort = _sort(SORTS)

    class Meta:
        model = Volunteer
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the form is shown or a team chosen (an export needs no list of teams), once.
        self.filters["team"].extra["choices"] = cache(partial(_scoped_teams, self.request))

    def filter_search(self, qs, name, value):
        return qs.filter(person__name__icontains=value)

    def filter_age_band(self, qs, name, value):
        day = self.form.cleaned_data.get("on") or ages.today()
        return qs.filter(ages.BY_KEY[value].q(day, "person__birth_year"))

    def filter_state(self, qs, name, value):
        return qs.filter(exited_on__isnull=value == "active")

    def prepared(self, qs):
        # The roles are read for the page's rows only (selectors.with_role_names), or by the export.
        return selectors.with_points_total(qs.select_related("person", "committee"))


class TeamFilter(RegistryFilterSet):
    SORTS = selectors.TEAM_SORTS

    team_type = df.ChoiceFilter(label=_("Team type"), choices=TeamType.choices, empty_label=_("Any type"))
    sort = _sort(SORTS)

    class Meta:
        model = VolunteerTeam
        fields: list[str] = []

    def filter_search(self, qs, name, value):
        return qs.filter(name__icontains=value)

    def prepared(self, qs):
        members = Count("members", filter=Q(members__exited_on__isnull=True), distinct=True)
        return qs.select_related("committee").annotate(n_members=members)


class StationFilter(RegistryFilterSet):
    """Central stations, each with its satellite points (hub-and-points)."""

    SORTS = selectors.STATION_SORTS

    hub_only = df.BooleanFilter(
        label=_("Only hub-and-points stations"), widget=forms.CheckboxInput, method="filter_hub_only"
    )
    sort = _sort(SORTS)

    class Meta:
        model = TutoringStation
        fields: list[str] = []

    def filter_search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(committee__name__icontains=value))

    def filter_hub_only(self, qs, name, value):
        return qs.filter(points__isnull=False).distinct() if value else qs

    def prepared(self, qs):
        # The satellite points are read for the page's rows only (selectors.with_satellite_points).
        return qs.filter(kind=StationKind.CENTRAL).select_related("committee", "linked_school")


class AuditFilter(df.FilterSet):
    """The audit log's filters: a user name, the kind of event, a range of days (Beijing time)."""

    user = df.CharFilter(
        label=pgettext_lazy("audit", "User name"), max_length=150, field_name="username", lookup_expr="iexact"
    )
    kind = df.ChoiceFilter(
        label=pgettext_lazy("audit", "Event"),
        choices=AuditKind.choices,
        empty_label=pgettext_lazy("audit", "Any event"),
    )
    since = df.DateFilter(
        label=pgettext_lazy("audit", "From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = df.DateFilter(
        label=pgettext_lazy("audit", "To"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

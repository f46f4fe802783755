"""The lists' filter forms write their inputs in Python (filters.FilterFormRenderer): the same
HTML as Django's templates, for every field of every list's filters, empty or filled (markup
characters in the values included)."""

import pytest
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory

from committees.filters import FILTER_FORM_RENDERER, StationFilter, TeamFilter, VolunteerFilter
from committees.forms_registry import PeopleFilterForm
from committees.models import TutoringStation, Volunteer, VolunteerTeam

VALUES = [{}, {"q": "<b>\"王&'</b>", "committee": "东港镇", "on": "2024-01-31", "sort": "-name", "hub_only": "on"}]


def _forms(xs, params: dict):
    request = RequestFactory().get("/", params)
    request.user = xs.staff
    for filterset_class, model in [
        (VolunteerFilter, Volunteer),
        (TeamFilter, VolunteerTeam),
        (StationFilter, TutoringStation),
    ]:
        yield filterset_class(request.GET, queryset=model.objects.all(), request=request).form
    yield PeopleFilterForm(request.GET, renderer=FILTER_FORM_RENDERER)


@pytest.mark.parametrize("params", VALUES)
def test_the_filter_forms_fields_are_written_as_the_templates_write_them(xs, params):
    written = 0
    for form in _forms(xs, params):
        assert form.renderer is FILTER_FORM_RENDERER
        for field in form:
            fast = str(field)
            form.renderer = DjangoTemplates()
            assert fast == str(field), field.name
            form.renderer = FILTER_FORM_RENDERER
            written += fast.startswith("<input")
    assert written >= 10

"""The completeness matrix's cells, written in Python (survey_review.completeness_rows), are the
cells its template loop wrote: the loop, as it stood, rendered over each town's row of the page
must appear in the page served — for the demo's staff (who may approve), a town secretary and
the viewer, with filters, and in a closed round whose forms were filled on the towns' behalf
(the time of the last change shown in Shanghai's time)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

LOOP = (
    "{% load i18n %}{% for sub in cells %}{% if sub %}\n"
    '        <td class="cell state-{{ sub.state }}" data-form="{{ sub.form }}">\n'
    '          {% if sub.state == "submitted" and town.pk in reviewable %}<input type="checkbox" name="submissions" '
    'value="{{ sub.pk }}" aria-label="{% blocktranslate with town=town.name form=sub.form %}Select form {{ form }} '
    'of {{ town }}{% endblocktranslate %}">{% endif %}\n'
    "          <a href=\"{% url 'surveys:submission_detail' sub.pk %}?next={{ request.get_full_path|urlencode }}\">"
    '<span class="state state-{{ sub.state }}">{{ sub.get_state_display }}</span></a>\n'
    '          {% if sub.late %}<span class="late">{% translate "late" %}</span>{% elif sub.stands_on_time %}'
    '<span class="ontime">{% translate "on time" context "submission" %}</span>{% endif %}\n'
    '          {% if sub.updated_by %}<span class="when">{{ sub.updated_at|date:"m-d H:i" }} '
    "{{ sub.updated_by.get_full_name|default:sub.updated_by.username }}{% if sub.updated_on_behalf %} "
    '({% translate "on the town\'s behalf" %}){% endif %}</span>{% endif %}\n'
    "        </td>\n"
    '        {% else %}<td class="cell empty"></td>{% endif %}{% endfor %}'
)
PAGES = [
    (2024, {}),
    (2024, {"state": "submitted"}),
    (2024, {"late": "on"}),
    (2024, {"form": "3"}),
    (2023, {}),
]


@pytest.mark.parametrize("username", ["staff", "dongang", "viewer"])
def test_the_cells_are_those_the_template_loop_wrote(demo_district, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    seen = {"checkbox": 0, "when": 0, "rows": 0}
    for year, params in PAGES:
        response = client.get(reverse("surveys:completeness", args=[year]), params)
        assert response.status_code == 200
        page, context = response.content.decode(), response.context
        seen["rows"] += len(context["matrix"])
        for town, cells in context["matrix"]:
            values = {"town": town, "cells": cells, "reviewable": context["reviewable"]}
            with translation.override("zh-hans"):
                expected = Template(LOOP).render(Context({**values, "request": response.wsgi_request}))
            assert f'<tr data-town="{town.code}">' in page
            assert expected in page, (username, year, params, town.code)
            seen["checkbox"] += 'type="checkbox"' in expected
            seen["when"] += 'class="when"' in expected
    assert seen["when"] and seen["rows"] >= 3
    assert bool(seen["checkbox"]) == (username == "staff")


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/New_York"])
def test_the_time_of_the_last_change_is_written_as_the_date_filter_writes_it(zone):
    """The cells write the time with the page's time zone looked up once (_month_day_time), not
    through the date filter a cell: the same text, in whatever zone is current."""
    from surveys.templatetags.survey_review import _month_day_time

    moments = [
        datetime.datetime(2024, 1, 1, 0, 5, tzinfo=datetime.UTC),
        datetime.datetime(2024, 7, 9, 23, 59, tzinfo=datetime.UTC),
        datetime.datetime(2024, 12, 31, 16, 30, tzinfo=datetime.UTC),
        datetime.datetime(2024, 3, 10, 7, 1),  # naive: shown as it is
    ]
    with timezone.override(zone):
        write = _month_day_time()
        for moment in moments:
            assert write(moment) == Template('{{ moment|date:"m-d H:i" }}').render(Context({"moment": moment}))

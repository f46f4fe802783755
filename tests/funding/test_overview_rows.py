"""The overview's committees below the standard, written in Python (funding_tags.below_rows), are
the rows its template loop wrote: the loop, as it stood, rendered over the page's own rows must
appear in the page served, for the demo district's staff and a town secretary, in the ledger's
years and the latest survey round's."""

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

LOOP = (
    "{% load funding_tags %}{% for r in below %}"
    '<tr data-code="{{ r.committee.code }}"><td><a href="{% url \'funding:committee\' year r.committee.pk %}">'
    '{{ r.committee.name }}</a></td><td>{{ r.committee.parent.name|default:"—" }}</td><td class="num">{{ r.lower }}'
    '</td><td class="num">{{ r.in_place }}</td><td class="num">{{ r.shortfall }}</td><td class="num">'
    "{{ r.ratio|percent }}</td></tr>\n  {% endfor %}"
)


@pytest.mark.parametrize("username", ["staff", "dongang"])
def test_the_rows_are_those_the_template_loop_wrote(demo_district, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    shown = 0
    for year in (2021, 2022, 2024):
        response = client.get(reverse("funding:overview", args=[year]))
        assert response.status_code == 200
        below = response.context["below"]
        shown += len(below)
        with translation.override("zh-hans"):
            expected = Template(LOOP).render(Context({"below": below, "year": year}))
        assert expected.count("<tr ") == len(below)
        assert expected in response.content.decode(), (username, year)
    assert shown > 20

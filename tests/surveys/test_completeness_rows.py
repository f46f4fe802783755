"""The completeness matrix's rows, written in Python (survey_review.completeness_rows), are the rows
its template loop wrote, the town's extension read with the matrix's submissions (one query fewer
than a query of the extensions): the loop as it stood, over the page's matrix and each town's
extension read as before, must appear in the page served; and the page's queries do not grow with
the towns of the page."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from committees.models import Committee
from surveys import selectors
from surveys.models import Submission, SurveyRound

LOOP = (
    "{% load i18n %}{% for town, cells in matrix %}\n"
    '      <tr data-town="{{ town.code }}">\n'
    '        <th scope="row"><a href="{% url \'surveys:town_round\' year town.pk %}">{{ town.name }}</a>'
    '{% if town.extension %} <span class="badge extended">{% blocktranslate with until=town.extension.until|date:"Y-m-d" %}'
    "extended until {{ until }}{% endblocktranslate %}</span>{% endif %}</th>\n{% endfor %}"
)


@pytest.mark.parametrize("username", ["staff", "dongang"])
def test_the_rows_are_those_the_template_loop_wrote(demo_district, client, username):
    client.force_login(get_user_model().objects.get(username=username))
    extended = 0
    for year, params in [(2024, {}), (2024, {"state": "submitted"}), (2024, {"form": "2"}), (2023, {})]:
        response = client.get(reverse("surveys:completeness", args=[year]), params)
        assert response.status_code == 200
        matrix = response.context["matrix"]
        towns = [town for town, _cells in matrix]
        extensions = selectors.town_extensions(SurveyRound.objects.get(year=year), towns)
        for town in towns:
            town.extension = extensions.get(town.pk)
            assert town.extended_until == (town.extension.until if town.extension else None)
            extended += town.extension is not None
        page = response.content.decode()
        for row in matrix:
            with translation.override("zh-hans"):
                expected = Template(LOOP).render(Context({"matrix": [row], "year": year}))
            assert expected in page, (username, year, params, row[0].code)
    assert extended


def test_the_queries_do_not_grow_with_the_page(demo_district, client):
    client.force_login(get_user_model().objects.get(username="staff"))
    url = reverse("surveys:completeness", args=[2024])
    counts, rows = [], []
    for params in ({}, {"q": "XS02"}):  # every town of the district, then one
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        counts.append(len(queries))
        rows.append(len(response.context["matrix"]))
    assert rows[0] > 5 and rows[1] == 1
    assert counts[0] == counts[1]


def test_the_matrix_reads_the_submissions_without_their_round_town_or_user(demo_district, client):
    """The round is the page's, the towns the page's, the users read once each: a submission's row
    carries none of them (a province's page of 250 cells built 1,250 model instances)."""
    client.force_login(get_user_model().objects.get(username="staff"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("surveys:completeness", args=[2023]))
    assert any(sub and sub.updated_by for _town, cells in response.context["matrix"] for sub in cells)
    matrix = [q["sql"] for q in queries if q["sql"].startswith('SELECT "surveys_submission"."id"')]
    assert len(matrix) == 1
    # Columns only a join to the round, the town or the user would select (the filters read ids and paths).
    for column in ('"surveys_surveyround"."deadline"', '"committees_committee"."name"', '"auth_user"."username"'):
        assert column not in matrix[0]
    # Nor the columns no cell shows (a timestamp parsed a cell, for nothing).
    for column in ("last_submitted_at", "error_count", "warning_count", "version"):
        assert f'"surveys_submission"."{column}"' not in matrix[0]
    assert '"surveys_submission"."updated_at"' in matrix[0]


@pytest.mark.parametrize("params", [{}, {"q": "XS0"}, {"state": "approved"}, {"per_page": "20", "form": "2"}])
def test_the_towns_are_counted_with_the_states_unless_a_state_is_chosen(demo_district, client, params):
    """Without a state filter the towns shown are the counted submissions' towns: the paginator's
    count comes with the states' counts, not from a query of its own."""
    client.force_login(get_user_model().objects.get(username="staff"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("surveys:completeness", args=[2023]), params)
    round_ = SurveyRound.objects.get(year=2023)
    shown = Submission.objects.filter(survey_round=round_)
    if "state" in params:
        shown = shown.filter(state=params["state"])
    if "q" in params:
        shown = shown.filter(town__code__icontains=params["q"])
    expected = Committee.objects.filter(pk__in=shown.values("town")).count()
    assert response.context["page_obj"].paginator.count == expected > 0
    counted = [q for q in queries if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "committees_committee"')]
    assert len(counted) == (1 if "state" in params else 0)

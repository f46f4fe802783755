"""A town's forms of a round (surveys.views.entry.town_round) read the round once: each row's
deadline reads the round loaded with the page, not one query a form; the page's queries are the
same for a town of the district as for another, whatever its forms' states."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Committee


def test_the_round_is_read_once_not_once_a_form(demo_district, client):
    client.force_login(get_user_model().objects.get(username="staff"))
    counts = []
    for code in ("XS01", "XS02"):
        town = Committee.objects.get(code=code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("surveys:town_round", args=[2024, town.pk]))
        assert response.status_code == 200 and len(response.context["rows"]) == 5
        rounds = [q["sql"] for q in queries if 'FROM "surveys_surveyround"' in q["sql"]]
        assert len(rounds) == 1, rounds
        counts.append(len(queries))
    assert counts[0] == counts[1]

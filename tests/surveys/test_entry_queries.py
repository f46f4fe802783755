"""A town of 30 villages: its grid runs the same number of queries as one of 3, and posts back whole."""

import lxml.html
import pytest
from django.urls import reverse

from committees.models import Kind
from surveys import services
from surveys.models import State
from tests.factories import CommitteeFactory
from tests.surveys.conftest import fill, open_round, submission
from tests.surveys.forms import rows_of_ehu

# Session, user, roles, the submission, the round's items, the rows, the town's committees, the
# funding standard, the transitions (for the page and for the history partial), the rows'
# history at the last return, the committees' former names, a town secretary's notices bell, last
# year's approved rows beside a reviewer's figures (上年); and a little room.
GRID_QUERIES = 14


@pytest.fixture
def survey_round(xs):
    """东港镇 with 30 villages and communities, 鹅湖镇 with 3."""
    for n in range(3, 31):
        CommitteeFactory(code=f"XS01V{n:02d}", name=f"东港第{n}村关工委", kind=Kind.VILLAGE, parent=xs.dg)
    CommitteeFactory(code="XS03V03", name="鹅湖第3村关工委", kind=Kind.VILLAGE, parent=xs.eh)
    return open_round(xs, 2024)


def rows_in(response) -> int:
    return response.content.decode().count('<th scope="row" class="rowhead">')


@pytest.mark.parametrize("form", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("readers", [("staff", "staff"), ("dg_secretary", "eh_secretary")])
def test_the_grid_runs_a_constant_number_of_queries(
    xs, survey_round, client_for, django_assert_max_num_queries, form, readers
):
    counted = []
    for town, reader in zip((xs.dg, xs.eh), readers, strict=True):
        client = client_for(getattr(xs, reader))
        url = reverse("surveys:submission_detail", args=[submission(survey_round, town, form).pk])
        with django_assert_max_num_queries(GRID_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
        counted.append(rows_in(response))
    if form in (1, 2):
        assert counted == [31, 4]
    elif form == 3:
        assert counted == [30 + 1, 3 + 1]  # the villages, and the town's row of 表3B


@pytest.mark.parametrize("town", ["dg", "eh"])
def test_a_returned_form_with_its_changes_runs_a_constant_number_of_queries(
    xs, survey_round, client_for, django_assert_max_num_queries, town
):
    sub = submission(survey_round, getattr(xs, town), 3)
    if town == "dg":
        sections = {"B": [{"committee_code": "XS01", "schools": 1, "enterprises": 10, "fhfg_enterprises": 2}]}
    else:
        sections = {"B": rows_of_ehu(3)["B"]}
    fill(xs.staff, sub, sections)
    sub.state = State.SUBMITTED  # the villages' rows are blank: a returned form needn't be valid
    sub.save()
    services.submission_return(actor=xs.staff, submission=sub, reason="请核对")
    fill(xs.staff, sub, {"B": [{**sections["B"][0], "fhfg_enterprises": 1}]})
    client = client_for(xs.staff)
    with django_assert_max_num_queries(GRID_QUERIES):
        response = client.get(reverse("surveys:submission_detail", args=[sub.pk]))
    assert "其中五有五好企业数" in response.content.decode().split('id="changes"')[1].split("</section>")[0]


@pytest.mark.parametrize("form", [1, 3])
def test_the_grid_of_30_villages_posts_back_within_djangos_field_limit(xs, survey_round, client_for, settings, form):
    sub = submission(survey_round, xs.dg, form)
    client = client_for(xs.dg_secretary)
    page = lxml.html.fromstring(client.get(reverse("surveys:submission_detail", args=[sub.pk])).content.decode())
    values = page.get_element_by_id("grid-form").form_values()
    assert len(values) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    data: dict[str, list[str]] = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    assert client.post(reverse("surveys:submission_detail", args=[sub.pk]), data).status_code == 302

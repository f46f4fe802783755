"""Role × submission matrix for the entry pages: the forms of 东港镇 and of 鹅湖镇.

Out of the reader's scope: 404 (by URL, whatever the id) and absent from the lists. Readable but
not writable: the grid is read-only, and a POST is 403 and changes nothing.
"""

import pytest
from django.urls import reverse

from surveys.models import State, SubmissionRow
from tests.scoping.matrix import ROLES, TOWN_READS, TOWNS, town_status
from tests.surveys.conftest import fill, submission
from tests.surveys.forms import rows, rows_of_ehu
from tests.surveys.test_entry_views import grid_data

WRITES = {"admin": {"dg", "eh"}, "staff": {"dg", "eh"}, "dg_secretary": {"dg"}, "eh_secretary": {"eh"}}
SECTIONS = {"dg": rows, "eh": rows_of_ehu}


def form_of(xs, survey_round, town: str, number: int):
    sub = submission(survey_round, getattr(xs, town), number)
    fill(xs.admin, sub, SECTIONS[town](number))
    return sub


def budget(sub) -> str:
    return SubmissionRow.objects.get(submission=sub, position=1).values["budget"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_reading_the_grid_follows_the_matrix(xs, survey_round, client_for, role, town):
    sub = submission(survey_round, getattr(xs, town), 2)
    response = client_for(getattr(xs, role)).get(reverse("surveys:submission_detail", args=[sub.pk]))
    assert response.status_code == town_status(role, town, 200)
    if response.status_code == 200:
        may_write = town in WRITES.get(role, set())
        assert ('id="grid-form"' in response.content.decode()) == may_write
        assert ('name="main-0-budget"' in response.content.decode()) == may_write


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_saving_the_grid_follows_the_matrix(xs, survey_round, client_for, role, town):
    sub = form_of(xs, survey_round, town, 2)
    sections = SECTIONS[town](2)
    sections["main"][0]["budget"] = "9.50"
    response = client_for(getattr(xs, role)).post(
        reverse("surveys:submission_detail", args=[sub.pk]), grid_data(sections)
    )
    status = town_status(role, town, 302, WRITES)
    assert response.status_code == status
    assert budget(sub) == ("9.50" if status == 302 else "10.00")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_submitting_follows_the_matrix(xs, survey_round, client_for, role, town):
    sub = form_of(xs, survey_round, town, 2)
    sections = SECTIONS[town](2)
    sections["main"][0]["budget"] = "9.50"
    response = client_for(getattr(xs, role)).post(
        reverse("surveys:submission_submit", args=[sub.pk]), grid_data(sections)
    )
    status = town_status(role, town, 302, WRITES)
    assert response.status_code == status
    sub.refresh_from_db()
    assert sub.state == (State.SUBMITTED if status == 302 else State.DRAFT)
    assert budget(sub) == ("9.50" if status == 302 else "10.00")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_the_town_page_follows_the_matrix(xs, survey_round, client_for, role, town):
    url = reverse("surveys:town_round", args=[2024, getattr(xs, town).pk])
    response = client_for(getattr(xs, role)).get(url)
    assert response.status_code == town_status(role, town, 200)
    if response.status_code == 200:
        upload = reverse("surveys:upload", args=[2024, getattr(xs, town).pk])
        assert (upload in response.content.decode()) == (town in WRITES.get(role, set()))


@pytest.mark.parametrize("role", ROLES)
def test_the_round_list_shows_only_the_readable_towns(xs, survey_round, client_for, role):
    body = client_for(getattr(xs, role)).get(reverse("surveys:round_list")).content.decode()
    for town in TOWNS:
        url = reverse("surveys:town_round", args=[2024, getattr(xs, town).pk])
        assert (f'href="{url}"' in body) == (town in TOWN_READS[role])
        form1 = reverse("surveys:submission_detail", args=[submission(survey_round, getattr(xs, town), 1).pk])
        assert (f'href="{form1}"' in body) == (town in TOWN_READS[role] and role not in ("admin", "staff"))


def test_a_secretary_cannot_write_another_towns_rows_through_their_own_form(xs, survey_round, client_for):
    own = form_of(xs, survey_round, "dg", 2)
    sections = rows_of_ehu(2)
    sections["main"][0]["budget"] = "1.00"
    response = client_for(xs.dg_secretary).post(
        reverse("surveys:submission_detail", args=[own.pk]), grid_data(sections)
    )
    assert response.status_code == 200
    assert "XS03" in response.content.decode()  # the refusal names the strange rows
    other = submission(survey_round, xs.eh, 2)
    assert not SubmissionRow.objects.filter(submission=other, values__budget="1.00").exists()
    assert budget(own) == "10.00"


def test_an_unknown_submission_is_404(xs, survey_round, client_for):
    client = client_for(xs.admin)
    assert client.get(reverse("surveys:submission_detail", args=[999999])).status_code == 404
    assert client.post(reverse("surveys:submission_submit", args=[999999])).status_code == 404
    assert (
        client.get(reverse("surveys:submission_submit", args=[submission(survey_round, xs.dg, 1).pk])).status_code
        == 405
    )


def test_the_pages_need_a_login(xs, survey_round, client):
    sub = submission(survey_round, xs.dg, 1)
    for url in (
        reverse("surveys:round_list"),
        reverse("surveys:town_round", args=[2024, xs.dg.pk]),
        reverse("surveys:submission_detail", args=[sub.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url

"""Opening a survey round from its page: district admins only, past deadlines allowed."""

import datetime

import pytest
from django.urls import reverse

from surveys.models import State, Submission, SurveyRound
from tests.surveys.conftest import open_round, today

URL = reverse("surveys:round_open")


def post(client, **data):
    fields = {"year": 2024, "deadline": (today() + datetime.timedelta(days=30)).isoformat(), "forms": [1, 2, 3, 4, 5]}
    return client.post(URL, {**fields, **data})


def test_it_explains_opening_and_lists_the_rounds(xs, client_for):
    open_round(xs, 2023)
    Submission.objects.filter(town=xs.dg).update(state=State.APPROVED)
    response = client_for(xs.admin).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="deadline"' in body and 'name="forms"' in body
    assert body.count('type="checkbox" name="forms"') == 5
    assert response.context["form"]["forms"].initial == [1, 2, 3, 4, 5]
    (listed,) = response.context["rounds"]
    assert (listed.year, listed.draft, listed.approved, listed.opened_by) == (2023, 5, 5, xs.admin)
    assert 'data-year="2023"' in body


def test_it_opens_a_round_for_every_town(xs, client_for):
    deadline = today() + datetime.timedelta(days=20)
    response = post(client_for(xs.admin), deadline=deadline.isoformat(), opened_on=today().isoformat(), forms=[2, 4])
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:completeness", kwargs={"year": 2024})
    survey_round = SurveyRound.objects.get(year=2024)
    assert (survey_round.deadline, survey_round.opened_on, survey_round.enabled_forms) == (deadline, today(), [2, 4])
    assert sorted(Submission.objects.values_list("town__code", "form")) == [
        ("XS01", 2),
        ("XS01", 4),
        ("XS03", 2),
        ("XS03", 4),
    ]


def test_a_past_deadline_back_fills_an_earlier_year(xs, client_for):
    response = post(client_for(xs.admin), year=2021, deadline="2021-10-10")
    assert response.status_code == 302
    survey_round = SurveyRound.objects.get(year=2021)
    assert survey_round.deadline == datetime.date(2021, 10, 10)
    assert survey_round.opened_on == datetime.date(2021, 10, 10)  # opened "by its deadline"


def test_a_year_is_opened_once(xs, client_for):
    open_round(xs, 2024)
    response = post(client_for(xs.admin))
    assert response.status_code == 200
    assert "2024" in " ".join(response.context["form"].non_field_errors())
    assert SurveyRound.objects.filter(year=2024).count() == 1


def test_the_deadline_cannot_come_before_the_opening(xs, client_for):
    response = post(client_for(xs.admin), opened_on="2024-09-01", deadline="2024-08-01")
    assert response.status_code == 200 and response.context["form"].errors["deadline"]
    assert not SurveyRound.objects.exists()


@pytest.mark.parametrize(
    "data,field",
    [({"forms": []}, "forms"), ({"forms": [6]}, "forms"), ({"year": 1999}, "year"), ({"deadline": "下月"}, "deadline")],
)
def test_bad_input_is_refused_on_its_field(xs, client_for, data, field):
    response = post(client_for(xs.admin), **data)
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not SurveyRound.objects.exists()

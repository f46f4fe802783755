"""Role × town matrix for the review pages: the completeness page, each review step, the bulk
approval and opening a round. Out of the reader's scope: 404; readable but not allowed: 403;
a refused POST changes nothing."""

import datetime
import re

import pytest
from django.urls import reverse

from surveys.models import State, Submission, SubmissionTransition, SurveyRound
from tests.scoping.matrix import ROLES, TOWN_READS, TOWNS
from tests.surveys.conftest import open_round, submission, today

REVIEWERS = {"admin", "staff"}
# The state each step starts from, and what it posts.
STEPS = {
    "return": (State.SUBMITTED, {"reason": "请核对"}),
    "approve": (State.SUBMITTED, {}),
    "reopen": (State.APPROVED, {"reason": "需更正"}),
}
EXTEND = {"until": (today() + datetime.timedelta(days=5)).isoformat(), "reason": "换届"}


def expected(role: str, town: str, ok: int) -> int:
    if town not in TOWN_READS[role]:
        return 404
    return ok if role in REVIEWERS else 403


@pytest.fixture
def survey_round(xs):
    # A deadline just past, so that every step, extensions included, can be taken.
    return open_round(xs, 2024, deadline=today() - datetime.timedelta(days=1))


def in_state(survey_round, town, state) -> Submission:
    Submission.objects.filter(survey_round=survey_round, town=town, form=2).update(state=state)
    return submission(survey_round, town, 2)


def snapshot(sub: Submission) -> tuple:
    sub = Submission.objects.get(pk=sub.pk)
    return sub.state, sub.extended_until, sub.updated_by_id, SubmissionTransition.objects.filter(submission=sub).count()


@pytest.mark.parametrize("role", ROLES)
def test_the_completeness_page_shows_the_towns_each_role_reads(xs, client_for, survey_round, role):
    response = client_for(getattr(xs, role)).get(reverse("surveys:completeness", kwargs={"year": 2024}))
    assert response.status_code == 200
    shown = set(re.findall(r'<tr data-town="([^"]+)"', response.content.decode()))
    assert shown == {getattr(xs, t).code for t in TOWN_READS[role]}


@pytest.mark.parametrize("role", ROLES)
def test_only_reviewers_get_checkboxes(xs, client_for, survey_round, role):
    for town in (xs.dg, xs.eh):
        in_state(survey_round, town, State.SUBMITTED)
    body = client_for(getattr(xs, role)).get(reverse("surveys:completeness", kwargs={"year": 2024})).content.decode()
    assert body.count('name="submissions"') == (2 if role in REVIEWERS else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
@pytest.mark.parametrize("step", STEPS)
def test_each_step_page_follows_the_matrix(xs, client_for, survey_round, role, town, step):
    sub = in_state(survey_round, getattr(xs, town), STEPS[step][0])
    response = client_for(getattr(xs, role)).get(reverse(f"surveys:submission_{step}", kwargs={"pk": sub.pk}))
    assert response.status_code == expected(role, town, 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
@pytest.mark.parametrize("step", STEPS)
def test_each_step_follows_the_matrix_and_a_refusal_changes_nothing(xs, client_for, survey_round, role, town, step):
    state, data = STEPS[step]
    sub = in_state(survey_round, getattr(xs, town), state)
    before = snapshot(sub)
    response = client_for(getattr(xs, role)).post(reverse(f"surveys:submission_{step}", kwargs={"pk": sub.pk}), data)
    status = expected(role, town, 302)
    assert response.status_code == status
    after = snapshot(sub)
    if status == 302:
        assert after[3] == before[3] + 1  # one more step in the history
    else:
        assert after == before


def extend_url(town) -> str:
    return reverse("surveys:town_extend", kwargs={"year": 2024, "town_pk": town.pk})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_the_extension_page_follows_the_matrix(xs, client_for, survey_round, role, town):
    response = client_for(getattr(xs, role)).get(extend_url(getattr(xs, town)))
    assert response.status_code == expected(role, town, 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_extending_follows_the_matrix_and_a_refusal_changes_nothing(xs, client_for, survey_round, role, town):
    sub = in_state(survey_round, getattr(xs, town), State.DRAFT)
    before = snapshot(sub)
    response = client_for(getattr(xs, role)).post(extend_url(getattr(xs, town)), EXTEND)
    status = expected(role, town, 302)
    assert response.status_code == status
    after = snapshot(sub)
    if status == 302:
        assert after[1] == today() + datetime.timedelta(days=5) and after[3] == before[3] + 1
    else:
        assert after == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_the_bulk_approval_follows_the_matrix(xs, client_for, survey_round, role, town):
    sub = in_state(survey_round, getattr(xs, town), State.SUBMITTED)
    response = client_for(getattr(xs, role)).post(
        reverse("surveys:submissions_approve", kwargs={"year": 2024}), {"submissions": [sub.pk]}
    )
    allowed = role in REVIEWERS
    assert response.status_code == (302 if allowed else 403)
    assert Submission.objects.get(pk=sub.pk).state == (State.APPROVED if allowed else State.SUBMITTED)


@pytest.mark.parametrize("role", ROLES)
def test_only_district_admins_open_rounds(xs, client_for, role):
    client = client_for(getattr(xs, role))
    allowed = role == "admin"
    assert client.get(reverse("surveys:round_open")).status_code == (200 if allowed else 403)
    response = client.post(
        reverse("surveys:round_open"), {"year": 2025, "deadline": "2025-10-10", "forms": [1, 2, 3, 4, 5]}
    )
    assert response.status_code == (302 if allowed else 403)
    assert SurveyRound.objects.filter(year=2025).exists() == allowed

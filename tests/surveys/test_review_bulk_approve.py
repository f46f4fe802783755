"""Approving several forms at once from the completeness page: all of them, or none."""

from django.contrib.messages import get_messages
from django.urls import reverse

from surveys.models import State, Submission, SubmissionTransition
from tests.surveys.conftest import open_round, submission, submitted


def approve(client, subs, year=2024, **extra):
    return client.post(
        reverse("surveys:submissions_approve", kwargs={"year": year}), {"submissions": [s.pk for s in subs], **extra}
    )


def states(subs) -> list[str]:
    return [Submission.objects.get(pk=s.pk).state for s in subs]


def notes(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_it_approves_the_selected_forms(xs, client_for, survey_round):
    subs = [submitted(survey_round, xs.dg, 1), submitted(survey_round, xs.dg, 2), submitted(survey_round, xs.eh, 4)]
    left = submitted(survey_round, xs.eh, 5)
    response = approve(client_for(xs.staff), subs)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:completeness", kwargs={"year": 2024})
    assert states(subs) == [State.APPROVED] * 3 and states([left]) == [State.SUBMITTED]
    assert SubmissionTransition.objects.filter(action="approve", by=xs.staff).count() == 3
    assert [level for level, _ in notes(response)] == ["success"]


def test_it_returns_to_the_filtered_page(xs, client_for, survey_round):
    back = reverse("surveys:completeness", kwargs={"year": 2024}) + "?state=submitted&q=XS01"
    response = approve(client_for(xs.staff), [submitted(survey_round, xs.dg, 1)], next=back)
    assert response["Location"] == back


def test_one_form_not_submitted_stops_them_all(xs, client_for, survey_round):
    subs = [submitted(survey_round, xs.dg, 1), submission(survey_round, xs.eh, 2)]  # the second is a draft
    response = approve(client_for(xs.staff), subs)
    assert response.status_code == 302
    assert states(subs) == [State.SUBMITTED, State.DRAFT]
    assert not SubmissionTransition.objects.filter(action="approve").exists()
    (level, text), *rest = notes(response)
    assert level == "error" and "鹅湖镇关工委 表2" in text and rest == []


def test_a_form_of_another_round_stops_them_all(xs, client_for, survey_round):
    other = open_round(xs, 2023)
    subs = [submitted(survey_round, xs.dg, 1), submitted(other, xs.dg, 1)]
    response = approve(client_for(xs.staff), subs)
    assert states(subs) == [State.SUBMITTED, State.SUBMITTED]
    assert [level for level, _ in notes(response)] == ["error"]


def test_selecting_nothing_says_so(xs, client_for, survey_round):
    response = approve(client_for(xs.staff), [])
    assert [level for level, _ in notes(response)] == ["error"]


def test_a_made_up_id_approves_nothing(xs, client_for, survey_round):
    sub = submitted(survey_round, xs.dg, 1)
    response = client_for(xs.staff).post(
        reverse("surveys:submissions_approve", kwargs={"year": 2024}), {"submissions": [sub.pk, "x"]}
    )
    assert response.status_code == 302 and states([sub]) == [State.SUBMITTED]


def test_an_unknown_round_is_not_found(xs, client_for, survey_round):
    response = approve(client_for(xs.staff), [submitted(survey_round, xs.dg, 1)], year=2019)
    assert response.status_code == 404


def test_it_only_takes_a_post(xs, client_for, survey_round):
    assert client_for(xs.staff).get(reverse("surveys:submissions_approve", kwargs={"year": 2024})).status_code == 405

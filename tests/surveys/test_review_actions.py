"""Returning, approving, reopening and extending from the review pages and the review partials."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from surveys import services
from surveys.models import State, Step, Submission, SubmissionTransition
from tests.surveys.conftest import fill, fill_and_submit, open_round, submission, today


@pytest.fixture
def form2(xs, survey_round):
    """东港镇's form 2, filled and submitted by its secretary."""
    return fill_and_submit(xs.dg_secretary, submission(survey_round, xs.dg, 2))


def url(verb: str, sub: Submission) -> str:
    return reverse(f"surveys:submission_{verb}", kwargs={"pk": sub.pk})


def state_of(sub: Submission) -> str:
    return Submission.objects.get(pk=sub.pk).state


def steps(sub: Submission) -> list[tuple]:
    return list(
        SubmissionTransition.objects.filter(submission=sub)
        .order_by("at", "pk")
        .values_list("action", "to_state", "by__username", "reason")
    )


# Return -----------------------------------------------------------------------------------------


def test_it_returns_a_submitted_form_with_the_reason(xs, client_for, form2):
    response = client_for(xs.staff).post(url("return", form2), {"reason": "实际到位与凭证不符"})
    assert response.status_code == 302
    assert state_of(form2) == State.RETURNED
    assert steps(form2)[-1] == (Step.RETURN, State.RETURNED, "staff", "实际到位与凭证不符")


def test_returning_needs_a_reason(xs, client_for, form2):
    response = client_for(xs.staff).post(url("return", form2), {"reason": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert state_of(form2) == State.SUBMITTED and steps(form2)[-1][0] == Step.SUBMIT


def test_returning_a_draft_shows_the_services_error(xs, client_for, survey_round):
    draft = submission(survey_round, xs.dg, 1)
    response = client_for(xs.staff).post(url("return", draft), {"reason": "不全"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'class="errorbox"' in response.content.decode()
    assert state_of(draft) == State.DRAFT and steps(draft) == []


def test_the_return_page_shows_the_form_and_the_history(xs, client_for, form2):
    response = client_for(xs.staff).get(url("return", form2))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="reason"' in body and "东港秘书" in body  # the submit step, by the secretary
    assert state_of(form2) == State.SUBMITTED


def test_it_goes_back_to_the_page_it_was_taken_from(xs, client_for, form2):
    back = reverse("surveys:completeness", kwargs={"year": 2024}) + "?state=submitted"
    response = client_for(xs.staff).post(url("return", form2), {"reason": "请核对", "next": back})
    assert response.status_code == 302 and response["Location"] == back


def test_it_does_not_follow_a_next_to_another_site(xs, client_for, form2):
    response = client_for(xs.staff).post(url("return", form2), {"reason": "请核对", "next": "https://evil.example/"})
    assert response["Location"] == reverse("surveys:completeness", kwargs={"year": 2024})


@pytest.mark.parametrize("verb", ["return", "approve"])
def test_returning_or_approving_goes_back_to_the_completeness_page_not_into_the_form(xs, client_for, form2, verb):
    """Landing on the returned form would put the reviewer in on-behalf editing of it."""
    response = client_for(xs.staff).post(url(verb, form2), {"reason": "请核对"})
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:completeness", kwargs={"year": 2024})


def test_the_form_page_sends_the_reviewer_back_where_they_came_from(xs, client_for, form2):
    queue = reverse("surveys:completeness", kwargs={"year": 2024}) + "?state=submitted"
    detail = reverse("surveys:submission_detail", kwargs={"pk": form2.pk})
    client = client_for(xs.staff)
    body = client.get(detail, {"next": queue}).content.decode()
    assert body.count('name="next" value="/surveys/2024/completeness/?state=submitted"') == 2  # approve, return
    response = client.post(url("return", form2), {"reason": "请核对", "next": queue})
    assert response["Location"] == queue
    assert "state=submitted" not in client.get(detail, {"next": "https://evil.example/"}).content.decode()


def test_the_completeness_page_links_to_the_forms_with_the_way_back(xs, client_for, form2):
    page = reverse("surveys:completeness", kwargs={"year": 2024})
    body = client_for(xs.staff).get(page, {"state": "submitted"}).content.decode()
    assert f"/surveys/submission/{form2.pk}/?next=/surveys/2024/completeness/%3Fstate%3Dsubmitted" in body


# Approve ---------------------------------------------------------------------------------------


def test_it_approves_a_submitted_form(xs, client_for, form2):
    response = client_for(xs.staff).post(url("approve", form2))
    assert response.status_code == 302
    assert state_of(form2) == State.APPROVED
    assert steps(form2)[-1][:3] == (Step.APPROVE, State.APPROVED, "staff")


def test_approving_a_draft_is_refused_with_the_reason(xs, client_for, survey_round):
    draft = submission(survey_round, xs.dg, 1)
    response = client_for(xs.staff).post(url("approve", draft))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert state_of(draft) == State.DRAFT


def test_the_admin_approves_too(xs, client_for, form2):
    assert client_for(xs.admin).post(url("approve", form2)).status_code == 302
    assert state_of(form2) == State.APPROVED


# Reopen -------------------------------------------------------------------------------------------


@pytest.fixture
def approved(xs, form2):
    return services.submission_approve(actor=xs.staff, submission=form2)


def test_it_reopens_an_approved_form_with_the_reason(xs, client_for, approved):
    response = client_for(xs.staff).post(url("reopen", approved), {"reason": "数据需更正"})
    assert response.status_code == 302
    assert state_of(approved) == State.RETURNED
    assert steps(approved)[-1] == (Step.REOPEN, State.RETURNED, "staff", "数据需更正")


def test_reopening_needs_a_reason(xs, client_for, approved):
    response = client_for(xs.staff).post(url("reopen", approved), {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert state_of(approved) == State.APPROVED


def test_only_an_approved_form_is_reopened(xs, client_for, form2):
    response = client_for(xs.staff).post(url("reopen", form2), {"reason": "再看看"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert state_of(form2) == State.SUBMITTED


# Extend -------------------------------------------------------------------------------------------


def extend_url(sub: Submission) -> str:
    return reverse("surveys:town_extend", kwargs={"year": sub.survey_round.year, "town_pk": sub.town_id})


def test_it_extends_the_deadline_for_a_town(xs, client_for):
    late = submission(open_round(xs, 2024, deadline=today() - datetime.timedelta(days=2)), xs.dg, 3)
    until = today() + datetime.timedelta(days=5)
    response = client_for(xs.staff).post(extend_url(late), {"until": until.isoformat(), "reason": "村里换届"})
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:town_round", kwargs={"year": 2024, "town_pk": xs.dg.pk})
    for form in range(1, 6):
        sub = submission(late.survey_round, xs.dg, form)
        assert sub.extended_until == until and sub.town_deadline() == until
        assert steps(sub)[-1] == (Step.EXTEND, State.DRAFT, "staff", "村里换届")


def test_the_extension_page_shows_the_towns_extension(xs, client_for):
    late = submission(open_round(xs, 2024, deadline=today() - datetime.timedelta(days=2)), xs.dg, 3)
    until = today() + datetime.timedelta(days=5)
    services.town_extend(actor=xs.staff, survey_round=late.survey_round, town=xs.dg, until=until)
    body = client_for(xs.staff).get(extend_url(late)).content.decode()
    assert f"已延期至{until.isoformat()}" in body and 'name="until"' in body


def test_an_extension_before_the_deadline_is_refused(xs, client_for, survey_round):
    draft = submission(survey_round, xs.dg, 3)
    response = client_for(xs.staff).post(extend_url(draft), {"until": survey_round.deadline.isoformat()})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert submission(survey_round, xs.dg, 3).extended_until is None


def test_an_extension_needs_a_date(xs, client_for, survey_round):
    draft = submission(survey_round, xs.dg, 3)
    response = client_for(xs.staff).post(extend_url(draft), {"until": "明天"})
    assert response.status_code == 200 and response.context["form"].errors["until"]


def test_a_town_without_forms_in_the_round_has_no_extension_page(xs, client_for, survey_round):
    village = xs.dg_v1
    url = reverse("surveys:town_extend", kwargs={"year": 2024, "town_pk": village.pk})
    assert client_for(xs.staff).get(url).status_code == 404


# The partials ------------------------------------------------------------------------------------


def partial(name: str, sub: Submission, user) -> str:
    request = RequestFactory().get("/surveys/submission/1/")
    request.user = user
    return render_to_string(f"surveys/{name}.html", {"submission": sub, "user": user, "request": request})


def actions_in(html: str, sub: Submission) -> set[str]:
    verbs = {verb for verb in ("return", "approve", "reopen") if f'action="{url(verb, sub)}"' in html}
    return verbs | ({"extend"} if f'action="{extend_url(sub)}"' in html else set())


def test_the_partial_offers_return_and_approve_on_a_submitted_form(xs, form2):
    html = partial("_review_actions", form2, xs.staff)
    assert actions_in(html, form2) == {"return", "approve"}
    assert 'name="next" value="/surveys/2024/completeness/"' in html


def test_the_partial_offers_reopen_on_an_approved_form(xs, approved):
    assert actions_in(partial("_review_actions", approved, xs.admin), approved) == {"reopen"}


def test_the_partial_offers_an_extension_on_a_draft(xs, survey_round):
    draft = submission(survey_round, xs.eh, 1)
    assert actions_in(partial("_review_actions", draft, xs.staff), draft) == {"extend"}


@pytest.mark.parametrize("who", ["dg_secretary", "eh_secretary", "viewer", "dg_viewer"])
def test_the_partial_shows_nothing_to_those_who_may_not_review(xs, form2, who):
    html = partial("_review_actions", form2, getattr(xs, who))
    assert actions_in(html, form2) == set() and "<form" not in html


def test_the_transition_log_shows_who_when_what_and_why(xs, survey_round):
    sub = submission(survey_round, xs.dg, 2)
    fill(xs.staff, sub)
    services.submission_submit(actor=xs.staff, submission=sub)  # on the town's behalf
    services.submission_return(actor=xs.admin, submission=sub, reason="请补充凭证")
    html = partial("_transitions", sub, xs.dg_secretary)
    rows = html.split('<tr class="transition ')[1:]
    assert len(rows) == 2
    assert "区工作人员" in rows[0] and "badge" in rows[0]  # on behalf
    assert "区管理员" in rows[1] and "请补充凭证" in rows[1] and "badge" not in rows[1]
    assert timezone.localtime(sub.transitions.last().at).strftime("%Y-%m-%d %H:%M") in rows[1]


def test_the_transition_log_says_when_there_is_none(xs, survey_round):
    html = partial("_transitions", submission(survey_round, xs.dg, 1), xs.staff)
    assert '<tr class="transition ' not in html


def test_the_transition_log_reuses_the_steps_the_page_loaded(xs, form2, django_assert_num_queries):
    from surveys.selectors import submission_transitions

    loaded = submission_transitions(form2)
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        html = render_to_string(
            "surveys/_transitions.html", {"submission": form2, "transitions": loaded, "request": request}
        )
    assert html.count('<tr class="transition ') == 1


@pytest.mark.parametrize("who,shown", [("staff", {"return", "approve"}), ("dg_secretary", set()), ("viewer", set())])
def test_the_submission_page_carries_the_partials(xs, client_for, form2, who, shown):
    response = client_for(getattr(xs, who)).get(reverse("surveys:submission_detail", kwargs={"pk": form2.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert actions_in(html, form2) == shown
    assert html.count('<tr class="transition ') == 1  # the secretary's submission


def test_the_workflow_history_shows_an_extension_as_no_change_of_state(xs):
    """Granting an extension is a step of each open form's workflow (who, until when, why), but
    not an edit of the form: its row shows no "草稿 → 草稿", as if the form had been touched."""
    late = submission(open_round(xs, 2024, deadline=today() - datetime.timedelta(days=2)), xs.dg, 3)
    until = today() + datetime.timedelta(days=5)
    services.town_extend(actor=xs.staff, survey_round=late.survey_round, town=xs.dg, until=until, reason="村里换届")
    html = partial("_transitions", late, xs.dg_secretary)
    row = html[html.index('class="transition transition-extend"') :].split("</tr>")[0]
    assert f"至{until.isoformat()}" in row and "村里换届" in row
    assert "→" not in row and "草稿" not in row


def test_the_secretary_of_a_returned_form_sees_why_not_the_reviewers_card(xs, client_for, form2):
    """The town reads what was returned and why; "退回后的改动" is the reviewer's card."""
    services.submission_return(actor=xs.staff, submission=form2, reason="实际到位与凭证不符")
    detail = reverse("surveys:submission_detail", args=[form2.pk])
    mine = client_for(xs.dg_secretary).get(detail).content.decode()
    assert "实际到位与凭证不符" in mine and "退回修改" in mine
    assert 'id="changes"' not in mine and "退回后" not in mine
    assert 'id="changes"' in client_for(xs.staff).get(detail).content.decode()


def test_the_reason_belongs_to_returning_not_to_approving(xs, form2):
    """Approving needs no reason: its form holds the button alone, and the required 事由 sits
    in the return's own fieldset with its legend and button."""
    import lxml.html

    card = lxml.html.fromstring(partial("_review_actions", form2, xs.staff))
    (approve,) = card.xpath("//form[@action=$a]", a=url("approve", form2))
    assert not approve.xpath(".//textarea|.//input[@type!='hidden']") and not approve.xpath(".//label")
    (returning,) = card.xpath("//form[@action=$a]", a=url("return", form2))
    (fieldset,) = returning.xpath("./fieldset")
    assert "退回修改" in fieldset.xpath("string(./legend)")
    assert fieldset.xpath(".//textarea[@name='reason']") and fieldset.xpath(".//button[@type='submit']")

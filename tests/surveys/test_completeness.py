"""The completeness page: towns × forms with states, on-time flags, last change, filters, counts."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys import services
from surveys.models import State, Submission, TownExtension
from tests.surveys.conftest import open_round, today


def set_state(survey_round, town, form, state, **fields):
    Submission.objects.filter(survey_round=survey_round, town=town, form=form).update(state=state, **fields)
    return Submission.objects.get(survey_round=survey_round, town=town, form=form)


def page(client, year=2024, **params):
    response = client.get(reverse("surveys:completeness", kwargs={"year": year}), params)
    assert response.status_code == 200
    return response


def towns_shown(response) -> list[str]:
    return re.findall(r'<tr data-town="([^"]+)"', response.content.decode())


def cells(response, town: str) -> dict[int, str]:
    """The state class of each form's cell in the town's row ("" where the cell is empty)."""
    body = response.content.decode()
    row = body.split(f'<tr data-town="{town}">', 1)[1].split("</tr>", 1)[0]
    found = re.findall(r'<td class="cell state-(\w+)" data-form="(\d)"', row)
    return {int(form): state for state, form in found}


def checkboxes(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'name="submissions" value="(\d+)"', response.content.decode())]


def test_it_shows_every_town_and_form_with_its_state(xs, client_for, survey_round):
    set_state(survey_round, xs.dg, 2, State.SUBMITTED, on_time=True, last_submitted_at=timezone.now())
    set_state(survey_round, xs.eh, 5, State.RETURNED)
    response = page(client_for(xs.staff))
    assert towns_shown(response) == ["XS01", "XS03"]
    assert cells(response, "XS01") == {1: "draft", 2: "submitted", 3: "draft", 4: "draft", 5: "draft"}
    assert cells(response, "XS03")[5] == "returned"
    assert response.context["counts"] == {
        "draft": 8,
        "submitted": 1,
        "returned": 1,
        "approved": 0,
        "overdue": 0,
        "submitted_late": 0,
        "late": 0,
        "total": 10,
    }


def test_it_shows_who_changed_a_form_last_and_the_on_time_flag(xs, client_for, survey_round):
    sub = set_state(survey_round, xs.dg, 2, State.SUBMITTED, on_time=True, updated_by=xs.dg_secretary)
    set_state(survey_round, xs.eh, 2, State.SUBMITTED, on_time=False, updated_by=xs.staff, updated_on_behalf=True)
    body = page(client_for(xs.staff)).content.decode()
    dg_cell = body.split(f'name="submissions" value="{sub.pk}"', 1)[1].split("</td>", 1)[0]
    assert "东港秘书" in dg_cell and '<span class="ontime">按时</span>' in dg_cell
    eh_row = body.split('<tr data-town="XS03">', 1)[1].split("</tr>", 1)[0]
    eh_cell = eh_row.split('data-form="2"', 1)[1].split("</td>", 1)[0]
    assert "区工作人员" in eh_cell and 'class="late"' in eh_cell and "按时" not in eh_cell
    legend = body.split('class="muted legend"', 1)[1].split("</p>", 1)[0]
    assert "截止日期前提交" in legend and "截止日期后提交" in legend  # what 按时 and 逾期 mean


def test_staff_get_a_checkbox_for_each_submitted_form(xs, client_for, survey_round):
    submitted = [set_state(survey_round, xs.dg, n, State.SUBMITTED) for n in (1, 3)]
    set_state(survey_round, xs.eh, 2, State.APPROVED)
    response = page(client_for(xs.staff))
    assert sorted(checkboxes(response)) == sorted(s.pk for s in submitted)
    assert "approve-selected" in response.content.decode()
    assert response.context["reviewable"] == {xs.dg.pk, xs.eh.pk}


@pytest.mark.parametrize("who", ["viewer", "dg_viewer", "dg_secretary"])
def test_readers_and_secretaries_see_no_checkbox(xs, client_for, survey_round, who):
    set_state(survey_round, xs.dg, 1, State.SUBMITTED)
    response = page(client_for(getattr(xs, who)))
    assert checkboxes(response) == [] and response.context["reviewable"] == set()
    assert 'name="submissions"' not in response.content.decode()
    assert "approve-selected" not in response.content.decode()


def test_a_town_secretary_sees_only_their_own_row(xs, client_for, survey_round):
    set_state(survey_round, xs.eh, 1, State.SUBMITTED)
    response = page(client_for(xs.dg_secretary))
    assert towns_shown(response) == ["XS01"]
    assert response.context["counts"]["total"] == 5 and response.context["counts"]["submitted"] == 0
    assert "鹅湖镇" not in response.content.decode()


def test_a_viewer_of_the_district_reads_every_row(xs, client_for, survey_round):
    assert towns_shown(page(client_for(xs.viewer))) == ["XS01", "XS03"]


def test_it_filters_by_state(xs, client_for, survey_round):
    set_state(survey_round, xs.eh, 2, State.SUBMITTED)
    set_state(survey_round, xs.eh, 4, State.SUBMITTED)
    response = page(client_for(xs.staff), state="submitted")
    assert towns_shown(response) == ["XS03"]
    assert cells(response, "XS03") == {2: "submitted", 4: "submitted"}
    # The counts keep every state, so the other states stay in view.
    assert response.context["counts"]["draft"] == 8


def test_it_filters_by_form(xs, client_for, survey_round):
    set_state(survey_round, xs.dg, 3, State.APPROVED)
    response = page(client_for(xs.staff), form=3)
    assert [n for n, _ in response.context["columns"]] == [3]
    assert cells(response, "XS01") == {3: "approved"} and cells(response, "XS03") == {3: "draft"}
    assert response.context["counts"]["total"] == 2


def test_it_searches_towns_by_name_or_code(xs, client_for, survey_round):
    assert towns_shown(page(client_for(xs.staff), q="鹅湖")) == ["XS03"]
    assert towns_shown(page(client_for(xs.staff), q="xs01")) == ["XS01"]
    assert towns_shown(page(client_for(xs.staff), q="不存在")) == []


def test_it_shows_only_late_forms(xs, client_for):
    survey_round = open_round(xs, 2024, deadline=today() - datetime.timedelta(days=2))
    set_state(survey_round, xs.dg, 1, State.SUBMITTED, on_time=True)  # in time: not late
    set_state(survey_round, xs.dg, 2, State.APPROVED, on_time=False)  # submitted late
    set_state(survey_round, xs.dg, 4, State.RETURNED)
    extend(survey_round, xs.dg, today() - datetime.timedelta(days=1))  # run out: 3, 4 and 5 are late
    extend(survey_round, xs.eh, today())  # still running: none of 鹅湖镇's drafts is late
    set_state(survey_round, xs.eh, 1, State.APPROVED, on_time=True)
    response = page(client_for(xs.staff), late="on")
    assert towns_shown(response) == ["XS01"]
    assert cells(response, "XS01") == {2: "approved", 3: "draft", 4: "returned", 5: "draft"}
    assert response.context["counts"]["late"] == 4


def extend(survey_round, town, until):
    return TownExtension.objects.create(survey_round=survey_round, town=town, until=until, granted_at=timezone.now())


def test_it_shows_a_towns_extension_beside_its_name(xs, client_for):
    survey_round = open_round(xs, 2024, deadline=today() - datetime.timedelta(days=2))
    until = today() + datetime.timedelta(days=9)
    services.town_extend(actor=xs.staff, survey_round=survey_round, town=xs.dg, until=until)
    body = page(client_for(xs.staff)).content.decode()
    dg = body.split('<tr data-town="XS01">')[1].split("</tr>")[0]
    eh = body.split('<tr data-town="XS03">')[1].split("</tr>")[0]
    assert f"已延期至{until.isoformat()}" in dg and "已延期" not in eh


def test_an_invalid_filter_is_ignored(xs, client_for, survey_round):
    response = page(client_for(xs.staff), state="lost", form="9")
    assert towns_shown(response) == ["XS01", "XS03"]


def test_an_unknown_year_is_not_found(xs, client_for, survey_round):
    assert client_for(xs.staff).get(reverse("surveys:completeness", kwargs={"year": 2019})).status_code == 404


def test_a_user_without_a_role_is_refused(xs, client_for, survey_round):
    from tests.factories import UserFactory

    response = client_for(UserFactory()).get(reverse("surveys:completeness", kwargs={"year": 2024}))
    assert response.status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, xs, survey_round):
    response = client.get(reverse("surveys:completeness", kwargs={"year": 2024}))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("who,shown", [("admin", True), ("staff", False), ("dg_secretary", False)])
def test_only_admins_are_offered_to_open_a_round(xs, client_for, survey_round, who, shown):
    body = page(client_for(getattr(xs, who))).content.decode()
    assert (f'href="{reverse("surveys:round_open")}"' in body) == shown


def test_the_home_page_and_the_completeness_page_count_overdue_forms_alike(xs, client_for):
    """The home page said 已逾期 0 and this page 逾期 6 for one round: one counted forms not
    submitted past their town's deadline, the other those too and the forms submitted late. One
    selector now counts both pages' figures, each under a label saying what it counts."""
    survey_round = open_round(xs, 2024, deadline=today() - datetime.timedelta(days=2))
    survey_round.opened_on = today() - datetime.timedelta(days=40)
    survey_round.save()
    Submission.objects.filter(survey_round=survey_round).update(state=State.APPROVED, on_time=True)
    set_state(survey_round, xs.dg, 1, State.SUBMITTED, on_time=False)  # submitted late
    set_state(survey_round, xs.dg, 2, State.DRAFT)  # overdue
    set_state(survey_round, xs.dg, 3, State.RETURNED, on_time=False)  # submitted late, overdue
    set_state(survey_round, xs.eh, 2, State.DRAFT)
    extend(survey_round, xs.eh, today())  # still running: not overdue
    client = client_for(xs.staff)
    home, completeness = client.get(reverse("home")), page(client)
    for response in (home, completeness):
        counts = response.context["counts"]
        assert (counts["overdue"], counts["submitted_late"]) == (2, 2)
        html = response.content.decode()
        assert re.search(r"<b>2</b>\s*逾期未报的表", html) and re.search(r"<b>2</b>\s*逾期报送的表", html)

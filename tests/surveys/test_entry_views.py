"""The entry pages: the rounds, a town's forms, the grid (save, submit, lists, read-only, changes)."""

import datetime

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse

from committees.models import Kind
from surveys import services
from surveys.models import State, SubmissionRow
from tests.factories import CommitteeFactory
from tests.surveys.conftest import fill, open_round, submission, today
from tests.surveys.forms import rows


def grid_data(sections: dict[str, list[dict]], **extra) -> dict:
    """What the grid posts for these rows: inputs named "<section>-<index>-<key>"."""
    data: dict = {"sections": list(sections)}
    for name, section_rows in sections.items():
        for index, row in enumerate(section_rows):
            for key, value in row.items():
                data[f"{name}-{index}-{key}"] = "" if value is None else str(value)
    data.update(extra)
    return data


def html(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def detail_url(sub) -> str:
    return reverse("surveys:submission_detail", args=[sub.pk])


def submit_url(sub) -> str:
    return reverse("surveys:submission_submit", args=[sub.pk])


def cell(doc, section: str, index: int, key: str):
    return doc.get_element_by_id(f"cell-{section}-{index}-{key}")


def input_value(doc, name: str) -> str | None:
    """What the cell's input (or the textarea of a text cell) holds; None without one."""
    found = doc.xpath(f"//input[@name='{name}'] | //textarea[@name='{name}']")
    if not found:
        return None
    return found[0].get("value") if found[0].tag == "input" else (found[0].text or "")


@pytest.fixture
def round24(xs, registry):
    return open_round(xs, 2024)


# The rounds ---------------------------------------------------------------------------------


def test_a_secretary_sees_the_forms_of_their_town_in_each_round(xs, registry, client_for):
    open_round(xs, 2023)
    round24 = open_round(xs, 2024)
    doc = html(client_for(xs.dg_secretary).get(reverse("surveys:round_list")))
    links = doc.xpath("//section[@id='round-2024']//a/@href")
    for n in range(1, 6):
        assert detail_url(submission(round24, xs.dg, n)) in links
    assert detail_url(submission(round24, xs.eh, 1)) not in links
    assert reverse("surveys:town_round", args=[2024, xs.dg.pk]) in links
    assert len(doc.xpath("//section[@id='round-2024']//span[contains(@class, 'state-draft')]")) == 5
    assert doc.xpath("//section[@id='round-2023']")


def test_reviewers_see_the_completeness_page_and_each_towns_page(xs, round24, client_for):
    doc = html(client_for(xs.staff).get(reverse("surveys:round_list")))
    links = doc.xpath("//section[@id='round-2024']//a/@href")
    assert reverse("surveys:completeness", args=[2024]) in links
    assert reverse("surveys:town_round", args=[2024, xs.dg.pk]) in links
    assert reverse("surveys:town_round", args=[2024, xs.eh.pk]) in links


def test_a_reader_of_many_towns_is_sent_to_each_towns_page(xs, client_for):
    for n in (5, 7):
        CommitteeFactory(code=f"XS0{n}", name=f"第{n}镇关工委", kind=Kind.TOWN, parent=xs.district)
    survey_round = open_round(xs, 2024)
    doc = html(client_for(xs.viewer).get(reverse("surveys:round_list")))
    links = doc.xpath("//section[@id='round-2024']//a/@href")
    assert reverse("surveys:town_round", args=[2024, xs.eh.pk]) in links
    assert reverse("surveys:completeness", args=[2024]) in links
    assert detail_url(submission(survey_round, xs.eh, 1)) not in links


def test_the_round_list_says_so_when_no_round_is_open(xs, client_for):
    body = english(client_for(xs.dg_secretary)).get(reverse("surveys:round_list")).content.decode()
    assert "No survey round has been opened yet." in body


# A town's forms -----------------------------------------------------------------------------


def test_the_town_page_lists_the_five_forms_with_their_state_and_the_excel_links(xs, round24, client_for):
    form1 = submission(round24, xs.dg, 1)
    services.submission_submit(actor=xs.dg_secretary, submission=form1)
    doc = html(client_for(xs.dg_secretary).get(reverse("surveys:town_round", args=[2024, xs.dg.pk])))
    assert len(doc.xpath("//table[contains(@class, 'town-forms')]/tbody/tr")) == 5
    assert doc.xpath("//tr[@id='form-1']//span[contains(@class, 'state-submitted')]")
    assert doc.xpath("//tr[@id='form-2']//span[contains(@class, 'state-draft')]")
    assert doc.xpath(f"//tr[@id='form-2']//a[@href='{detail_url(submission(round24, xs.dg, 2))}']")
    links = doc.xpath("//a/@href")
    assert reverse("surveys:template_download", args=[2024, xs.dg.pk]) in links
    assert reverse("surveys:upload", args=[2024, xs.dg.pk]) in links
    assert round24.deadline.isoformat() in doc.get_element_by_id("form-2").text_content()


def test_the_town_page_shows_an_extended_deadline(xs, round24, client_for):
    form3 = submission(round24, xs.dg, 3)
    fill(xs.dg_secretary, form3)
    town_page = reverse("surveys:town_round", args=[2024, xs.dg.pk])
    last_change = html(client_for(xs.dg_secretary).get(town_page)).get_element_by_id("form-3")[4].text_content()
    until = round24.deadline + datetime.timedelta(days=7)
    services.town_extend(actor=xs.staff, survey_round=round24, town=xs.dg, until=until)
    doc = html(client_for(xs.dg_secretary).get(reverse("surveys:town_round", args=[2024, xs.dg.pk])))
    assert all(until.isoformat() in doc.get_element_by_id(f"form-{n}").text_content() for n in range(1, 6))
    assert f"已延期至{until.isoformat()}" in doc.xpath("//p[contains(@class, 'deadline')]")[0].text_content()
    assert doc.get_element_by_id("form-3")[4].text_content() == last_change  # 最近修改 stays the town's save
    assert "dg_secretary" in last_change or "东港" in last_change
    eh = html(client_for(xs.eh_secretary).get(reverse("surveys:town_round", args=[2024, xs.eh.pk])))
    assert until.isoformat() not in eh.get_element_by_id("form-3").text_content()


def test_a_viewer_may_download_the_template_but_not_upload(xs, round24, client_for):
    doc = html(client_for(xs.dg_viewer).get(reverse("surveys:town_round", args=[2024, xs.dg.pk])))
    links = doc.xpath("//a/@href")
    assert reverse("surveys:template_download", args=[2024, xs.dg.pk]) in links
    assert reverse("surveys:upload", args=[2024, xs.dg.pk]) not in links


def test_the_town_page_is_404_for_a_year_without_a_round_or_a_committee_without_forms(xs, round24, client_for):
    client = client_for(xs.admin)
    assert client.get(reverse("surveys:town_round", args=[2019, xs.dg.pk])).status_code == 404
    assert client.get(reverse("surveys:town_round", args=[2024, xs.dg_v1.pk])).status_code == 404


# The grid -----------------------------------------------------------------------------------


def test_the_grid_has_a_row_per_committee_with_the_keys_locked(xs, round24, client_for):
    doc = html(client_for(xs.dg_secretary).get(detail_url(submission(round24, xs.dg, 1))))
    assert [r.get("id") for r in doc.xpath("//table[@data-section='main']/tbody/tr")] == [
        "row-main-0",
        "row-main-1",
        "row-main-2",
    ]
    assert input_value(doc, "main-1-committee_code") == "XS01V01"
    assert doc.xpath("//input[@name='main-1-committee_name' or @name='main-1-level']") == []
    assert cell(doc, "main", 0, "level").text_content().strip() == "镇"
    assert "东港村关工委" in doc.get_element_by_id("row-main-1").text_content()
    assert input_value(doc, "main-0-leadership_size") == "6"


def test_enumerations_and_yes_no_cells_are_selects_with_the_specs_labels(xs, round24, client_for):
    doc = html(client_for(xs.dg_secretary).get(detail_url(submission(round24, xs.dg, 1))))
    source = cell(doc, "main", 0, "exec_deputy_source").xpath(".//select")[0]
    labels = [o.text for o in source.xpath("option")]
    assert labels == ["—", "退二线领导", "退休领导", "退休校长", "退休教师", "其他五老", "在职干部"]
    assert source.xpath("option[@selected]/@value") == ["second_line_leader"]
    concurrent = cell(doc, "main", 0, "director_concurrent").xpath(".//select")[0]
    assert [o.text for o in concurrent.xpath("option")] == ["—", "是", "否"]
    assert concurrent.xpath("option[@selected]/text()") == ["是"]


def test_saving_a_draft_keeps_an_invalid_value_and_shows_the_error_on_its_cell(xs, round24, client_for):
    form2 = submission(round24, xs.dg, 2)
    sections = rows(2)
    sections["main"][1]["budget"] = "四万"
    client = client_for(xs.dg_secretary)
    response = client.post(detail_url(form2), grid_data(sections))
    assert response.status_code == 302 and response.url == detail_url(form2)
    stored = SubmissionRow.objects.get(submission=form2, position=2).values
    assert stored["budget"] == "四万" and stored["in_place"] == "4.50"
    form2.refresh_from_db()
    assert (form2.state, form2.error_count) == (State.DRAFT, 1)

    doc = html(client.get(detail_url(form2)))
    budget = cell(doc, "main", 1, "budget")
    assert "has-error" in budget.get("class")
    assert budget.xpath(".//input/@value") == ["四万"]
    assert "应为数字" in budget.text_content()
    assert "has-error" not in cell(doc, "main", 1, "in_place").get("class")
    assert doc.xpath("//ol[@class='issue-list']//a/@href") == ["#cell-main-1-budget"]


def test_a_warning_is_shown_on_its_cell_without_blocking(xs, round24, client_for):
    doc = html(client_for(xs.dg_secretary).get(detail_url(submission(round24, xs.dg, 1))))
    young = cell(doc, "main", 2, "young_staff")
    assert "has-warning" in young.get("class") and "未配备年轻工作人员" in young.text_content()
    assert doc.xpath("//li[@class='issue-warning']/a/@href") == ["#cell-main-2-young_staff"]


def test_submitting_is_refused_while_the_form_has_errors(xs, round24, client_for):
    form2 = submission(round24, xs.dg, 2)
    sections = rows(2)
    sections["main"][0]["subsidy_people"] = "-1"
    client = english(client_for(xs.dg_secretary))
    response = client.post(submit_url(form2), grid_data(sections), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(form2) + "?check=1"
    form2.refresh_from_db()
    assert form2.state == State.DRAFT
    assert SubmissionRow.objects.get(submission=form2, position=1).values["subsidy_people"] == "-1"
    body = response.content.decode()
    assert "Not submitted: 1 error must be corrected first" in body
    assert "has-error" in cell(lxml.html.fromstring(body), "main", 0, "subsidy_people").get("class")


def test_submitting_with_warnings_only_goes_through(xs, round24, client_for):
    form1 = submission(round24, xs.dg, 1)
    response = client_for(xs.dg_secretary).post(submit_url(form1), {})
    assert response.status_code == 302
    assert response.url == reverse("surveys:town_round", args=[2024, xs.dg.pk])
    form1.refresh_from_db()
    assert (form1.state, form1.error_count, form1.warning_count) == (State.SUBMITTED, 0, 1)


def test_submitting_saves_what_the_grid_holds_first(xs, round24, client_for):
    form2 = submission(round24, xs.dg, 2)
    response = client_for(xs.dg_secretary).post(submit_url(form2), grid_data(rows(2)))
    assert response.status_code == 302
    form2.refresh_from_db()
    assert form2.state == State.SUBMITTED
    assert SubmissionRow.objects.get(submission=form2, position=1).values["budget"] == "10.00"


def test_submitting_after_the_deadline_is_refused_for_a_secretary(xs, registry, client_for):
    past = open_round(
        xs, 2024, deadline=today() - datetime.timedelta(days=1), opened_on=today() - datetime.timedelta(days=9)
    )
    form1 = submission(past, xs.dg, 1)
    response = english(client_for(xs.dg_secretary)).post(submit_url(form1), {}, follow=True)
    assert "The deadline" in response.content.decode()
    form1.refresh_from_db()
    assert form1.state == State.DRAFT


def test_cells_that_differ_from_the_registry_are_marked_with_the_registry_value(xs, round24, client_for):
    form1 = submission(round24, xs.dg, 1)
    client = english(client_for(xs.dg_secretary))
    client.post(detail_url(form1), grid_data({"main": [{"committee_code": "XS01", "leadership_size": "7"}]}))
    doc = html(client.get(detail_url(form1)))
    changed = cell(doc, "main", 0, "leadership_size")
    assert "changed" in changed.get("class").split()
    assert changed.get("title") == "Registry value: 6"
    assert "changed" not in cell(doc, "main", 0, "deputies").get("class").split()
    assert "changed" not in cell(doc, "main", 1, "leadership_size").get("class").split()


def test_a_list_row_is_added(xs, round24, client_for):
    form4 = submission(round24, xs.dg, 4)
    team = SubmissionRow.objects.get(submission=form4, section="B")
    new = {"committee_code": "XS01V01", "name": "东港村五老爱心志愿团", "team_type": "service_team", "members": "8"}
    data = grid_data({"B": [{**team.values, "_id": team.pk}, new]})
    client = client_for(xs.dg_secretary)
    assert client.post(detail_url(form4), data).status_code == 302
    stored = list(SubmissionRow.objects.filter(submission=form4, section="B").order_by("position"))
    assert [r.pk == team.pk for r in stored] == [True, False]
    assert stored[1].values == {**new, "members": 8}
    doc = html(client.get(detail_url(form4)))
    assert input_value(doc, "B-1-name") == "东港村五老爱心志愿团"
    # 志愿者团队数 is derived from the list: stored and shown as its count, never typed.
    assert SubmissionRow.objects.get(submission=form4, section="main").values["volunteer_teams"] == 2
    teams = cell(doc, "main", 0, "volunteer_teams")
    assert teams.text_content().split() == ["2"] and "has-error" not in teams.get("class")
    assert input_value(doc, "main-0-volunteer_teams") is None


def test_the_add_row_button_saves_and_shows_a_blank_row(xs, round24, client_for):
    form4 = submission(round24, xs.dg, 4)
    team = SubmissionRow.objects.get(submission=form4, section="B")
    client = client_for(xs.dg_secretary)
    data = grid_data({"B": [{**team.values, "_id": team.pk, "members": "5"}]}, add_row="B")
    response = client.post(detail_url(form4), data)
    assert response.url == f"{detail_url(form4)}?add=B#section-B"
    team.refresh_from_db()
    assert team.values["members"] == 5
    doc = html(client.get(response.url))
    assert input_value(doc, "B-1-name") == ""
    assert doc.get_element_by_id("blank-B") is not None  # what grid.js copies


def test_a_list_row_is_removed(xs, round24, client_for):
    form5 = submission(round24, xs.dg, 5)
    fill(xs.dg_secretary, form5)
    brands = list(SubmissionRow.objects.filter(submission=form5, section="B"))
    assert len(brands) == 1
    data = grid_data({"B": [{**brands[0].values, "_id": brands[0].pk}]}, remove_row="B-0")
    assert client_for(xs.dg_secretary).post(detail_url(form5), data).status_code == 302
    assert not SubmissionRow.objects.filter(submission=form5, section="B").exists()
    assert SubmissionRow.objects.filter(submission=form5, section="main").count() == 1


def test_a_list_whose_rows_were_all_removed_in_the_page_is_saved_empty(xs, round24, client_for):
    form4 = submission(round24, xs.dg, 4)
    response = client_for(xs.dg_secretary).post(detail_url(form4), {"sections": ["main", "B"]})
    assert response.status_code == 302
    assert not SubmissionRow.objects.filter(submission=form4, section="B").exists()


@pytest.mark.parametrize("state", [State.SUBMITTED, State.APPROVED])
def test_submitted_and_approved_forms_are_read_only(xs, round24, client_for, state):
    form1 = submission(round24, xs.dg, 1)
    services.submission_submit(actor=xs.dg_secretary, submission=form1)
    if state == State.APPROVED:
        services.submission_approve(actor=xs.staff, submission=form1)
    client = client_for(xs.dg_secretary)
    doc = html(client.get(detail_url(form1)))
    assert doc.xpath("//form[@id='grid-form']") == []
    assert doc.xpath("//table[contains(@class, 'grid')]//input | //table[contains(@class, 'grid')]//select") == []
    assert cell(doc, "main", 0, "leadership_size").text_content().strip() == "6"
    assert doc.xpath("//p[contains(@class, 'read-only')]")

    data = grid_data({"main": [{"committee_code": "XS01", "leadership_size": "9"}]})
    doc = html(client.post(detail_url(form1), data))
    assert doc.xpath("//div[@class='errorbox']")
    assert SubmissionRow.objects.get(submission=form1, position=1).values["leadership_size"] == 6


def test_staff_entering_for_a_town_see_that_it_is_on_its_behalf(xs, round24, client_for):
    form2 = submission(round24, xs.dg, 2)
    doc = html(client_for(xs.staff).get(detail_url(form2)))
    assert doc.xpath("//div[contains(@class, 'on-behalf')]")
    assert doc.xpath("//form[@id='grid-form']")
    client_for(xs.staff).post(detail_url(form2), grid_data(rows(2)))
    form2.refresh_from_db()
    assert form2.updated_on_behalf is True

    doc = html(client_for(xs.dg_secretary).get(detail_url(form2)))
    assert doc.xpath("//div[contains(@class, 'on-behalf')]") == []


def test_reviewers_get_the_review_actions_and_secretaries_do_not(xs, round24, client_for):
    form1 = submission(round24, xs.dg, 1)
    services.submission_submit(actor=xs.dg_secretary, submission=form1)
    assert html(client_for(xs.staff).get(detail_url(form1))).xpath("//*[@id='review-actions']")
    assert html(client_for(xs.dg_secretary).get(detail_url(form1))).xpath("//*[@id='review-actions']") == []


def test_a_resubmission_shows_what_changed_since_it_was_returned(xs, round24, client_for):
    form2 = submission(round24, xs.dg, 2)
    fill(xs.dg_secretary, form2)
    services.submission_submit(actor=xs.dg_secretary, submission=form2)
    services.submission_return(actor=xs.staff, submission=form2, reason="东港村实际到位金额有误")
    client = client_for(xs.dg_secretary)
    doc = html(client.get(detail_url(form2)))
    assert "东港村实际到位金额有误" in doc.xpath("//div[contains(@class, 'returned')]")[0].text_content()
    assert doc.xpath("//section[@id='changes']//table") == []  # nothing changed yet

    sections = rows(2)
    sections["main"][1]["in_place"] = "3.80"
    client.post(submit_url(form2), grid_data(sections))
    form2.refresh_from_db()
    assert form2.state == State.SUBMITTED
    doc = html(client_for(xs.staff).get(detail_url(form2)))
    changes = [
        [td.text_content().strip() for td in tr.xpath("td")] for tr in doc.xpath("//section[@id='changes']//tbody/tr")
    ]
    assert changes == [["表2 经费落实", "东港村关工委", "实际到位(万元)", "4.50", "→ 3.80"]]


def stored_rows(sub) -> dict:
    """The rows' values by place; a blank cell is the same whether stored as null or absent."""
    return {
        (r.section, r.position): (r.pk, {k: v for k, v in r.values.items() if v is not None})
        for r in SubmissionRow.objects.filter(submission=sub)
    }


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_posting_the_grid_back_as_the_page_holds_it_changes_nothing(xs, round24, client_for, number):
    sub = submission(round24, xs.dg, number)
    fill(xs.dg_secretary, sub)
    before = stored_rows(sub)
    client = client_for(xs.dg_secretary)
    grid_form = html(client.get(detail_url(sub))).get_element_by_id("grid-form")
    data: dict[str, list[str]] = {}
    for name, value in grid_form.form_values():
        data.setdefault(name, []).append(value)
    response = client.post(detail_url(sub), data)
    assert response.status_code == 302
    assert stored_rows(sub) == before


def test_an_extended_forms_page_names_the_deadline_and_the_extension_once_each(xs, client_for):
    """ "截止日期 2027-01-05 已延期至2027-01-05" said the extension twice and hid the deadline."""
    deadline = today() - datetime.timedelta(days=2)
    late = submission(open_round(xs, 2024, deadline=deadline), xs.dg, 3)
    until = today() + datetime.timedelta(days=5)
    services.town_extend(actor=xs.staff, survey_round=late.survey_round, town=xs.dg, until=until)
    status = html(client_for(xs.dg_secretary).get(detail_url(late))).xpath("//p[@class='status']")[0].text_content()
    assert deadline.isoformat() in status and status.count(until.isoformat()) == 1
    assert "已延期至" in status


def test_a_form_nobody_has_edited_says_so_as_its_last_change(xs, client_for):
    """Opening the round is no edit: the draft's 最近修改 named the admin who opened it."""
    draft = submission(open_round(xs, 2024), xs.dg, 3)
    status = html(client_for(xs.dg_secretary).get(detail_url(draft))).xpath("//p[@class='status']")[0]
    assert "最近修改 尚未修改" in " ".join(status.text_content().split())
    town_round = client_for(xs.dg_secretary).get(reverse("surveys:town_round", args=[2024, xs.dg.pk]))
    assert town_round.content.decode().count("尚未修改") == len(draft.survey_round.enabled_forms)

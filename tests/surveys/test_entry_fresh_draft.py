"""A fresh draft: its empty required cells are to fill, not errors, until it is saved or submitted;
prefilled values that break a rule are errors from the start."""

import lxml.html
import pytest
from django.urls import reverse

from surveys.models import State, Submission, SubmissionRow
from tests.surveys.conftest import open_round, submission


@pytest.fixture
def form2(xs, registry):
    """东港镇's form 2 as the 2024 round opened it: its budget cells are blank (nothing prefills them)."""
    return submission(open_round(xs, 2024), xs.dg, 2)


def detail_url(sub) -> str:
    return reverse("surveys:submission_detail", args=[sub.pk])


def page(client, sub):
    response = client.get(detail_url(sub))
    assert response.status_code == 200
    return response, lxml.html.fromstring(response.content.decode())


def test_a_fresh_draft_marks_its_empty_required_cells_to_fill_not_as_errors(xs, client_for, form2):
    response, doc = page(client_for(xs.dg_secretary), form2)
    grid = response.context["grid"]
    assert grid.errors == 0 and grid.to_fill > 0
    assert doc.xpath("//td[contains(@class, 'has-error')]") == []
    to_fill = doc.xpath("//td[contains(@class, 'to-fill')]")
    assert len(to_fill) == grid.to_fill
    assert to_fill[0].xpath(".//input/@placeholder") == ["待填"]
    heading = doc.xpath("//section[@id='issues']/h2")[0].text_content()
    assert "错误：0" in heading and f"待填：{grid.to_fill}" in heading
    assert doc.xpath("//ol[@class='issue-list']/li") == []


def test_the_round_opens_a_fresh_draft_without_counting_its_blanks_as_errors(xs, form2):
    assert form2.error_count == 0


def test_a_prefilled_value_that_breaks_a_rule_is_an_error_from_the_start(xs, client_for, form2):
    row = SubmissionRow.objects.get(submission=form2, position=1)
    row.values = {**row.values, "subsidy_people": -3}
    row.save()  # as if the registry had prefilled it
    response, doc = page(client_for(xs.dg_secretary), form2)
    assert response.context["grid"].errors == 1
    assert "has-error" in doc.get_element_by_id("cell-main-0-subsidy_people").get("class")


def test_once_saved_the_empty_required_cells_are_errors(xs, client_for, form2):
    client = client_for(xs.dg_secretary)
    assert client.post(detail_url(form2), {"version": form2.version}).status_code == 302
    response, doc = page(client, form2)
    grid = response.context["grid"]
    assert grid.to_fill == 0 and grid.errors > 0
    assert doc.xpath("//td[contains(@class, 'to-fill')]") == []
    assert doc.xpath("//td[contains(@class, 'has-error')]")


def test_submitting_a_fresh_draft_is_refused_and_shows_the_errors(xs, client_for, form2):
    client = client_for(xs.dg_secretary)
    response = client.post(reverse("surveys:submission_submit", args=[form2.pk]), {}, follow=True)
    assert response.redirect_chain[-1][0] == detail_url(form2) + "?check=1"
    assert Submission.objects.get(pk=form2.pk).state == State.DRAFT
    grid = response.context["grid"]
    assert grid.to_fill == 0 and grid.errors > 0
    body = response.content.decode()
    assert "未提交" in body and "has-error" in body


def test_a_returned_form_shows_its_empty_required_cells_as_errors(xs, client_for, form2):
    Submission.objects.filter(pk=form2.pk).update(state=State.RETURNED)
    response, _doc = page(client_for(xs.dg_secretary), form2)
    assert response.context["grid"].to_fill == 0 and response.context["grid"].errors > 0

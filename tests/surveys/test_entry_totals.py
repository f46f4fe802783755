"""The entry grid's 合计 row, and last year's figures (上年) beside a reviewer's numbers."""

import lxml.html
import pytest
from django.urls import reverse

from surveys.models import State, Submission
from tests.surveys.conftest import fill, open_round, submission
from tests.surveys.forms import rows


def page(client, sub):
    response = client.get(reverse("surveys:submission_detail", args=[sub.pk]))
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def totals(doc, section: str = "main") -> dict[str, tuple[str, list[str]]]:
    """The 合计 row by column header: (the sum, the texts of last year's figure)."""
    table = doc.xpath(f"//table[@data-section='{section}']")[0]
    headers = [th.text_content().strip().rstrip("*") for th in table.xpath("./thead/tr/th")][1:]
    (row,) = table.xpath("./tfoot/tr")
    assert row.xpath("./th")[0].text_content().strip() == "合计"
    cells = row.xpath("./td")
    return {
        h: (
            " ".join(td.xpath(".//span[@class='sum']/text()")),
            [p.text_content() for p in td.xpath(".//span[@class='prev']")],
        )
        for h, td in zip(headers, cells, strict=True)
        if "total" in (td.get("class") or "")
    }


def previous(doc, dom_id: str) -> list[str]:
    return [p.text_content() for p in doc.get_element_by_id(dom_id).xpath(".//span[@class='prev']")]


@pytest.fixture
def round24(xs, registry):
    """东港镇's 表1 approved in 2023 (班子成员数 8, 4, 4) and filled in 2024 (9, 5, 3); 表2 filled in 2024 only."""
    round23 = open_round(xs, 2023)
    fill(xs.dg_secretary, submission(round23, xs.dg, 1))
    Submission.objects.filter(survey_round=round23, town=xs.dg, form=1).update(state=State.APPROVED)
    round24 = open_round(xs, 2024)
    sections = rows(1)
    for row, size in zip(sections["main"], (9, 5, 3), strict=True):
        row["leadership_size"] = size
    fill(xs.dg_secretary, submission(round24, xs.dg, 1), sections)
    form2 = rows(2)
    for row in form2["main"]:
        row["year"] = 2023  # the round's data year
    fill(xs.dg_secretary, submission(round24, xs.dg, 2), form2)
    return round24


def test_the_grid_has_a_total_row_of_the_columns_that_add_up(xs, round24, client_for):
    doc = page(client_for(xs.dg_secretary), submission(round24, xs.dg, 1))
    found = totals(doc)
    assert found["班子成员数"] == ("17", [])  # 9 + 5 + 3; the secretary sees no last year
    assert found["副主任人数"][0] == "6"  # 2 in each of three rows
    assert "常务副主任出生年份" not in found and "主任姓名" not in found  # years and names don't add up
    money = totals(page(client_for(xs.dg_secretary), submission(round24, xs.dg, 2)))
    assert money["预算安排(万元)（2023年度）"][0] == "18.00"  # 10.00 + 4 + 4; the header names its year
    assert money["实际到位(万元)（2023年度）"][0] == "19.00"  # 10.00 + 4.50 + 4.50


def test_a_reviewer_sees_last_years_approved_figure_beside_each_number(xs, round24, client_for):
    doc = page(client_for(xs.staff), submission(round24, xs.dg, 1))
    assert previous(doc, "cell-main-0-leadership_size") == ["上年 8"]
    assert previous(doc, "cell-main-1-leadership_size") == ["上年 4"]
    assert previous(doc, "cell-main-0-director_name") == []  # names have no 上年
    assert totals(doc)["班子成员数"] == ("17", ["上年 16"])
    assert "2023年度已审核通过" in doc.xpath("//p[contains(@class, 'previous-note')]")[0].text_content()


def test_the_secretary_entering_their_own_form_sees_no_last_year(xs, round24, client_for):
    doc = page(client_for(xs.dg_secretary), submission(round24, xs.dg, 1))
    assert doc.xpath("//span[@class='prev']") == []
    assert doc.xpath("//p[contains(@class, 'previous-note')]") == []


def test_last_year_without_an_approved_form_is_said_and_not_shown_as_zero(xs, round24, client_for):
    doc = page(client_for(xs.viewer), submission(round24, xs.dg, 2))  # 表2 of 2023 was never approved
    assert doc.xpath("//span[@class='prev']") == []
    assert "没有已审核通过的本表" in doc.xpath("//p[contains(@class, 'previous-note')]")[0].text_content()


def test_a_town_form_of_one_row_has_no_total_row(xs, round24, client_for):
    doc = page(client_for(xs.staff), submission(round24, xs.dg, 5))
    assert doc.xpath("//table[@data-section='main']/tfoot") == []

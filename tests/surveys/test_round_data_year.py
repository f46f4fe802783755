"""Which year a figure describes (docs/FORMS.md): a round records its data year (year − 1 unless
set when it opens), form 2's 年度 holds it, and the template, the entry grid and the printed form
name the year of every money and activity column."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys import imports
from surveys.models import SurveyRound
from surveys.selectors import round_specs
from surveys.spec import INSTRUCTIONS_SHEET, Period, find_form, form_specs
from tests.surveys.conftest import open_round, submission, today

URL = reverse("surveys:round_open")


def post(client, **data):
    fields = {"year": 2023, "deadline": (today() + datetime.timedelta(days=30)).isoformat(), "forms": [1, 2, 3, 4, 5]}
    return client.post(URL, {**fields, **data})


def test_a_round_opened_without_a_data_year_takes_the_year_before(xs, client_for):
    response = post(client_for(xs.admin))
    assert response.status_code == 302
    assert SurveyRound.objects.get(year=2023).data_year == 2022


def test_the_round_form_sets_the_data_year_and_form_2_holds_it(xs, client_for):
    body = client_for(xs.admin).get(URL).content.decode()
    assert 'name="data_year"' in body
    response = post(client_for(xs.admin), data_year=2021)
    assert response.status_code == 302
    survey_round = SurveyRound.objects.get(year=2023)
    assert survey_round.data_year == 2021
    years = {r.values["year"] for r in submission(survey_round, xs.dg, 2).rows.all()}
    assert years == {2021}  # 表2's 年度 is the data year, not the round's


def test_a_data_year_after_the_round_is_refused(xs, client_for):
    response = post(client_for(xs.admin), data_year=2024)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not SurveyRound.objects.filter(year=2023).exists()


def test_the_spec_declares_each_fields_year():
    forms = form_specs(2023, ["有班子"], data_year=2022)
    form2, form5 = find_form(forms, 2).main, find_form(forms, 5).main
    assert form2.field("in_place").period == Period.DATA and form5.field("study_aid").period == Period.DATA
    assert form5.field("assessment_weight").period == Period.REFERENCE
    assert form5.field("tutoring_stations").period == Period.REFERENCE
    assert find_form(forms, 1).main.field("leadership_size").period == Period.REFERENCE
    assert form2.header_of(form2.field("in_place")) == "实际到位(万元)（2022年度）"
    assert form5.header_of(form5.field("hub_villages")) == "一站多点村数"


@pytest.fixture
def round_2023(xs):
    return open_round(xs, 2023)


def test_the_template_names_the_year_of_each_figure(xs, round_2023):
    book = load_workbook(io.BytesIO(imports.survey_template(round_2023, xs.dg)))
    # The note under the header, on a line of its own.
    headers = {
        name: [c.value.replace("\n", "") for c in book[name][1]]
        for name in ("表1 班子队伍", "表2 经费落实", "表5 制度品牌")
    }
    assert "预算安排(万元)（2022年度）" in headers["表2 经费落实"]
    assert "捐资助学金额(万元)（2022年度）" in headers["表5 制度品牌"]
    assert "家庭教育讲座场次（2022年度）" in headers["表5 制度品牌"]
    assert "列入党政考核" in headers["表5 制度品牌"] and "校外教育辅导站数" in headers["表5 制度品牌"]
    assert not any("年度）" in h for h in headers["表1 班子队伍"])
    lines = [c.value or "" for c in book[INSTRUCTIONS_SHEET]["A"]]
    assert any("2022 年全年" in line and "2023 年 12 月 31 日" in line for line in lines)
    assert any(
        line.startswith("表5 制度品牌：") and "捐资助学金额(万元)" in line and "2022 年全年数" in line for line in lines
    )


def test_the_grid_and_the_printed_form_name_the_data_year(xs, round_2023, client_for):
    sub = submission(round_2023, xs.dg, 5)
    for name in ("surveys:submission_detail", "surveys:submission_print"):
        body = client_for(xs.dg_secretary).get(reverse(name, kwargs={"pk": sub.pk})).content.decode()
        assert '捐资助学金额(万元)<span class="year-note">（2022年度）</span>' in body, name
        assert "其余为2023年12月31日的情况" in body, name
        assert "考核分值（" not in body, name


def test_the_specs_of_a_round_are_of_its_data_year(xs):
    survey_round = open_round(xs, 2023, data_year=2021)
    section = find_form(round_specs(survey_round), 2).main
    assert (section.data_year, section.field("year").minimum) == (2021, 2021)

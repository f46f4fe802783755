"""surveys:template_download — a town's workbook of a round, filled with what its forms hold now."""

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from surveys import services
from surveys.spec import INSTRUCTIONS_SHEET
from tests.surveys import test_excel_plan
from tests.surveys.conftest import open_round, submission
from tests.surveys.forms import SHEETS

dg_round = test_excel_plan.dg_round  # a fixture


def url(year: int, town) -> str:
    return reverse("surveys:template_download", kwargs={"year": year, "town_pk": town.pk})


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_it_works(xs, dg_round, client_for):
    response = client_for(xs.dg_secretary).get(url(2024, xs.dg))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert unquote(response["Content-Disposition"].split("UTF-8''")[1]) == "东港镇关工委调查表-2024.xlsx"
    wb = workbook(response)
    assert wb.sheetnames[:8] == list(SHEETS)
    assert {r[0].value: r[1].value for r in wb["meta"].iter_rows()}["town"] == "XS01"
    assert [c.value for c in wb["表2 经费落实"][3]][:6] == [
        "XS01V01",
        "东港村关工委",
        2023,
        3,
        5,
        4,
    ]  # 年度: the data year


def test_it_carries_the_values_saved_since(xs, dg_round, client_for):
    rows = {"main": [{"committee_code": "XS01", "leadership_size": "11"}]}
    services.submission_save(actor=xs.dg_secretary, submission=submission(dg_round, xs.dg, 1), rows=rows)
    ws = workbook(client_for(xs.dg_secretary).get(url(2024, xs.dg)))["表1 班子队伍"]
    assert ws["D2"].value == 11


def test_it_has_only_the_forms_of_the_round(xs, registry, client_for):
    open_round(xs, 2024, forms=[1, 4])
    wb = workbook(client_for(xs.dg_secretary).get(url(2024, xs.dg)))
    assert [n for n in wb.sheetnames if n.startswith("表")] == ["表1 班子队伍", "表4 五老队伍", "表4B 志愿团队"]


def test_it_names_the_sheets_that_cannot_be_changed(xs, dg_round, client_for):
    services.submission_submit(actor=xs.dg_secretary, submission=submission(dg_round, xs.dg, 2))
    wb = workbook(client_for(xs.dg_secretary).get(url(2024, xs.dg)))
    lines = [r[0] or "" for r in wb[INSTRUCTIONS_SHEET].iter_rows(values_only=True)]
    assert any("表2 经费落实" in line and "跳过这些工作表" in line for line in lines)


def test_a_viewer_may_download(xs, dg_round, client_for):
    assert client_for(xs.dg_viewer).get(url(2024, xs.dg)).status_code == 200


@pytest.mark.parametrize("year", [2023, 2025])
def test_a_round_that_does_not_exist_is_404(xs, dg_round, client_for, year):
    assert client_for(xs.admin).get(url(year, xs.dg)).status_code == 404


def test_a_committee_that_is_not_surveyed_is_404(xs, dg_round, client_for):
    assert client_for(xs.admin).get(url(2024, xs.dg_v1)).status_code == 404


def test_it_requires_a_login(xs, dg_round, client):
    response = client.get(url(2024, xs.dg))
    assert response.status_code == 302 and "login" in response["Location"]

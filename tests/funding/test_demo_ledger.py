"""The funding overview of 2022 (the 2023 round's data year) on the demo
lists exactly the committees below the standard that the 2023 report lists, with the same amounts
(read from the report's JSON as the compiler builds it)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import lxml.html
import pytest
from django.urls import reverse

from committees.models import Committee
from funding import selectors
from funding.models import Budget, FundEntry
from surveys.models import State, SubmissionRow
from surveys.report import json_output
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from tests.surveys.report.conftest import demo, demo_db, district, user  # noqa: F401  (the demo fixtures)

pytestmark = pytest.mark.usefixtures("demo")

ROUND_YEAR = 2023
DATA_YEAR = 2022
SHORT_2022 = {"长堰村关工委", "高浜村关工委", "西怡社区关工委"}


def report_below() -> dict[str, Decimal]:
    data = report_data_build(survey_round=round_for_year(ROUND_YEAR), scope=district())
    report = json.loads(json_output.build(data))
    return {p["committee"]: Decimal(p["value"]) for p in report["problems"] if p["rule"] == "funds_below_standard"}


def overview_below(client) -> dict[str, Decimal]:
    response = client.get(reverse("funding:overview", kwargs={"year": DATA_YEAR}))
    assert response.status_code == 200
    rows = lxml.html.fromstring(response.content).xpath('//section[@id="below"]//tr[@data-code]')
    cells = {row.get("data-code"): row.xpath("./td")[3].text_content() for row in rows}
    assert all(re.fullmatch(r"\d+\.\d\d", text) for text in cells.values()), cells  # 万元, 2 places
    return {code: Decimal(text) for code, text in cells.items()}


def test_the_2022_overview_lists_the_villages_the_2023_report_finds_below_the_standard(client):
    expected = report_below()
    assert len(expected) == 3
    client.force_login(user("staff"))
    assert overview_below(client) == expected
    rows = selectors.year_figures(Committee.objects.filter(code__in=expected), DATA_YEAR)
    assert {r.committee.name for r in rows} == SHORT_2022
    assert all(r.below_standard for r in rows)


def test_a_town_secretary_sees_only_their_towns_share_of_the_list(client):
    expected = report_below()
    client.force_login(user("dongang"))
    found = overview_below(client)
    assert found == {code: amount for code, amount in expected.items() if code.startswith("XS01")}


def test_the_demo_ledger_totals_equal_each_approved_form_2(client):
    """Every committee's 2021 and 2022 totals equal its form 2 of the 2022 and 2023 rounds."""
    for round_year in (2022, 2023):
        rows = SubmissionRow.objects.filter(
            submission__survey_round__year=round_year, submission__form=2, submission__state=State.APPROVED,
            section="main",
        )  # fmt: skip
        forms = {r.values["committee_code"]: r.values for r in rows}
        committees = Committee.objects.filter(code__in=forms)
        figures = selectors.year_figures(committees, round_year - 1)
        assert len(figures) == len(forms) > 100
        for f in figures:
            form = forms[f.committee.code]
            assert f.in_place == Decimal(form["in_place"]), f.committee.code
            assert f.budget == Decimal(form["budget"])
            assert f.in_fiscal_budget == form["in_fiscal_budget"]
            assert f.social == Decimal(form["raised"])
            assert f.special == Decimal(form["special_funds"])
    assert Budget.objects.filter(year=DATA_YEAR).count() == len(forms)
    assert FundEntry.objects.filter(reverses__isnull=False).count() == 2  # the demo's corrections

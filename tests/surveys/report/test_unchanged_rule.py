"""The unchanged-figures rule (figures_unchanged): a town whose 表5 activity figures of the data
year all equal its approved figures of the round before is listed in the 问题清单 ("与上年完全
相同，请核实") once at least `threshold` towns (data, default 3) are such; one figure that differs
makes a town's figures its own."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from surveys.models import State, SubmissionRow
from surveys.report import docx as report_docx
from surveys.report import workbook
from surveys.report.models import ProblemRule
from surveys.report.problems import ACTIVITY_FIGURES, evaluate_problems
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from surveys.spec import MAIN
from surveys.synthetic import synthetic_district_create

RULE = "figures_unchanged"


@pytest.fixture
def made(db):
    """Three towns with approved 2022 and 2023 rounds (their own invented figures each year)."""
    return synthetic_district_create(towns=3, villages=1, previous=True)


def systems_rows(year: int) -> list[SubmissionRow]:
    """The towns' approved 表5 rows of a round, in the towns' order."""
    return list(
        SubmissionRow.objects.filter(
            submission__survey_round__year=year, submission__form=5, submission__state=State.APPROVED, section=MAIN
        ).order_by("submission__town__code")
    )


def copy_last_years_figures(towns: int) -> list[str]:
    """Write into the first `towns` towns' 2023 表5 rows the activity figures they had in 2022.
    Returns the towns' codes."""
    before = {row.values["committee_code"]: row.values for row in systems_rows(2022)}
    codes = []
    for row in systems_rows(2023)[:towns]:
        code = row.values["committee_code"]
        row.values.update({key: before[code][key] for key in ACTIVITY_FIGURES})
        row.save(update_fields=["values"])
        codes.append(code)
    return codes


def change_one_figure_each() -> None:
    """One activity figure (a different one in each town) one more than last year's."""
    for n, row in enumerate(systems_rows(2023)):
        key = ACTIVITY_FIGURES[n * 7 % len(ACTIVITY_FIGURES)]  # meetings, study aid, field visits
        value = row.values[key]
        row.values[key] = f"{Decimal(value) + 1:.2f}" if isinstance(value, str) else value + 1
        row.save(update_fields=["values"])


def report(made):
    return report_data_build(survey_round=round_for_year(2023), scope=made.district)


def fired(data) -> list[dict]:
    return [p for p in data.problems if p["rule"] == RULE]


def test_three_towns_with_last_years_figures_are_listed(made):
    assert fired(report(made)) == []  # each year's figures are the towns' own
    codes = copy_last_years_figures(3)

    found = fired(report(made))

    assert [p["committee"] for p in found] == codes
    assert all(p["committee_name"].endswith("关工委") for p in found)
    assert {p["message"] for p in found} == {f"表5的{len(ACTIVITY_FIGURES)}项年度活动数据与上年完全相同，请核实。"}
    assert {p["value"] for p in found} == {len(ACTIVITY_FIGURES)}


def test_one_figure_that_differs_in_each_town_fires_nothing(made):
    copy_last_years_figures(3)
    change_one_figure_each()

    assert fired(report(made)) == []


def test_its_threshold_is_data(made):
    copy_last_years_figures(2)
    assert fired(report(made)) == []  # two towns, below the default of three

    ProblemRule.objects.filter(code=RULE).update(threshold=Decimal("2"))
    assert len(fired(report(made))) == 2

    ProblemRule.objects.filter(code=RULE).update(enabled=False)
    assert fired(report(made)) == []


def test_a_town_with_no_activity_either_year_is_not_listed(made):
    for year in (2022, 2023):
        for row in systems_rows(year):
            row.values.update({key: "0.00" if key == "study_aid" else 0 for key in ACTIVITY_FIGURES})
            row.save(update_fields=["values"])

    assert fired(report(made)) == []


def test_the_problem_list_and_the_draft_say_so(made):
    copy_last_years_figures(3)
    data = report(made)

    sheet = load_workbook(io.BytesIO(workbook.build(data)))[workbook.PROBLEMS_SHEET]
    listed = [row for row in sheet.iter_rows(values_only=True) if row[1] == "年度活动数据与上年完全相同"]
    assert len(listed) == 3 and all("与上年完全相同，请核实" in row[5] for row in listed)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report_docx.build(data))).paragraphs)
    assert "部分年度数据与上年完全相同" in text
    assert "3个镇（街道）" in text and "表5的年度活动数据与上年完全相同" in text


def test_it_costs_one_query_whatever_the_towns(made):
    copy_last_years_figures(3)
    rule, survey_round = ProblemRule.objects.get(code=RULE), round_for_year(2023)

    with CaptureQueriesContext(connection) as queries:
        found = evaluate_problems(
            survey_round=survey_round, scope=made.district, indicators={}, missing=[], rules=[rule]
        )

    assert len(found) == 3
    assert len(queries) == 1

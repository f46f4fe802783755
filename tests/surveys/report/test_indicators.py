"""The indicators of the demo's 2023 round, last round's values and the change, and the data
the builders receive (ReportData)."""

from decimal import Decimal

import pytest

from surveys.report.data import ReportData
from surveys.report.indicators import change, report_indicators
from surveys.report.json_output import report_json
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from tests.surveys.report.conftest import district, town

pytestmark = pytest.mark.usefixtures("demo")


@pytest.fixture
def found() -> dict:
    return report_indicators(round_for_year(2023), district())


def test_each_indicator_carries_last_rounds_value_and_the_change(found):
    assert found["study_aid_donations_wan"] == {"value": "334.82", "previous": "298.60", "change": "36.22"}
    assert found["funds_below_standard"] == {"value": 3, "previous": 5, "change": -2}
    assert found["fhfg_lookback"]["change"]["regressed"] == 2
    assert found["village_exec_deputy_exceptions"]["change"] is None


def test_the_figures_the_report_needs_are_there(found):
    assert found["backbone_age_bands"]["value"] == {"under_60": 0, "60_69": 96, "70_80": 240, "over_80": 32}
    assert found["backbone_age_70_80_share"]["value"] == round(240 / 368, 3)
    assert found["volunteer_teams_listed"]["value"] == found["volunteer_teams"]["value"] == 59
    assert found["fhfg_villages_share"]["value"] == 1.0
    assert found["fhfg_lookback"]["value"]["regressed"] == len(found["fhfg_regressed"]["value"]) == 2
    assert found["funds_in_fiscal_budget_share"]["value"] == 1.0
    assert sum(Decimal(t["in_place"]) for t in found["funds_in_place_by_town"]["value"]) == Decimal(
        found["funds_in_place_wan"]["value"]
    )
    assert found["towns_director_deputy_secretary"]["value"] == 9
    assert found["town_leadership_avg_size"]["value"] > 0
    brand = next(b for b in found["brands"]["value"] if b["town"] == "XS04")
    assert brand["name"] == "爱心助学“希望之星”" and brand["start_year"] == 2005


def test_a_towns_figures_sum_to_the_districts():
    survey_round = round_for_year(2023)
    towns = [town(f"XS0{n}") for n in range(1, 10)]

    by_town = [report_indicators(survey_round, t) for t in towns]

    assert sum(f["villages"]["value"] for f in by_town) == 128
    assert sum(Decimal(f["study_aid_donations_wan"]["value"]) for f in by_town) == Decimal("334.82")
    assert sum(f["backbone"]["value"] for f in by_town) == 368


@pytest.mark.parametrize(
    "value,previous,expected",
    [
        (9, 9, 0),
        (0.992, 0.99, 0.002),
        ("334.82", "298.60", "36.22"),
        ({"a": 2, "b": 1}, {"a": 1, "c": 1}, {"a": 1, "b": 1, "c": -1}),
        ([1], [], None),
        (5, None, None),
    ],
)
def test_change(value, previous, expected):
    assert change(value, previous) == expected


def test_the_builders_receive_every_approved_row_by_form_and_town():
    data = report_data_build(survey_round=round_for_year(2023), scope=district())

    assert isinstance(data, ReportData)
    assert (data.year, data.scope, data.scope_name) == (2023, "XS", "锡山区关工委")
    leadership = data.forms[1].towns("main")
    assert [t["town"] for t in leadership] == [f"XS0{n}" for n in range(1, 10)]
    assert sum(len(t["rows"]) for t in leadership) == 9 + 128
    first = leadership[0]["rows"][0]
    assert (first["committee_code"], first["level"]) == ("XS01", "town")
    assert sum(len(t["rows"]) for t in data.forms[4].towns("B")) == 59
    assert all(row["committee_name"] for t in data.forms[5].towns("B") for row in t["rows"])
    assert data.forms[3].spec.number == 3
    assert data.value("villages") == 128 and data.previous("villages") == 128
    assert {p["rule"] for p in data.problems} >= {"backbone_aging", "funds_below_standard", "fhfg_regressed"}
    assert [r["rule"] for r in data.recommendations] == ["backbone_aging", "funds_below_standard", "fhfg_regressed"]
    assert data.missing == []
    assert report_json(data)["indicators"]["villages"] == {"value": 128, "previous": 128}


def test_a_towns_data_holds_that_town_only():
    data = report_data_build(survey_round=round_for_year(2023), scope=town("XS03"))

    assert {t["town"] for form in data.forms.values() for rows in form.sections.values() for t in rows} == {"XS03"}

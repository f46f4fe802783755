"""Aggregating the stored values in the database (SQLite and PostgreSQL alike)."""

from decimal import Decimal

import pytest

from surveys import selectors, services
from surveys.selectors import json_number, round_specs, sum_field
from surveys.spec import find_form
from tests.surveys.conftest import fill_and_submit, open_round, submission
from tests.surveys.forms import rows, rows_of_ehu


@pytest.fixture
def approved(xs):
    """2024: 东港镇 and 鹅湖镇 forms 2 and 5 approved, with different figures."""
    survey_round = open_round(xs, 2024)
    for town, sections in ((xs.dg, rows), (xs.eh, rows_of_ehu)):
        for number in (2, 5):
            data = sections(number)
            if number == 2:
                for row in data["main"]:
                    row["year"] = 2024
            if town == xs.eh and number == 5:
                data["main"][0].update(study_aid="298.32", articles=7)
            if town == xs.eh and number == 2:
                data["main"][0]["in_place"] = "9.99"
            sub = submission(survey_round, town, number)
            fill_and_submit(xs.staff, sub, data)
            services.submission_approve(actor=xs.staff, submission=sub)
    return survey_round


def test_sum_field_adds_money_exactly(approved):
    total = sum_field(approved, 5, "study_aid")
    assert total == Decimal("334.82") and isinstance(total, Decimal)
    assert (
        sum_field(approved, 2, "in_place")
        == Decimal("10.00") + Decimal("4.50") * 2 + Decimal("9.99") + Decimal("4.50") * 2
    )


def test_sum_field_adds_whole_numbers(approved):
    total = sum_field(approved, 5, "articles")
    assert total == 12 and isinstance(total, int)
    assert sum_field(approved, 2, "subsidy_people") == 6


def test_sum_field_counts_approved_forms_only_by_default(approved, xs):
    services.submission_reopen(actor=xs.staff, submission=submission(approved, xs.eh, 5), reason="复核")
    assert sum_field(approved, 5, "study_aid") == Decimal("36.50")
    assert sum_field(approved, 5, "study_aid", states=["approved", "returned"]) == Decimal("334.82")


def test_sum_field_is_zero_without_rows(xs):
    survey_round = open_round(xs, 2024)
    assert sum_field(survey_round, 5, "study_aid") == Decimal("0.00")
    assert sum_field(survey_round, 4, "members", section="B") == 0


def test_only_numbers_are_summed(xs):
    survey_round = open_round(xs, 2024)
    field = find_form(round_specs(survey_round), 1).main.field("director_name")
    with pytest.raises(ValueError):
        json_number("director_name", field)


def test_the_sum_is_one_query(approved, django_assert_num_queries):
    round_specs(approved)
    with django_assert_num_queries(1):
        sum_field(approved, 5, "study_aid")


def test_the_forms_titles_are_built_once_and_handed_out_as_copies(monkeypatch):
    """form_titles builds the five specs once a process (the titles are the spec's words, of no
    year, item or language), and each caller gets a dict of its own."""
    calls = []
    real = selectors.form_specs
    monkeypatch.setattr(selectors, "form_specs", lambda *args: calls.append(args) or real(*args))
    selectors._form_titles.cache_clear()
    try:
        first = selectors.form_titles()
        first[1] = "changed"
        assert selectors.form_titles()[1] == "关工委班子队伍情况表"
        assert sorted(selectors.form_titles()) == [1, 2, 3, 4, 5]
        assert len(calls) == 1
    finally:
        selectors._form_titles.cache_clear()

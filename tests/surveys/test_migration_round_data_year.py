"""Migration 0109: every existing round's data year is the year before it."""

import pytest

BEFORE = [("surveys", "0108_unchanged_rule")]
AFTER = [("surveys", "0109_round_data_year")]


@pytest.mark.django_db(transaction=True)
def test_existing_rounds_take_the_year_before_as_their_data_year(xs, migrate_to):
    from tests.surveys.conftest import open_round

    rounds = [open_round(xs, 2022).pk, open_round(xs, 2023).pk]
    migrate_to(BEFORE)
    apps = migrate_to(AFTER)
    found = apps.get_model("surveys", "SurveyRound").objects.filter(pk__in=rounds).order_by("year")
    assert [(r.year, r.data_year) for r in found] == [(2022, 2021), (2023, 2022)]
    history = apps.get_model("surveys", "HistoricalSurveyRound").objects.filter(id__in=rounds)
    assert {(h.year, h.data_year) for h in history} == {(2022, 2021), (2023, 2022)}

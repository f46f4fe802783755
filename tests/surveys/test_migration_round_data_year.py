"""Migration 0109: every existing round's data year is the year before it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("surveys", "0108_unchanged_rule")]
AFTER = [("surveys", "0109_round_data_year")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_rounds_take_the_year_before_as_their_data_year(xs):
    from tests.surveys.conftest import open_round

    rounds = [open_round(xs, 2022).pk, open_round(xs, 2023).pk]
    migrate(BEFORE)
    apps = migrate(AFTER)
    found = apps.get_model("surveys", "SurveyRound").objects.filter(pk__in=rounds).order_by("year")
    assert [(r.year, r.data_year) for r in found] == [(2022, 2021), (2023, 2022)]
    history = apps.get_model("surveys", "HistoricalSurveyRound").objects.filter(id__in=rounds)
    assert {(h.year, h.data_year) for h in history} == {(2022, 2021), (2023, 2022)}

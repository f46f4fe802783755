"""Migrations 0112–0113: every existing round's scope is the tree's root (they asked every town)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("surveys", "0111_report_parts")]
AFTER = [("surveys", "0113_round_scope_required")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_rounds_take_the_root_as_their_scope(xs):
    from tests.surveys.conftest import open_round

    rounds = [open_round(xs, 2022).pk, open_round(xs, 2023).pk]
    try:
        migrate(BEFORE)
        apps = migrate(AFTER)
        found = apps.get_model("surveys", "SurveyRound").objects.filter(pk__in=rounds).order_by("year")
        assert [(r.year, r.scope_id) for r in found] == [(2022, xs.dg.parent_id), (2023, xs.dg.parent_id)]
        history = apps.get_model("surveys", "HistoricalSurveyRound").objects.filter(id__in=rounds)
        assert {h.scope_id for h in history} == {xs.dg.parent_id}
    finally:
        migrate()

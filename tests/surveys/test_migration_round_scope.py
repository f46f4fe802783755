"""Migrations 0112–0113: every existing round's scope is the tree's root (they asked every town)."""

import pytest

BEFORE = [("surveys", "0111_report_parts")]
AFTER = [("surveys", "0113_round_scope_required")]


@pytest.mark.django_db(transaction=True)
def test_existing_rounds_take_the_root_as_their_scope(xs, migrate_to):
    from tests.surveys.conftest import open_round

    rounds = [open_round(xs, 2022).pk, open_round(xs, 2023).pk]
    migrate_to(BEFORE)
    apps = migrate_to(AFTER)
    found = apps.get_model("surveys", "SurveyRound").objects.filter(pk__in=rounds).order_by("year")
    assert [(r.year, r.scope_id) for r in found] == [(2022, xs.dg.parent_id), (2023, xs.dg.parent_id)]
    history = apps.get_model("surveys", "HistoricalSurveyRound").objects.filter(id__in=rounds)
    assert {h.scope_id for h in history} == {xs.dg.parent_id}

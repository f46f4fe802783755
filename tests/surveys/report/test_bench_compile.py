"""bench_compile, behind `make bench`: it prints each stage's seconds and the query counts, and
the compile's queries don't grow with the number of villages."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from committees.models import Committee
from surveys.report.indicators import report_indicators
from surveys.selectors import round_for_year
from surveys.synthetic import synthetic_district_create

STAGES = ("indicators", "problems", "rows", "xlsx", "docx", "html", "json", "total")


def test_it_prints_the_seconds_per_stage_and_both_query_counts(db):
    out = io.StringIO()
    call_command("bench_compile", towns=3, villages=2, skip_demo=True, in_place=True, stdout=out)

    text = out.getvalue()
    assert f"database {connection.vendor}" in text
    for stage in STAGES:
        assert re.search(rf"^  {stage} +\d+\.\d\d +\d+\.\d\d$", text, re.MULTILINE), stage
    more, fewer = map(int, re.search(r"^  queries +(\d+) +(\d+)$", text, re.MULTILINE).groups())
    assert f"Queries: {more} for 6 villages, {fewer} for 3 villages" in text
    assert more <= fewer
    assert "does not grow" in text
    assert not Committee.objects.exists()  # each district was rolled back


def test_it_refuses_a_database_that_holds_committees(xs):
    with pytest.raises(CommandError, match="holds committees"):
        call_command("bench_compile", towns=1, villages=2, skip_demo=True, in_place=True, stdout=io.StringIO())


def test_it_needs_fewer_villages_for_the_comparison(db):
    with pytest.raises(CommandError, match="--few-villages must be under --villages"):
        call_command("bench_compile", towns=1, villages=2, few_villages=2, in_place=True, stdout=io.StringIO())


def indicator_queries(towns: int, villages: int) -> int:
    """The queries of the indicators (with last round's) of a synthetic district, then gone."""
    with transaction.atomic():
        made = synthetic_district_create(towns=towns, villages=villages, previous=True)
        with CaptureQueriesContext(connection) as queries:
            found = report_indicators(round_for_year(2023), made.district)
        assert found["villages"]["value"] == towns * villages
        assert found["villages"]["previous"] == towns * villages
        transaction.set_rollback(True)
    return len(queries)


def test_the_indicators_query_count_is_the_same_for_3_and_12_villages_a_town(db):
    assert indicator_queries(5, 3) == indicator_queries(5, 12)

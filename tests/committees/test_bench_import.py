"""bench_import, behind `make bench`: it still runs, on a small workbook, and the import really writes."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from committees.models import Volunteer


def test_it_prints_both_rates_and_the_import_creates_the_rows(db):
    out = io.StringIO()
    call_command("bench_import", rows=200, repeat=1, in_place=True, keep=True, stdout=out)

    text = out.getvalue()
    assert re.search(r"import \(volunteer_import_plan \+ volunteer_import_apply\): +[\d.]+ s +\d+ rows/s", text)
    assert re.search(r"baseline \(openpyxl read-only \+ bulk_create\): +[\d.]+ s +\d+ rows/s", text)
    assert re.search(r"baseline \(calamine \+ bulk_create\): +[\d.]+ s +\d+ rows/s", text)
    assert re.search(r"ratio: [\d.]+ of the openpyxl read-only \+ bulk_create baseline\n", text)
    assert re.search(r"ratio: [\d.]+ of the calamine \+ bulk_create baseline \((meets|BELOW) the goal", text)
    assert "created 200" in text
    assert Volunteer.objects.count() == 200
    assert Volunteer.history.filter(history_type="+", history_user__username="bench-admin").count() == 200


def test_it_fails_under_the_minimum_ratio(db):
    with pytest.raises(CommandError, match="under --min-ratio"):
        call_command("bench_import", rows=20, repeat=1, in_place=True, min_ratio=1000, stdout=io.StringIO())


def test_it_refuses_a_database_that_holds_committees(xs):
    with pytest.raises(CommandError, match="holds committees"):
        call_command("bench_import", rows=20, in_place=True, stdout=io.StringIO())

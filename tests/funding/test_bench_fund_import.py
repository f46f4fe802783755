"""bench_fund_import, behind `make bench`: it runs on a small workbook, reports both rates and the
ratio, and the import really writes the entries (with history naming the bench's user)."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from funding.models import FundEntry


def test_it_prints_both_rates_and_the_import_creates_the_entries(db):
    out = io.StringIO()
    call_command("bench_fund_import", rows=120, repeat=1, in_place=True, keep=True, stdout=out)
    text = out.getvalue()
    assert re.search(r"import \(entry_import_plan \+ entry_import_apply\): +[\d.]+ s +\d+ rows/s", text)
    assert re.search(r"baseline \(openpyxl read-only \+ bulk_create\): +[\d.]+ s +\d+ rows/s", text)
    assert re.search(r"ratio: [\d.]+ of the openpyxl read-only \+ bulk_create baseline \((meets|BELOW) the goal", text)
    assert "created 120" in text
    assert FundEntry.objects.count() == 120
    assert FundEntry.history.filter(history_type="+", history_user__username="fbench-admin").count() == 120


def test_it_fails_under_the_minimum_ratio(db):
    with pytest.raises(CommandError, match="under --min-ratio"):
        call_command("bench_fund_import", rows=20, repeat=1, in_place=True, min_ratio=1000, stdout=io.StringIO())


def test_it_refuses_a_database_that_holds_committees(xs):
    with pytest.raises(CommandError, match="holds committees"):
        call_command("bench_fund_import", rows=20, in_place=True, stdout=io.StringIO())

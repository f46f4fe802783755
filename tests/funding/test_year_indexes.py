"""A year's budgets and special funds are found through indexes that lead with the year (the
approval date): the overview's test of an empty ledger year and its sums by committee read the
index alone, not the budgets' unique index (which leads with the committee) nor the special funds'
table (a province's overview of a year without budgets read all 44,000 budgets and 17,600 special
funds to find none)."""

import datetime

import pytest
from django.db import connection

from funding.models import Budget, SpecialFund
from funding.selectors import groups


def test_the_indexes_lead_with_the_year_and_carry_the_summed_columns():
    budget = {i.name: i for i in Budget._meta.indexes}["funding_budget_year_sums"]
    assert budget.fields == ["year", "committee"] and set(budget.include) == {"amount", "in_fiscal_budget"}
    special = {i.name: i for i in SpecialFund._meta.indexes}["funding_special_approved_sums"]
    assert special.fields == ["approved_on", "committee"] and set(special.include) == {"amount"}


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # an empty test table would be scanned whatever its indexes
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_an_empty_ledger_year_is_found_empty_from_the_indexes_alone():
    if connection.vendor != "postgresql":
        pytest.skip("the plans are PostgreSQL's")
    year = 2023
    sql = f"""SELECT NOT (EXISTS (SELECT 1 FROM {Budget._meta.db_table} WHERE year = %s)
        OR EXISTS (SELECT 1 FROM {SpecialFund._meta.db_table} WHERE approved_on >= %s AND approved_on <= %s))"""  # noqa: S608
    plan = _plan(sql, [year, datetime.date(year, 1, 1), datetime.date(year, 12, 31)])
    assert "Index Only Scan using funding_budget_year_sums" in plan
    assert "Index Only Scan using funding_special_approved_sums" in plan
    assert groups.ledger_is_empty(year)


@pytest.mark.django_db
def test_a_years_ledger_is_summed_by_committee_from_the_indexes_alone():
    if connection.vendor != "postgresql":
        pytest.skip("the plans are PostgreSQL's")
    joins, params = groups._ledger_sql(2023, datetime.date(2023, 6, 30))
    plan = _plan(f"SELECT b.amount, b.in_fiscal_budget, s.special FROM committees_committee c {joins}", params)  # noqa: S608
    assert "Index Only Scan using funding_budget_year_sums" in plan
    assert "Index Only Scan using funding_special_approved_sums" in plan

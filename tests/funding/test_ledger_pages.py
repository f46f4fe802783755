"""The funding pages: who reads and who writes (404 out of scope, 403 in scope without the right),
the forms (a budget, an entry, a reversal with its reason, special funds; errors in Chinese), the
overview's figures, and lists in a bounded number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from committees.models import Committee, Kind
from funding import services
from funding.models import Budget, FundEntry, FundSource, SpecialFund
from tests.factories import CommitteeFactory
from tests.scoping.matrix import ROLES, town_status

YEAR = 2022
# The towns each role may write the ledger of (district staff anywhere, a secretary their town).
WRITES = {"admin": {"dg", "eh"}, "staff": {"dg", "eh"}, "dg_secretary": {"dg"}, "eh_secretary": {"eh"}}


def village(xs, side: str) -> Committee:
    return xs.dg_v1 if side == "dg" else xs.eh_v1


def entry(xs, committee, amount="2.00", date=datetime.date(YEAR, 3, 1)) -> FundEntry:
    return services.entry_add(actor=xs.admin, committee=committee, year=YEAR, date=date, amount=Decimal(amount),
                              source=FundSource.FISCAL)  # fmt: skip


def ledger_url(name: str, committee) -> str:
    return reverse(f"funding:{name}", kwargs={"year": YEAR, "committee_pk": committee.pk})


ENTRY = {"date": f"{YEAR}-04-01", "amount": "1.25", "source": "town_matching", "document": "锡财〔2022〕3号"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["dg", "eh"])
def test_each_role_reads_and_writes_the_ledger_within_its_scope(xs, client_for, role, side):
    client = client_for(getattr(xs, role))
    committee = village(xs, side)
    assert client.get(ledger_url("committee", committee)).status_code == town_status(role, side, 200)
    status = client.post(ledger_url("entry_create", committee), ENTRY).status_code
    assert status == town_status(role, side, 302, WRITES)
    assert FundEntry.objects.filter(committee=committee).exists() == (status == 302)
    target = entry(xs, committee)
    status = client.post(reverse("funding:entry_reverse", kwargs={"pk": target.pk}), {"reason": "错账"}).status_code
    assert status == town_status(role, side, 302, WRITES)
    assert FundEntry.objects.filter(reverses=target).exists() == (status == 302)


def test_a_secretary_records_a_budget_an_entry_a_correction_and_special_funds(xs, client_for):
    client = client_for(xs.dg_secretary)
    data = {"amount": "4.00", "in_fiscal_budget": "on", "source": "东港镇2022年预算"}
    assert client.post(ledger_url("budget_edit", xs.dg_v1), data).status_code == 302
    assert client.post(ledger_url("entry_create", xs.dg_v1), ENTRY).status_code == 302
    special = {"purpose": "辅导站建设", "amount": "2.50", "approved_on": f"{YEAR}-07-01"}
    assert client.post(ledger_url("special_create", xs.dg_v1), special).status_code == 302
    added = FundEntry.objects.get(committee=xs.dg_v1)
    url = reverse("funding:entry_reverse", kwargs={"pk": added.pk})
    assert client.post(url, {"reason": "金额录错"}).status_code == 302

    budget = Budget.objects.get(committee=xs.dg_v1, year=YEAR)
    assert (budget.amount, budget.in_fiscal_budget) == (Decimal("4.00"), True)
    assert budget.history.get().history_user == xs.dg_secretary
    assert SpecialFund.objects.get(committee=xs.dg_v1).amount == Decimal("2.50")
    assert FundEntry.objects.get(reverses=added).amount == Decimal("-1.25")
    body = client.get(ledger_url("committee", xs.dg_v1)).content.decode()
    assert "金额录错" in body and "已冲销" in body and "辅导站建设" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**ENTRY, "amount": "0"}, "大于或等于0.01"),
        ({**ENTRY, "amount": "1.234"}, "小数不超过 2 位"),
        ({**ENTRY, "source": ""}, "这个字段是必填项"),
        ({**ENTRY, "date": f"{YEAR - 1}-12-01"}, "到位日期须在本年度或次年内"),
    ],
)
def test_a_bad_entry_is_refused_in_chinese_and_writes_nothing(xs, client_for, data, message):
    response = client_for(xs.staff).post(ledger_url("entry_create", xs.dg_v1), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FundEntry.objects.exists()


def test_a_reversal_without_a_reason_is_refused(xs, client_for):
    target = entry(xs, xs.dg_v1)
    response = client_for(xs.staff).post(reverse("funding:entry_reverse", kwargs={"pk": target.pk}), {"reason": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert FundEntry.objects.count() == 1


def test_the_overview_shows_each_readable_town_and_the_committees_below_the_standard(xs, client_for):
    entry(xs, xs.dg_v1, "2.00")  # below the village standard (3)
    entry(xs, xs.dg_v2, "3.00")
    entry(xs, xs.eh_v1, "1.00")  # below, in the other town
    body = client_for(xs.dg_secretary).get(reverse("funding:overview", kwargs={"year": YEAR})).content.decode()
    assert "东港镇关工委" in body and "鹅湖镇关工委" not in body
    assert 'data-code="XS01V01"' in body and 'data-code="XS01V02"' not in body and "XS03V01" not in body
    body = client_for(xs.viewer).get(reverse("funding:overview", kwargs={"year": YEAR})).content.decode()
    assert 'data-code="XS01V01"' in body and 'data-code="XS03V01"' in body


def test_the_index_opens_the_latest_year_of_the_ledger(xs, client_for):
    entry(xs, xs.dg_v1)
    response = client_for(xs.viewer).get(reverse("funding:index"))
    assert response.url == reverse("funding:overview", kwargs={"year": YEAR})


def test_a_year_outside_the_ledgers_range_is_not_found(xs, client_for):
    assert client_for(xs.staff).get(reverse("funding:overview", kwargs={"year": 1990})).status_code == 404


def _many_villages(xs, count: int) -> None:
    for n in range(count):
        committee = CommitteeFactory(code=f"XS01V{n + 10:02d}", name=f"村{n}关工委", kind=Kind.VILLAGE, parent=xs.dg)
        entry(xs, committee, "1.00")
        entry(xs, committee, "0.50", date=datetime.date(YEAR, 9, 1))


@pytest.mark.parametrize("count", [2, 12])
def test_the_lists_take_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries, count):
    _many_villages(xs, count)
    for n in range(count):
        entry(xs, xs.dg_v1, "0.10", date=datetime.date(YEAR, 5, n + 1))
    client = client_for(xs.dg_secretary)
    urls = [
        reverse("funding:overview", kwargs={"year": YEAR}),
        reverse("funding:town", kwargs={"year": YEAR, "town_pk": xs.dg.pk}),
        ledger_url("committee", xs.dg_v1),
    ]
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200

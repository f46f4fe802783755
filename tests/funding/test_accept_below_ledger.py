"""Accepting form 2 below the ledger: a committee whose 实际到位, 社会筹措 or 专项经费 is under the
ledger's is refused whole (no negative entry, no edit, not even the budget), the Chinese message
names each difference, and the page lists the entries to reverse with their links; once they are
reversed (with a reason) and the rest entered again, accepting writes the rest."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from funding.models import Budget, FundEntry, FundSource, SpecialFund
from tests.funding.test_form2_link import YEAR, add, build_ledger, submitted_form2


def ledger_url(xs) -> str:
    return reverse("funding:committee", kwargs={"year": YEAR, "committee_pk": xs.dg_v1.pk})


def test_the_service_refuses_the_whole_committee_and_says_by_how_much(xs):
    build_ledger(xs)  # 东港村 2022: 实际到位 3.75 (its latest entries: 0.25 in Jan 2023, 1.00 in Sept)
    before = (FundEntry.objects.count(), SpecialFund.objects.count(), Budget.objects.get(committee=xs.dg_v1, year=YEAR))
    values = {"budget": Decimal("5"), "in_fiscal_budget": True, "in_place": Decimal("3.00"),
              "raised": Decimal("1.50"), "special_funds": Decimal("2.50")}  # fmt: skip
    with pytest.raises(services.BelowLedgerError) as refused:
        services.accept_form_values(actor=xs.staff, committee=xs.dg_v1, year=YEAR, values=values, reason="2023年表2")
    assert (FundEntry.objects.count(), SpecialFund.objects.count()) == before[:2]
    assert Budget.objects.get(pk=before[2].pk).amount == Decimal("4.00")  # not even the budget
    message = " ".join(refused.value.messages)
    assert "实际到位：表中3.00，台账3.75，台账多0.75" in message and "冲销" in message and "东港村关工委" in message
    (below,) = refused.value.below
    assert (below.key, below.difference) == ("in_place", Decimal("0.75"))
    assert [(e.amount, e.source) for e in below.entries] == [
        (Decimal("0.25"), FundSource.OTHER),
        (Decimal("1.00"), FundSource.TOWN_MATCHING),
    ]
    assert below.to_enter_again == Decimal("0.50")


def test_the_page_lists_the_entries_to_reverse_and_writes_nothing(xs, client_for, django_assert_max_num_queries):
    build_ledger(xs)
    sub = submitted_form2(xs, budget="4", in_fiscal_budget="是", in_place="3", raised="1.2", special_funds="1")
    client = client_for(xs.staff)
    url = reverse("surveys:submission_ledger", args=[sub.pk])
    with django_assert_max_num_queries(30):
        page = client.get(url).content.decode()
    row = page[page.index('data-code="XS01V01"') :]
    row = row[: row.index("</tr>")]
    assert "低于台账，未写入" in row and "实际到位：台账（3.75）比表中数字（3.00）多0.75万元" in row
    assert "专项经费：台账（2.50）比表中数字（1.00）多1.50万元" in row and "请在该关工委的经费台账中更正" in row
    for entry in FundEntry.objects.filter(committee=xs.dg_v1, amount__in=[Decimal("0.25"), Decimal("1.00")]):
        assert reverse("funding:entry_reverse", args=[entry.pk]) in row
    assert ledger_url(xs) in row and "冲销后再录入0.50万元" in row
    assert 'name="committee" value="XS01V01"' not in row  # no accept button for it

    count = FundEntry.objects.count()
    response = client.post(url, {"committee": "XS01V01"}, follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    assert "未写入东港村关工委2022年的经费台账" in text and "专项经费：表中1.00，台账2.50，台账多1.50" in text
    assert FundEntry.objects.count() == count and not FundEntry.objects.filter(amount__lt=0, reason="").exists()


def test_after_the_reversals_accepting_brings_the_ledger_to_the_form(xs, client_for):
    build_ledger(xs)
    sub = submitted_form2(xs, budget="4", in_fiscal_budget="是", in_place="3", raised="1.5", special_funds="2.5")
    client = client_for(xs.staff)
    url = reverse("surveys:submission_ledger", args=[sub.pk])
    late = FundEntry.objects.get(committee=xs.dg_v1, amount=Decimal("0.25"))
    september = FundEntry.objects.get(committee=xs.dg_v1, amount=Decimal("1.00"))
    for entry in (late, september):
        reversed_page = client.post(reverse("funding:entry_reverse", args=[entry.pk]), {"reason": "与表2核对，多记"})
        assert reversed_page.status_code == 302
    add(xs, xs.dg_v1, "0.50", FundSource.TOWN_MATCHING, date=datetime.date(YEAR, 9, 1))
    client.post(url, {"committee": "XS01V01"})
    written = FundEntry.objects.filter(committee=xs.dg_v1, note__contains="2023")
    assert [(e.source, e.amount) for e in written] == [(FundSource.SOCIAL, Decimal("0.30"))]
    reversals = FundEntry.objects.filter(committee=xs.dg_v1, amount__lt=0)
    assert reversals.count() == 3 and all(r.reverses_id and r.reason for r in reversals)
    page = client.get(url).content.decode()
    row = page[page.index('data-code="XS01V01"') :]
    assert "低于台账" not in row[: row.index("</tr>")] and "与台账一致" in row[: row.index("</tr>")]

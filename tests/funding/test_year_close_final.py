"""A closed ledger year is final: no one reopens it (not the model, not the django-admin, no URL);
it takes only reversing entries with a reason — on the pages and in Excel —, its subsidies are no
longer computed or changed, and form 2 shows its figures as final with the mid-year ratio."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import get_resolver, reverse
from django.utils import translation

from committees.imports.common import import_apply
from committees.models import Committee
from funding import services
from funding.excel import TABLES
from funding.excel.specs import BUDGET_SHEET, ENTRY_SHEET
from funding.models import Budget, FundEntry, SpecialFund, SubsidyKind, SubsidyPayment, YearClose, YearCloseFinal
from funding.subsidies import payment_confirm, payments_compute
from tests.factories import PersonFactory, UserFactory
from tests.funding.test_form2_link import ROUND, YEAR, build_ledger
from tests.funding.test_ledger_excel import counts, edit, export, plan_of
from tests.surveys.conftest import open_round, submission


def close(xs, *committees) -> None:
    services.year_close(
        actor=xs.staff, committees=Committee.objects.filter(pk__in=[c.pk for c in committees]), year=YEAR
    )


def test_no_one_reopens_a_closed_year(xs):
    close(xs, xs.dg_v1)
    closing = YearClose.objects.get(committee=xs.dg_v1, year=YEAR)
    with pytest.raises(YearCloseFinal):
        closing.delete()
    closing.year = YEAR + 1
    with pytest.raises(YearCloseFinal):
        closing.save()
    assert YearClose.objects.filter(committee=xs.dg_v1, year=YEAR).count() == 1
    # No page reopens a year, and the django-admin doesn't list closings.
    names = [str(p.name) for p in get_resolver("funding.urls").url_patterns if getattr(p, "name", None)]
    assert "year_close" in names and not [n for n in names if "open" in n]
    assert YearClose not in admin.site._registry


def test_the_admin_leaves_a_closed_years_budget_and_funds_alone(xs):
    build_ledger(xs)
    close(xs, xs.dg_v1)
    request = RequestFactory().get("/")
    request.user = UserFactory(username="root", is_superuser=True, is_staff=True)
    closed_budget = Budget.objects.get(committee=xs.dg_v1, year=YEAR)
    open_budget = Budget.objects.get(committee=xs.dg_v2, year=YEAR)
    budgets, funds, entries = (admin.site._registry[m] for m in (Budget, SpecialFund, FundEntry))
    assert not budgets.has_change_permission(request, closed_budget)
    assert not budgets.has_delete_permission(request, closed_budget)
    assert budgets.has_change_permission(request, open_budget)
    fund = SpecialFund.objects.get(committee=xs.dg_v1, approved_on__year=YEAR)
    assert not funds.has_change_permission(request, fund) and not funds.has_delete_permission(request, fund)
    assert not entries.has_add_permission(request) and not entries.has_change_permission(request)


def test_a_correction_after_closing_is_a_reversal_with_a_reason_on_the_page(xs, client_for):
    build_ledger(xs)
    close(xs, xs.dg_v1)
    entry = FundEntry.objects.get(committee=xs.dg_v1, amount=Decimal("2.00"))
    client = client_for(xs.staff)
    url = reverse("funding:entry_reverse", args=[entry.pk])
    assert client.post(url, {"reason": " "}).status_code == 200  # no reason: refused
    assert not FundEntry.objects.filter(reverses=entry).exists()
    assert client.post(url, {"reason": "结账后发现凭证重复"}).status_code == 302
    reversal = FundEntry.objects.get(reverses=entry)
    assert (reversal.amount, reversal.year, reversal.reason) == (Decimal("-2.00"), YEAR, "结账后发现凭证重复")
    assert reversal.history.get().history_user == xs.staff


@pytest.fixture
def chinese():
    with translation.override("zh-hans"):
        yield


def test_excel_takes_only_reversals_into_a_closed_year(xs, chinese):
    build_ledger(xs)
    close(xs, xs.dg_v1)
    assert counts(plan_of("entries", xs.admin, export("entries", xs.admin)))[3] == 0  # round trip: fine
    new = {"单位编码": xs.dg_v1.code, "年度": YEAR, "到位日期": "2022-05-01", "金额（万元）": 1, "资金来源": "镇级配套"}
    plan = plan_of("entries", xs.admin, edit(export("entries", xs.admin), ENTRY_SHEET, new, append=True))
    (error,) = plan.errors
    assert "年度" in str(error) and "已结账" in str(error) and "冲销" in str(error)
    target = FundEntry.objects.get(committee=xs.dg_v1, amount=Decimal("2.00"))
    reversal = {"单位编码": xs.dg_v1.code, "年度": YEAR, "到位日期": "2022-03-01", "金额（万元）": -2,
                "资金来源": "财政拨款", "冲销条目编号": target.pk, "更正原因": "结账后更正"}  # fmt: skip
    plan = plan_of("entries", xs.admin, edit(export("entries", xs.admin), ENTRY_SHEET, reversal, append=True))
    assert counts(plan)[0] == 1 and not plan.errors
    import_apply(TABLES["entries"], user=xs.admin, plan=plan)
    assert FundEntry.objects.get(reverses=target).reason == "结账后更正"
    # A closed year's budget: unchanged it passes, changed it is a cell error; another's changes.
    assert counts(plan_of("budgets", xs.admin, export("budgets", xs.admin)))[1:] == (0, 2, 0)
    data = export("budgets", xs.admin)
    rows = {row: code for row, code in enumerate([xs.dg_v1.code, xs.dg_v2.code], start=2)}
    for row in rows:
        data = edit(data, BUDGET_SHEET, {"预算金额（万元）": 9}, row=row)
    plan = plan_of("budgets", xs.admin, data)
    assert len(plan.errors) == 1 and "已结账" in str(plan.errors[0]) and xs.dg_v1.name in str(plan.errors[0])
    assert Budget.objects.get(committee=xs.dg_v1, year=YEAR).amount == Decimal("4.00")


def test_a_closed_years_subsidies_are_no_longer_computed_or_changed(xs):
    person = PersonFactory()
    payment = SubsidyPayment.objects.create(
        person=person, committee=xs.dg_v1, year=YEAR, kind=SubsidyKind.RESIDENT_EXECUTIVE_DEPUTY, months=12,
        computed=Decimal("0.30"), amount=Decimal("0.30"),
    )  # fmt: skip
    close(xs, xs.dg_v1)
    result = payments_compute(actor=xs.staff, committees=Committee.objects.filter(pk=xs.dg_v1.pk), year=YEAR)
    assert (result.removed, SubsidyPayment.objects.filter(pk=payment.pk).exists()) == (0, True)  # not owed, kept
    with pytest.raises(Exception, match="结账|closed"):
        payment_confirm(actor=xs.staff, payment=payment)
    assert SubsidyPayment.objects.get(pk=payment.pk).confirmed_at is None


def test_form_2_shows_a_closed_year_as_final_with_its_mid_year_ratio(xs, client_for):
    build_ledger(xs)  # 东港村 by 30 June: 财政拨款 2.00 + 以奖代补 0.50 (the 7.00 reversed); lower bound 3
    close(xs, xs.dg_v1)
    sub = submission(open_round(xs, ROUND), xs.dg, 2)
    page = client_for(xs.staff).get(reverse("surveys:submission_detail", args=[sub.pk])).content.decode()
    row = page[page.index("东港村关工委") :]
    row = row[: row.index("</th>")]
    assert "台账已结账（决算数）" in row and "截至2022年6月30日到位2.50万元，为标准下限的83.3%" in row
    other = page[page.index("港下社区关工委") :]
    assert "台账已结账" not in other[: other.index("</th>")]

"""A year's five-old subsidy payments in and out of Excel: the export read back plans no change; an
unconfirmed payment's amount and note change with history; a confirmed payment, another town's
payment, an unknown number, a wrong type, a negative amount, a blank required cell and a
duplicate row are each a Chinese cell error that writes nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from committees.imports.common import import_apply, import_plan
from funding import subsidies
from funding.excel import TABLES, ledger_export
from funding.excel.specs import SUBSIDY_SHEET
from funding.models import SubsidyPayment
from tests.funding.conftest import YEAR
from tests.funding.test_ledger_excel import counts, edit

TABLE = TABLES["subsidies"]


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def export(user, committee=None) -> bytes:
    return ledger_export(TABLE, user, YEAR, committee, title="测试")


def plan_of(user, data: bytes):
    return import_plan(TABLE, user=user, data=data)


def amounts() -> dict[int, tuple]:
    return {p.pk: (p.amount, p.note, p.confirmed_at) for p in SubsidyPayment.objects.all()}


def test_a_round_trip_of_the_export_plans_no_change(xs, paid):
    subsidies.payment_confirm(actor=xs.admin, payment=paid["eh"])
    plan = plan_of(xs.admin, export(xs.admin))
    assert counts(plan) == (0, 0, 2, 0)
    before = amounts()
    import_apply(TABLE, user=xs.admin, plan=plan)
    assert amounts() == before


def test_an_unconfirmed_amount_and_note_change_with_history(xs, paid):
    data = edit(export(xs.dg_secretary), SUBSIDY_SHEET, {"补贴金额（万元）": 0.45, "备注": "下半年到任"})
    plan = plan_of(xs.dg_secretary, data)
    assert counts(plan) == (0, 1, 0, 0)
    assert plan.summary()["changed"][0]["changes"][0] == ["补贴金额（万元）", "0.60", "0.45"]
    import_apply(TABLE, user=xs.dg_secretary, plan=plan)
    payment = SubsidyPayment.objects.get(pk=paid["dg"].pk)
    assert (payment.amount, payment.note, payment.computed) == (Decimal("0.45"), "下半年到任", Decimal("0.60"))
    latest = payment.history.first()
    assert latest.history_user == xs.dg_secretary and latest.amount == Decimal("0.45")
    subsidies.payments_compute(actor=xs.admin, committees=xs.dg.__class__.objects.all(), year=YEAR)
    assert SubsidyPayment.objects.get(pk=payment.pk).amount == Decimal("0.45")  # kept by a recompute


def row_of(payment) -> dict:
    return {"补贴编号": payment.pk, "单位编码": payment.committee.code, "单位名称": payment.committee.name,
            "年度": YEAR, "姓名": payment.person.name, "补贴金额（万元）": 0.5}  # fmt: skip


BAD = {
    "wrong type": ({"补贴金额（万元）": "五千"}, "补贴金额（万元）", "数"),
    "negative amount": ({"补贴金额（万元）": -0.1}, "补贴金额（万元）", "不能小于"),
    "blank required": ({"补贴金额（万元）": ""}, "补贴金额（万元）", "必须填写"),
    "unknown number": ({"补贴编号": 999999}, "补贴编号", "不在您的权限范围内"),
    "unknown committee": ({"单位编码": "NOPE"}, "单位编码", "不在您的权限范围内"),
    "another person": ({"姓名": "张三"}, "姓名", "不符"),
}


@pytest.mark.parametrize("kind", BAD)
def test_each_kind_of_bad_cell_is_a_chinese_error_that_writes_nothing(xs, client_for, paid, kind):
    change, header, words = BAD[kind]
    data = edit(export(xs.dg_secretary), SUBSIDY_SHEET, {**row_of(paid["dg"]), **change})
    client = client_for(xs.dg_secretary)
    before = amounts()
    response = client.post(reverse("funding:subsidies_upload"), {"file": io.BytesIO(data)})
    summary = response.context["summary"]
    assert summary["counts"]["errors"] == 1 and not summary["ok"], summary["errors"]
    error = summary["errors"][0]
    assert f"“{SUBSIDY_SHEET}”" in error and "第2行" in error and f"“{header}”" in error and words in error, error
    assert client.post(reverse("funding:subsidies_confirm")).status_code == 302
    assert amounts() == before


def test_a_confirmed_payment_is_a_cell_error_and_nothing_changes(xs, client_for, paid):
    subsidies.payment_confirm(actor=xs.admin, payment=paid["dg"])
    subsidies.payment_confirm(actor=xs.admin, payment=paid["eh"])
    data = edit(export(xs.admin), SUBSIDY_SHEET, {"补贴金额（万元）": 0.1})
    data = edit(data, SUBSIDY_SHEET, {"备注": "改"}, row=3)
    plan = plan_of(xs.admin, data)
    assert [e.column for e in plan.errors] == ["补贴金额（万元）", "备注"]
    assert all("已确认，不能再修改" in str(e) for e in plan.errors)
    before = amounts()
    with pytest.raises(ValidationError):
        import_apply(TABLE, user=xs.admin, plan=plan)
    assert amounts() == before


def test_another_towns_payment_is_out_of_scope(xs, paid):
    data = edit(export(xs.dg_secretary), SUBSIDY_SHEET, row_of(paid["eh"]), append=True)
    plan = plan_of(xs.dg_secretary, data)
    assert len(plan.errors) == 1 and paid["eh"].committee.code in str(plan.errors[0])
    # the other town's number under one's own committee code is as unknown as a number never issued
    data = edit(export(xs.dg_secretary), SUBSIDY_SHEET, {"补贴编号": paid["eh"].pk})
    plan = plan_of(xs.dg_secretary, data)
    assert [e.column for e in plan.errors] == ["补贴编号"] and "不在您的权限范围内" in str(plan.errors[0])


def test_a_duplicate_row_is_an_error(xs, paid):
    data = edit(export(xs.dg_secretary), SUBSIDY_SHEET, row_of(paid["dg"]), append=True)
    plan = plan_of(xs.dg_secretary, data)
    assert len(plan.errors) == 1 and "重复" in str(plan.errors[0]) and plan.errors[0].row == 3


def test_the_pages_offer_the_export_and_the_upload(xs, client_for, paid):
    list_url = reverse("funding:subsidies", kwargs={"year": YEAR})
    secretary = client_for(xs.dg_secretary).get(list_url).content.decode()
    assert reverse("funding:subsidies_upload") in secretary
    assert reverse("funding:subsidies_upload") not in client_for(xs.viewer).get(list_url).content.decode()
    upload = client_for(xs.dg_secretary).get(reverse("funding:subsidies_upload")).content.decode()
    assert reverse("funding:subsidy_export", kwargs={"year": YEAR}) in upload
    assert client_for(xs.dg_viewer).get(reverse("funding:subsidies_upload")).status_code == 403


def test_a_payment_of_a_closed_ledger_year_is_a_cell_error_and_nothing_changes(xs, paid):
    from funding.models import YearClose

    YearClose.objects.create(committee=paid["dg"].committee, year=YEAR)
    data = edit(export(xs.dg_secretary), SUBSIDY_SHEET, {"补贴金额（万元）": 0.45})
    plan = plan_of(xs.dg_secretary, data)
    assert [e.column for e in plan.errors] == ["补贴金额（万元）"]
    assert "已结账" in str(plan.errors[0])
    before = amounts()
    with pytest.raises(ValidationError):
        import_apply(TABLE, user=xs.dg_secretary, plan=plan)
    assert amounts() == before

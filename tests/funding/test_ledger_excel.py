"""Budgets and fund entries in and out of Excel: round trips plan no change, each kind of bad
input is a Chinese cell error that writes nothing, codes are looked up in the uploader's scope,
entries are append-only (a correction reverses an entry by its number), budgets upsert with history."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from committees.imports.common import import_apply, import_plan
from funding import services
from funding.excel import TABLES, ledger_export
from funding.excel.specs import BUDGET_SHEET, ENTRY_SHEET
from funding.models import Budget, FundEntry, FundSource
from tests.xlsx import book_bytes

YEAR = 2022


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def add_entry(xs, committee, amount="2.00") -> FundEntry:
    return services.entry_add(
        actor=xs.admin,
        committee=committee,
        year=YEAR,
        date=datetime.date(YEAR, 3, 1),
        amount=Decimal(amount),
        source=FundSource.FISCAL,
        document="锡财〔2022〕1号",
    )


@pytest.fixture
def ledger(xs):
    for committee in (xs.dg_v1, xs.eh_v1):
        services.budget_set(
            actor=xs.admin, committee=committee, year=YEAR, amount=Decimal("3.00"), in_fiscal_budget=True
        )
    first = add_entry(xs, xs.dg_v1)
    services.entry_reverse(actor=xs.admin, entry=first, reason="错账")
    add_entry(xs, xs.dg_v1, "1.50")
    add_entry(xs, xs.eh_v1, "4.00")
    return first


def export(table: str, user, town=None) -> bytes:
    return ledger_export(TABLES[table], user, YEAR, town, title="测试")


def plan_of(table: str, user, data: bytes):
    return import_plan(TABLES[table], user=user, data=data)


def edit(data: bytes, sheet: str, changes: dict[str, object], *, row: int = 2, append: bool = False) -> bytes:
    """The workbook with cells of one data row set by header (or a new row after the last)."""
    book = load_workbook(io.BytesIO(data))
    ws = book[sheet]
    headers = {str(c.value).split("\n")[0]: c.column for c in ws[1] if c.value}
    if append:
        row = ws.max_row + 1
    for header, value in changes.items():
        ws.cell(row, headers[header], value)
    return book_bytes(book)


def counts(plan) -> tuple[int, int, int, int]:
    return len(plan.new), len(plan.changed), len(plan.unchanged), len(plan.errors)


@pytest.mark.parametrize("table", ["budgets", "entries"])
def test_a_round_trip_of_each_export_plans_no_change(xs, ledger, table):
    plan = plan_of(table, xs.admin, export(table, xs.admin))
    assert counts(plan) == (0, 0, 4 if table == "entries" else 2, 0)
    import_apply(TABLES[table], user=xs.admin, plan=plan)
    assert FundEntry.objects.count() == 4 and Budget.objects.count() == 2


def test_the_export_keeps_to_the_town_and_the_readers_scope(xs, ledger):
    sheet = load_workbook(io.BytesIO(export("entries", xs.dg_secretary)))[ENTRY_SHEET]
    codes = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {xs.dg_v1.code}
    sheet = load_workbook(io.BytesIO(export("budgets", xs.admin, xs.eh)))[BUDGET_SHEET]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [xs.eh_v1.code]


def test_new_entries_and_a_correction_are_added_with_history(xs, ledger):
    target = FundEntry.objects.get(committee=xs.dg_v1, amount=Decimal("1.50"))
    data = export("entries", xs.dg_secretary)
    new = {
        "单位编码": xs.dg_v1.code,
        "年度": YEAR,
        "到位日期": "2022-05-01",
        "金额（万元）": 2.25,
        "资金来源": "镇级配套",
    }
    data = edit(data, ENTRY_SHEET, new, append=True)
    reversal = {"单位编码": xs.dg_v1.code, "年度": YEAR, "到位日期": "2022-03-01", "金额（万元）": -1.5,
                "资金来源": "财政拨款", "冲销条目编号": target.pk, "更正原因": "重复录入"}  # fmt: skip
    data = edit(data, ENTRY_SHEET, reversal, append=True)
    plan = plan_of("entries", xs.dg_secretary, data)
    assert counts(plan) == (2, 0, 3, 0), [str(e) for e in plan.errors]
    import_apply(TABLES["entries"], user=xs.dg_secretary, plan=plan)
    added = FundEntry.objects.get(amount=Decimal("2.25"))
    assert added.source == FundSource.TOWN_MATCHING and added.created_by == xs.dg_secretary
    assert FundEntry.objects.get(reverses=target).reason == "重复录入"
    assert added.history.get().history_user == xs.dg_secretary
    assert counts(plan_of("entries", xs.dg_secretary, export("entries", xs.dg_secretary))) == (0, 0, 5, 0)


def test_a_changed_amount_on_an_existing_entry_asks_for_a_correction(xs, ledger):
    target = FundEntry.objects.get(amount=Decimal("1.50"))
    data = export("entries", xs.admin)
    book = load_workbook(io.BytesIO(data))
    row = next(c.row for c in book[ENTRY_SHEET]["A"] if c.value == target.pk)
    plan = plan_of("entries", xs.admin, edit(data, ENTRY_SHEET, {"金额（万元）": 1.6}, row=row))
    assert [e.row for e in plan.errors] == [row]
    assert "更正" in str(plan.errors[0]) and "金额（万元）" in str(plan.errors[0])


def test_budgets_upsert_by_committee_and_year_with_history(xs, ledger):
    data = edit(export("budgets", xs.admin), BUDGET_SHEET, {"预算金额（万元）": 5})
    data = edit(data, BUDGET_SHEET, {"单位编码": xs.dg.code, "年度": YEAR, "预算金额（万元）": 20, "纳入财政预算": "否"},
                append=True)  # fmt: skip
    plan = plan_of("budgets", xs.admin, data)
    assert counts(plan) == (1, 1, 1, 0)
    import_apply(TABLES["budgets"], user=xs.admin, plan=plan)
    changed = Budget.objects.get(committee=xs.dg_v1, year=YEAR)
    assert changed.amount == Decimal("5.00")
    assert [h.amount for h in changed.history.order_by("history_id")] == [Decimal("3.00"), Decimal("5.00")]
    assert Budget.objects.get(committee=xs.dg).in_fiscal_budget is False


NEW_ROW = {"年度": YEAR, "到位日期": "2022-05-01", "金额（万元）": 1, "资金来源": "财政拨款"}
BAD_ENTRIES = {
    "unknown code": ({"单位编码": "NOPE"}, "单位编码", "不在您的权限范围内"),
    "bad amount": ({"金额（万元）": "一万"}, "金额（万元）", "数"),
    "negative": ({"金额（万元）": -1}, "金额（万元）", "大于零"),
    "bad date": ({"到位日期": "2022-13-45"}, "到位日期", "日期"),
    "date outside the year": ({"到位日期": "2020-01-01"}, "到位日期", "年"),
    "bad source": ({"资金来源": "天上掉的"}, "资金来源", "财政拨款"),
}


@pytest.mark.parametrize("kind", BAD_ENTRIES)
def test_each_kind_of_bad_entry_is_a_chinese_cell_error_and_writes_nothing(xs, client_for, ledger, kind):
    change, header, words = BAD_ENTRIES[kind]
    row = {"单位编码": xs.dg_v1.code, **NEW_ROW, **change}
    data = edit(export("entries", xs.dg_secretary), ENTRY_SHEET, row, append=True)
    client = client_for(xs.dg_secretary)
    response = client.post(
        reverse("funding:entries_upload"), {"file": io.BytesIO(data)}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    summary = response.context["summary"]
    assert summary["counts"]["errors"] == 1 and not summary["ok"]
    error = summary["errors"][0]
    assert f"“{ENTRY_SHEET}”" in error and f"“{header}”" in error and words in error, error
    assert client.post(reverse("funding:entries_confirm")).status_code == 302
    assert FundEntry.objects.count() == 4


def test_a_secretary_importing_a_code_of_another_town_gets_an_error_naming_it(xs, ledger):
    for table, sheet, row in (
        ("entries", ENTRY_SHEET, {"单位编码": xs.eh_v1.code, **NEW_ROW}),
        (
            "budgets",
            BUDGET_SHEET,
            {"单位编码": xs.eh_v1.code, "年度": YEAR, "预算金额（万元）": 1, "纳入财政预算": "是"},
        ),
    ):
        data = edit(export(table, xs.dg_secretary), sheet, row, append=True)
        plan = plan_of(table, xs.dg_secretary, data)
        assert len(plan.errors) == 1 and xs.eh_v1.code in str(plan.errors[0])
        with pytest.raises(ValidationError):
            import_apply(TABLES[table], user=xs.dg_secretary, plan=plan)
    assert FundEntry.objects.count() == 4 and Budget.objects.count() == 2


def test_a_missing_required_column_and_duplicates_are_errors(xs, ledger):
    book = load_workbook(io.BytesIO(export("budgets", xs.admin)))
    book[BUDGET_SHEET].delete_cols(4)  # 预算金额（万元）
    plan = plan_of("budgets", xs.admin, book_bytes(book))
    assert "预算金额（万元）" in str(plan.errors[0]) and "缺少" in str(plan.errors[0])
    data = export("budgets", xs.admin)
    row = {"单位编码": xs.dg_v1.code, "年度": YEAR, "预算金额（万元）": 9, "纳入财政预算": "是"}
    plan = plan_of("budgets", xs.admin, edit(data, BUDGET_SHEET, row, append=True))
    assert len(plan.errors) == 1 and "重复" in str(plan.errors[0])
    target = FundEntry.objects.get(amount=Decimal("1.50"))
    reversal = {"单位编码": xs.dg_v1.code, "年度": YEAR, "到位日期": "2022-03-01", "金额（万元）": -1.5,
                "资金来源": "财政拨款", "冲销条目编号": target.pk, "更正原因": "重复"}  # fmt: skip
    data = edit(
        edit(export("entries", xs.admin), ENTRY_SHEET, reversal, append=True), ENTRY_SHEET, reversal, append=True
    )
    plan = plan_of("entries", xs.admin, data)
    assert len(plan.errors) == 1 and "重复" in str(plan.errors[0])
    assert Budget.objects.get(committee=xs.dg_v1).amount == Decimal("3.00")


def test_the_pages_export_upload_and_confirm(xs, client_for, ledger):
    client = client_for(xs.dg_secretary)
    response = client.get(reverse("funding:entries_town_export", args=[YEAR, xs.dg.pk]))
    assert response.status_code == 200 and ".xlsx" in response["Content-Disposition"]
    data = b"".join(response.streaming_content) if response.streaming else response.content
    data = edit(data, ENTRY_SHEET, {"单位编码": xs.dg_v1.code, **NEW_ROW}, append=True)
    assert client.get(reverse("funding:entries_upload")).status_code == 200
    response = client.post(reverse("funding:entries_upload"), {"file": io.BytesIO(data)})
    assert response.context["summary"]["counts"]["new"] == 1
    assert client.post(reverse("funding:entries_confirm")).status_code == 302
    assert FundEntry.objects.count() == 5
    assert client.get(reverse("funding:budgets_export", args=[YEAR])).status_code == 200
    assert client_for(xs.dg_viewer).get(reverse("funding:entries_upload")).status_code == 403


@pytest.mark.parametrize(("table", "sheet"), [("budgets", BUDGET_SHEET), ("entries", ENTRY_SHEET)])
def test_each_export_prints_its_columns_on_one_landscape_page(xs, ledger, table, sheet):
    ws = load_workbook(io.BytesIO(export(table, xs.admin)))[sheet]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0


def test_the_town_page_links_its_exports(xs, client_for, ledger):
    html = client_for(xs.dg_secretary).get(reverse("funding:town", args=[YEAR, xs.dg.pk])).content.decode()
    for table in ("budgets", "entries"):
        assert reverse(f"funding:{table}_town_export", args=[YEAR, xs.dg.pk]) in html

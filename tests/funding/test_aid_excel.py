"""Donors, study-aid programmes, sessions and donations in and out of Excel: each export read back
plans no change; rows create and update with history; a wrong type, an unknown or out-of-scope
key, a negative amount, a blank required cell and a duplicate row are each a Chinese cell error
(sheet, row, column, value) that writes nothing; no sheet holds a student's name."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from committees.imports.common import import_apply, import_plan
from committees.models import Kind
from funding import donation_services as services
from funding.donation_models import AidProgramme, AidSession, Donation, Donor, DonorKind
from funding.excel import TABLES, ledger_export
from funding.excel.aid_specs import DONATION_SHEET, DONOR_SHEET, PROGRAMME_SHEET, SESSION_SHEET
from tests.factories import CommitteeFactory
from tests.funding.test_ledger_excel import counts, edit

YEAR = 2022
SHEETS = {"donors": DONOR_SHEET, "programmes": PROGRAMME_SHEET, "sessions": SESSION_SHEET, "donations": DONATION_SHEET}


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def aid(xs):
    """In each town: an enterprise donor, a programme with two sessions, a donation to it."""
    made = {}
    for side, town in (("dg", xs.dg), ("eh", xs.eh)):
        enterprise = CommitteeFactory(kind=Kind.ENTERPRISE, parent=town, name=f"{side}机械厂关工委")
        donor = services.donor_add(actor=xs.admin, committee=town, name=f"{side}机械厂", kind=DonorKind.ENTERPRISE,
                                   enterprise=enterprise)  # fmt: skip
        programme = services.programme_save(
            actor=xs.admin, programme=AidProgramme(committee=town), name="希望之星", first_year=2006
        )
        for number in (1, 2):
            services.session_save(actor=xs.admin, session=AidSession(programme=programme), donors=[donor], year=YEAR,
                                  number=number, amount=Decimal("2.50"), students=30, awards=30)  # fmt: skip
        services.donation_add(actor=xs.admin, donor=donor, committee=town, year=YEAR,
                              date=datetime.date(YEAR, 5, 1), amount=Decimal("5.00"), programme=programme)  # fmt: skip
        made[side] = {"enterprise": enterprise, "donor": donor, "programme": programme}
    return made


def export(table: str, user) -> bytes:
    return ledger_export(TABLES[table], user, YEAR if TABLES[table].yearly else None, title="测试")


def plan_of(table: str, user, data: bytes):
    return import_plan(TABLES[table], user=user, data=data)


def snapshot() -> dict:
    models = (Donor, AidProgramme, AidSession, Donation)
    return {m.__name__: sorted(map(str, m.objects.values_list())) for m in models}


@pytest.mark.parametrize("table", SHEETS)
def test_a_round_trip_of_each_export_plans_no_change(xs, aid, table):
    plan = plan_of(table, xs.admin, export(table, xs.admin))
    assert counts(plan) == (0, 0, 4 if table == "sessions" else 2, 0), [str(e) for e in plan.errors]
    before = snapshot()
    import_apply(TABLES[table], user=xs.admin, plan=plan)
    assert snapshot() == before


@pytest.mark.parametrize("table", SHEETS)
def test_a_secretarys_export_keeps_to_the_town(xs, aid, table):
    rows = list(load_workbook(io.BytesIO(export(table, xs.dg_secretary)))[SHEETS[table]].iter_rows(values_only=True))
    flat = " ".join(str(v) for row in rows for v in row if v is not None)
    assert xs.dg.code in flat and xs.eh.code not in flat and "eh机械厂" not in flat


def test_donors_and_programmes_upsert_by_their_names_with_history(xs, aid):
    data = edit(export("donors", xs.dg_secretary), DONOR_SHEET, {"备注": "长期捐助"})
    new = {"登记单位编码": xs.dg_v1.code, "捐赠方名称": "王先生", "捐赠方类别": "个人（成年人）"}
    plan = plan_of("donors", xs.dg_secretary, edit(data, DONOR_SHEET, new, append=True))
    assert counts(plan) == (1, 1, 0, 0), [str(e) for e in plan.errors]
    import_apply(TABLES["donors"], user=xs.dg_secretary, plan=plan)
    assert Donor.objects.get(pk=aid["dg"]["donor"].pk).note == "长期捐助"
    added = Donor.objects.get(name="王先生")
    assert added.committee == xs.dg_v1 and added.kind == DonorKind.INDIVIDUAL
    assert added.history.get().history_user == xs.dg_secretary
    data = edit(export("programmes", xs.dg_secretary), PROGRAMME_SHEET, {"项目简介": "每年两期"})
    new = {"主办单位编码": xs.dg_v1.code, "项目名称": "红领巾基金", "起始年份": 2015}
    plan = plan_of("programmes", xs.dg_secretary, edit(data, PROGRAMME_SHEET, new, append=True))
    assert counts(plan) == (1, 1, 0, 0)
    import_apply(TABLES["programmes"], user=xs.dg_secretary, plan=plan)
    assert AidProgramme.objects.get(pk=aid["dg"]["programme"].pk).description == "每年两期"
    assert AidProgramme.objects.get(name="红领巾基金").history.get().history_user == xs.dg_secretary


def test_sessions_and_donations_create_and_update(xs, aid):
    data = edit(export("sessions", xs.dg_secretary), SESSION_SHEET, {"受助学生人数": 31})
    new = {"主办单位编码": xs.dg.code, "项目名称": "希望之星", "期数": 3, "年度": YEAR, "资助金额（万元）": 1.2,
           "受助学生人数": 12}  # fmt: skip
    plan = plan_of("sessions", xs.dg_secretary, edit(data, SESSION_SHEET, new, append=True))
    assert counts(plan) == (1, 1, 1, 0), [str(e) for e in plan.errors]
    import_apply(TABLES["sessions"], user=xs.dg_secretary, plan=plan)
    assert sorted(AidSession.objects.filter(programme=aid["dg"]["programme"]).values_list("students", flat=True)) == [
        12, 30, 31]  # fmt: skip
    data = edit(export("donations", xs.dg_secretary), DONATION_SHEET, {"金额（万元）": 6})
    new = {"受赠单位编码": xs.dg_v1.code, "年度": YEAR, "捐赠日期": "2022-09-01", "捐赠方名称": "dg机械厂",
           "金额（万元）": 0.8, "助学项目": "希望之星"}  # fmt: skip
    plan = plan_of("donations", xs.dg_secretary, edit(data, DONATION_SHEET, new, append=True))
    assert counts(plan) == (1, 1, 0, 0), [str(e) for e in plan.errors]
    import_apply(TABLES["donations"], user=xs.dg_secretary, plan=plan)
    town = Donation.objects.filter(committee__path__startswith=xs.dg.path)
    assert sorted(town.values_list("amount", flat=True)) == [Decimal("0.80"), Decimal("6.00")]
    assert town.get(amount=Decimal("0.80")).programme == aid["dg"]["programme"]
    assert plan_of("donations", xs.dg_secretary, export("donations", xs.dg_secretary)).errors == []


# (table, the row's cells, the header of the error, words of the message)
BAD = {
    "wrong type": ("sessions", {"受助学生人数": "三十"}, "受助学生人数", "数"),
    "negative amount": ("sessions", {"资助金额（万元）": -1}, "资助金额（万元）", "不能小于"),
    "blank required": ("donations", {"捐赠方名称": ""}, "捐赠方名称", "必须填写"),
    "unknown key": ("sessions", {"项目名称": "没有的项目", "期数": 9}, "项目名称", "助学项目"),
    "unknown donor": ("donations", {"捐赠方名称": "无名氏"}, "捐赠方名称", "找不到"),
    "out-of-scope key": ("donors", {"所属企业关工委编码": "EH-ENT"}, "所属企业关工委编码", "不在您的权限范围内"),
    "out-of-scope committee": ("programmes", {"主办单位编码": "XS02"}, "主办单位编码", "不在您的权限范围内"),
    "date outside the year": ("donations", {"捐赠日期": "2021-12-31"}, "捐赠日期", "年"),
    "wrong kind": ("donors", {"捐赠方类别": "外星人"}, "捐赠方类别", "企业"),
}


@pytest.mark.parametrize("kind", BAD)
def test_each_kind_of_bad_cell_is_a_chinese_error_that_writes_nothing(xs, client_for, aid, kind):
    table, change, header, words = BAD[kind]
    change = {k: aid["eh"]["enterprise"].code if v == "EH-ENT" else v for k, v in change.items()}
    change = {k: xs.eh.code if v == "XS02" else v for k, v in change.items()}
    data = edit(export(table, xs.dg_secretary), SHEETS[table], change)
    client = client_for(xs.dg_secretary)
    before = snapshot()
    response = client.post(reverse(f"funding:{table}_upload"), {"file": io.BytesIO(data)})
    summary = response.context["summary"]
    assert summary["counts"]["errors"] == 1 and not summary["ok"], summary["errors"]
    error = summary["errors"][0]
    assert f"“{SHEETS[table]}”" in error and "第2行" in error and f"“{header}”" in error and words in error, error
    assert "确认导入" not in response.content.decode()
    assert client.post(reverse(f"funding:{table}_confirm")).status_code == 302
    assert snapshot() == before


@pytest.mark.parametrize("table", SHEETS)
def test_a_duplicate_row_is_an_error_and_nothing_is_written(xs, aid, table):
    data = export(table, xs.dg_secretary)
    first = next(load_workbook(io.BytesIO(data))[SHEETS[table]].iter_rows(min_row=1, max_row=2, values_only=True))
    second = list(load_workbook(io.BytesIO(data))[SHEETS[table]].iter_rows(min_row=2, max_row=2, values_only=True))[0]
    row = {header.split("\n")[0]: value for header, value in zip(first, second, strict=True) if value is not None}
    plan = plan_of(table, xs.dg_secretary, edit(data, SHEETS[table], row, append=True))
    assert len(plan.errors) == 1 and "重复" in str(plan.errors[0]), [str(e) for e in plan.errors]
    with pytest.raises(ValidationError):
        import_apply(TABLES[table], user=xs.dg_secretary, plan=plan)


def test_no_sheet_has_a_column_for_a_students_name():
    for table in SHEETS:
        headers = [c.header for c in TABLES[table].spec().columns]
        assert not [h for h in headers if "学生" in h and "人数" not in h], headers
    fields = {f.name for m in apps.get_app_config("funding").get_models() for f in m._meta.fields}
    assert not {"student", "student_name", "child"} & fields


def test_the_pages_link_the_exports_and_uploads(xs, client_for, aid):
    pages = {
        reverse("funding:donors"): ("donors_export", "donors_upload"),
        reverse("funding:aid_programmes", args=[YEAR]): ("programmes_export", "sessions_upload"),
        reverse("funding:donations", args=[YEAR]): ("donations_upload",),
    }
    for url, names in pages.items():
        body = client_for(xs.dg_secretary).get(url).content.decode()
        for name in names:
            args = [YEAR] if name in ("sessions_export", "donations_export") else []
            assert reverse(f"funding:{name}", args=args) in body, (url, name)
        assert reverse(f"funding:{names[-1]}") not in client_for(xs.viewer).get(url).content.decode()
    response = client_for(xs.dg_secretary).get(reverse("funding:donations_export", args=[YEAR]))
    assert response.status_code == 200 and "捐资助学明细-2022.xlsx" in unquote(response["Content-Disposition"])
    assert client_for(xs.dg_viewer).get(reverse("funding:donors_upload")).status_code == 403

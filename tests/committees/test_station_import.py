"""Tutoring stations out to Excel and back: hub-and-points in one file, schools by code."""

import datetime

import pytest

from committees import services
from committees.excel_specs import STATION_SHEET
from committees.imports import TABLES, import_apply, import_plan, table_export
from committees.models import StationKind, TutoringStation
from tests.committees.test_import_helpers import column_of, edited, row_where, snapshot, workbook

STATIONS = TABLES["stations"]


@pytest.fixture
def station(xs):
    return TutoringStation.objects.create(
        committee=xs.dg_v1, name="东港村辅导站", kind=StationKind.CENTRAL, opened_year=2010, activities_per_year=12
    )


def plan(user, data):
    return import_plan(STATIONS, user=user, data=data)


def test_a_village_becomes_hub_and_points_in_one_file(xs, station):
    def edit(ws):
        ws.cell(row_where(ws, "站点名称", "东港村辅导站"), column_of(ws, "结对学校编码")).value = "XS01S01"
        ws.append(["XS01V01", "东港村关工委", "东港村第一辅导点", "分点", "东港村辅导站", None, 2020, 6])
        ws.append(["XS01V02", "港下社区关工委", "港下第一辅导点", "分点", "港下辅导站", None, 2021, 4])
        ws.append(["XS01V02", "港下社区关工委", "港下辅导站", "中心站", None, "XS01S01", 2015, 20])

    data = edited(table_export(STATIONS, xs.dg), STATION_SHEET, edit)
    result = plan(xs.dg_secretary, data)
    assert result.errors == [] and (len(result.new), len(result.changed)) == (3, 1)
    assert result.changed[0].changes == [("结对学校编码", "", "XS01S01")]
    import_apply(STATIONS, user=xs.dg_secretary, plan=result)

    point = TutoringStation.objects.get(name="港下第一辅导点")
    assert point.hub.name == "港下辅导站" and point.hub.committee == xs.dg_v2
    assert TutoringStation.objects.get(name="东港村第一辅导点").hub == station
    station.refresh_from_db()
    assert station.linked_school == xs.dg_school and station.history.first().history_user == xs.dg_secretary

    before = snapshot()
    again = plan(xs.dg_secretary, data)
    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 4)
    import_apply(STATIONS, user=xs.dg_secretary, plan=again)
    assert snapshot() == before


@pytest.mark.parametrize(
    "row, expected",
    [
        (["XS01V01", None, "点", "分点", None], "第2行，“所属中心站”列：辅导点须隶属于一个中心辅导站。"),
        (["XS01V01", None, "点", "分点", "没有的站"], "第2行，“所属中心站”列，值“没有的站”"),
        (["XS01V01", None, "站", "中心站", "东港村辅导站"], "第2行，“所属中心站”列，值“东港村辅导站”"),
        (["XS01", None, "站", "中心站"], "第2行，“村（社区）编码”列，值“XS01”：校外教育辅导站应设在村（社区）。"),
        (["XS01V01", None, "站", "中心站", None, "XS01V02"], "第2行，“结对学校编码”列，值“XS01V02”"),
        (["XS01V01", None, "站", "中心站", None, "XS03V01"], "第2行，“结对学校编码”列，值“XS03V01”"),
    ],
    ids=["point-without-hub", "unknown-hub", "central-with-hub", "not-a-village", "not-a-school", "unseen-school"],
)
def test_bad_station_rows_are_named(xs, station, row, expected):
    before = snapshot()
    result = plan(xs.dg_secretary, workbook("stations", [row]))
    assert any(expected in str(e) for e in result.errors), [str(e) for e in result.errors]
    assert snapshot() == before


def test_a_central_station_with_points_cannot_become_a_point(xs, station):
    TutoringStation.objects.create(committee=xs.dg_v1, name="点一", kind=StationKind.POINT, hub=station)
    TutoringStation.objects.create(committee=xs.dg_v1, name="新中心", kind=StationKind.CENTRAL)
    result = plan(xs.dg_secretary, workbook("stations", [["XS01V01", None, "东港村辅导站", "分点", "新中心"]]))
    assert [e.column for e in result.errors] == ["站点类型"]


def test_a_closed_village_keeps_its_rows_but_takes_no_change(xs, station):
    services.committee_close(actor=xs.admin, committee=xs.dg_v1, closed_on=datetime.date(2024, 12, 31))
    data = table_export(STATIONS, xs.dg)
    assert plan(xs.dg_secretary, data).errors == []

    def edit(ws):
        ws.cell(row_where(ws, "站点名称", "东港村辅导站"), column_of(ws, "年活动次数")).value = 30

    result = plan(xs.dg_secretary, edited(data, STATION_SHEET, edit))
    assert [str(e) for e in result.errors] == [
        "工作表“校外教育辅导站”，第2行，“村（社区）编码”列，值“XS01V01”：该关工委已撤销。"
    ]

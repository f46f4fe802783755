"""Bad files through the upload pages: each shows a Chinese message naming the sheet, row, column
and value where there is one, nothing is kept for the confirm step, and the database is unchanged."""

import datetime

import pytest
from openpyxl import Workbook

from committees.imports import uploads
from committees.models import Layer, Position, StationKind, TeamType, TutoringStation, Volunteer, VolunteerTeam
from tests.committees.test_import_helpers import (
    confirm,
    errors_of,
    headers,
    media_root,  # noqa: F401 - a fixture
    snapshot,
    upload,
    workbook,
)
from tests.factories import PersonFactory, PostFactory
from tests.xlsx import book_bytes

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def registry(xs):
    person = PersonFactory(code="P0000", name="志愿者0", phone="13900000000", gender="male")
    Volunteer.objects.create(person=person, committee=xs.dg_v1, layer=Layer.PARTICIPANT)
    PostFactory(committee=xs.dg_v1, person=PersonFactory(code="P0001", name="张主任"), position=Position.DIRECTOR,
                started_on=datetime.date(2021, 3, 1))  # fmt: skip
    VolunteerTeam.objects.create(committee=xs.dg, name="东港老干部宣讲团", team_type=TeamType.LECTURE_GROUP)
    TutoringStation.objects.create(committee=xs.dg_v1, name="东港村辅导站", kind=StationKind.CENTRAL)


def volunteer(code="XS01V01", name="东港村关工委", person="P0000", birth_year=1955):
    return [code, name, person, "志愿者0", "男", birth_year, "13900000000", "老教师", "参与层"]


def renamed(table: str, old: str, new: str) -> list[str]:
    return [new if h == old else h for h in headers(table)]


def without(table: str, header: str, row: list) -> tuple[list[str], list]:
    at = headers(table).index(header)
    return headers(table)[:at] + headers(table)[at + 1 :], row[:at] + row[at + 1 :]


def _formula(ws):
    ws["F2"] = "=1900+55"


def _merged(ws):
    ws.merge_cells("D2:D3")


def _xls_bytes() -> bytes:
    # an OLE2 header and a directory naming the Workbook stream, as an Excel 97-2003 file has
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le").ljust(128, b"\0")


def _not_a_workbook() -> bytes:
    return b"%PDF-1.4 not a workbook at all"


def _csv_bytes() -> bytes:
    return (",".join(headers("volunteers")) + "\nXS01V01,,P0000,志愿者0\n").encode("utf-8-sig")


def _sheet_named_wrong() -> bytes:
    book = Workbook()
    book.active.title = "Sheet1"
    return book_bytes(book)


SHEET = "工作表“五老志愿者”"

VOLUNTEER_CASES = {
    "wrong-header": (
        lambda: workbook("volunteers", [volunteer()], header=renamed("volunteers", "层级", "层 级")),
        f"{SHEET}，第1行，“层级”列：缺少必填列。",
    ),
    "missing-required-header": (
        lambda: workbook(
            "volunteers",
            [without("volunteers", "出生年份", volunteer())[1]],
            header=without("volunteers", "出生年份", volunteer())[0],
        ),  # fmt: skip
        f"{SHEET}，第1行，“出生年份”列：缺少必填列。",
    ),
    "text-in-number": (
        lambda: workbook("volunteers", [volunteer(birth_year="一九五五")]),
        f"{SHEET}，第2行，“出生年份”列，值“一九五五”：应填数字。",
    ),
    "unknown-committee": (
        lambda: workbook("volunteers", [volunteer(code="XS99")]),
        f"{SHEET}，第2行，“单位编码”列，值“XS99”：该关工委不存在，或不在您的权限范围内。",
    ),
    "other-town": (
        lambda: workbook("volunteers", [volunteer(code="XS03V01", name="甘露村关工委")]),
        f"{SHEET}，第2行，“单位编码”列，值“XS03V01”：该关工委不存在，或不在您的权限范围内。",
    ),
    "duplicate-rows": (
        lambda: workbook("volunteers", [volunteer(), volunteer()]),
        f"{SHEET}，第3行，“单位编码、人员编码”列，值“XS01V01 / P0000”：与第2行重复。",
    ),
    "empty-sheet": (lambda: workbook("volunteers", []), f"{SHEET}：工作表中没有数据行。"),
    "missing-sheet": (_sheet_named_wrong, f"{SHEET}：缺少该工作表。"),
    "not-xlsx": (_not_a_workbook, "文件是 PDF 文档，不是 Excel 工作簿。"),
    "renamed-csv": (_csv_bytes, "文件是文本文件（例如改了扩展名的 .csv），不是 Excel 工作簿"),
    "renamed-xls": (_xls_bytes, "文件是旧版 Excel 97-2003 工作簿（.xls），只是文件名改成了 .xlsx"),
    "formula": (
        lambda: workbook("volunteers", [volunteer()], tweak=_formula),
        f"{SHEET}，第2行，“出生年份”列，值“=1900+55”：不接受公式，请粘贴数值。",
    ),
    "merged-cells": (
        lambda: workbook("volunteers", [volunteer(), volunteer(code="XS01V02", name="港下社区关工委")], tweak=_merged),
        f"{SHEET}，第2行，值“D2:D3”：数据区不允许合并单元格，请取消合并。",
    ),
    "minor": (
        lambda: workbook("volunteers", [volunteer(birth_year=2015)]),
        f"{SHEET}，第2行，“出生年份”列，值“2015”：不能大于",
    ),
}


def _assert_refused(client, table: str, data: bytes, expected: str, name: str = "registry.xlsx", status: int = 200):
    before = snapshot()
    response = upload(client, table, data, name)
    assert response.status_code == status
    errors = errors_of(response)
    assert any(expected in e for e in errors), errors
    assert "Confirm" not in response.content.decode() and "确认导入" not in response.content.decode()
    assert confirm(client, table).status_code == 302  # nothing was kept to confirm
    assert snapshot() == before


@pytest.mark.parametrize("case", VOLUNTEER_CASES, ids=list(VOLUNTEER_CASES))
def test_the_volunteers_page_refuses_bad_input(xs, client_for, registry, media_root, case):  # noqa: F811
    build, expected = VOLUNTEER_CASES[case]
    name = {"renamed-csv": "volunteers.csv.xlsx", "renamed-xls": "volunteers.xlsx"}.get(case, "volunteers.xlsx")
    _assert_refused(client_for(xs.dg_secretary), "volunteers", build(), expected, name)
    assert not list(media_root.rglob("*.xlsx"))


def test_a_20_mb_upload_is_refused_without_being_read(xs, client_for, registry, media_root, monkeypatch):  # noqa: F811
    received = []
    original = uploads.SizeLimitHandler.receive_data_chunk

    def spy(self, raw_data, start):
        received.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(uploads.SizeLimitHandler, "receive_data_chunk", spy)
    data = b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024)
    _assert_refused(client_for(xs.dg_secretary), "volunteers", data, "文件超过 10 MB。", status=413)
    assert sum(received) == 0  # refused on the request's length, before any byte of the file was stored
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_an_upload_a_little_over_the_limit_is_cut_off_while_streaming(xs, client_for, registry, monkeypatch):
    monkeypatch.setattr(uploads, "MULTIPART_SLACK", 10**9)  # as if the request's length were unknown
    data = b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024 + 1)
    _assert_refused(client_for(xs.dg_secretary), "volunteers", data, "文件超过 10 MB。", status=413)


# The other three tables: header, number, out of scope, duplicate -------------------------

PERSON = [
    "XS01V01",
    "东港村关工委",
    "P0001",
    "张主任",
    None,
    1955,
    None,
    None,
    "老教师",
    "主任",
    "否",
    None,
    "2021-03-01",
]
TEAM = ["XS01", "东港镇关工委", "东港老干部宣讲团", "宣讲团", 2012]
STATION = ["XS01V01", "东港村关工委", "东港村辅导站", "中心站", None, None, 2010, 12]


def _replace(row: list, at: int, value) -> list:
    return row[:at] + [value] + row[at + 1 :]


OTHER_CASES = {
    "people-header": (
        "people",
        lambda: workbook("people", [PERSON], header=renamed("people", "职务", "职位")),
        "工作表“班子成员”，第1行，“职务”列：缺少必填列。",
    ),
    "people-number": (
        "people",
        lambda: workbook("people", [_replace(PERSON, 5, "五五年")]),
        "工作表“班子成员”，第2行，“出生年份”列，值“五五年”：应填数字。",
    ),
    "people-out-of-scope": (
        "people",
        lambda: workbook("people", [_replace(_replace(PERSON, 0, "XS03V01"), 1, "甘露村关工委")]),
        "工作表“班子成员”，第2行，“单位编码”列，值“XS03V01”：该关工委不存在，或不在您的权限范围内。",
    ),
    "people-duplicate": (
        "people",
        lambda: workbook("people", [PERSON, PERSON]),
        "工作表“班子成员”，第3行，“单位编码、人员编码、职务、任职日期”列，值“XS01V01 / P0001 / 主任 / 2021-03-01”：与第2行重复。",
    ),
    "teams-header": (
        "teams",
        lambda: workbook("teams", [TEAM], header=renamed("teams", "团队名称", "名称")),
        "工作表“志愿者团队”，第1行，“团队名称”列：缺少必填列。",
    ),
    "teams-number": (
        "teams",
        lambda: workbook("teams", [_replace(TEAM, 4, "二〇一二")]),
        "工作表“志愿者团队”，第2行，“成立年份”列，值“二〇一二”：应填数字。",
    ),
    "teams-out-of-scope": (
        "teams",
        lambda: workbook("teams", [["XS03", "鹅湖镇关工委", "鹅湖宣讲团", "宣讲团"]]),
        "工作表“志愿者团队”，第2行，“单位编码”列，值“XS03”：该关工委不存在，或不在您的权限范围内。",
    ),
    "teams-duplicate": (
        "teams",
        lambda: workbook("teams", [TEAM, TEAM]),
        "工作表“志愿者团队”，第3行，“单位编码、团队名称”列，值“XS01 / 东港老干部宣讲团”：与第2行重复。",
    ),
    "stations-header": (
        "stations",
        lambda: workbook("stations", [STATION], header=renamed("stations", "站点名称", "站名")),
        "工作表“校外教育辅导站”，第1行，“站点名称”列：缺少必填列。",
    ),
    "stations-number": (
        "stations",
        lambda: workbook("stations", [_replace(STATION, 7, "很多")]),
        "工作表“校外教育辅导站”，第2行，“年活动次数”列，值“很多”：应填数字。",
    ),
    "stations-out-of-scope": (
        "stations",
        lambda: workbook("stations", [["XS03V01", "甘露村关工委", "甘露辅导站", "中心站"]]),
        "工作表“校外教育辅导站”，第2行，“村（社区）编码”列，值“XS03V01”：该关工委不存在，或不在您的权限范围内。",
    ),
    "stations-duplicate": (
        "stations",
        lambda: workbook("stations", [STATION, STATION]),
        "工作表“校外教育辅导站”，第3行，“村（社区）编码、站点名称”列，值“XS01V01 / 东港村辅导站”：与第2行重复。",
    ),
}


@pytest.mark.parametrize("case", OTHER_CASES, ids=list(OTHER_CASES))
def test_the_other_pages_refuse_bad_input(xs, client_for, registry, case):
    table, build, expected = OTHER_CASES[case]
    _assert_refused(client_for(xs.dg_secretary), table, build(), expected)

"""Registry uploads resolve every key inside the uploader's writable scope.

As the 东港镇 secretary, a row that names a 鹅湖镇 record by its key (a person code, a committee
code, a central station, a linked school, …) is a Chinese cell error naming the column, which
does not say whose the key is, and nothing is written. A person who also serves in 鹅湖镇 keeps
their own details; the 东港镇 secretary may still add or end 东港镇's membership or post.
"""

import pytest

from committees.imports import TABLES, export_table
from committees.models import (
    Layer,
    Position,
    Volunteer,
)
from tests.committees.test_import_helpers import confirm, errors_of, headers, media_root, snapshot, upload, workbook  # noqa: F401
from tests.factories import PersonFactory, PostFactory

pytestmark = pytest.mark.usefixtures("media_root")


def as_row(table: str, values: dict) -> list:
    return [values.get(c.key) for c in TABLES[table].spec().columns]


@pytest.fixture
def eh_person(xs):
    """A 鹅湖镇 five-old, in 甘露村 only."""
    person = PersonFactory(code="EH0001", name="鹅湖张三", phone="13900000001", birth_year=1950, gender="male")
    Volunteer.objects.create(person=person, committee=xs.eh_v1, layer=Layer.PARTICIPANT)
    PostFactory(committee=xs.eh_v1, person=person, position=Position.DIRECTOR)
    return person


def volunteer_row(xs, code: str, name: str = "东港李四", **more) -> list:
    values = {
        "committee_code": xs.dg_v1.code,
        "committee_name": xs.dg_v1.name,
        "person_code": code,
        "name": name,
        "gender": "女",
        "birth_year": 1960,
        "phone": "13811112222",
        "category": "老教师",
        "layer": "参与层",
        **more,
    }
    return as_row("volunteers", values)


def people_row(xs, code: str, name: str = "东港李四", **more) -> list:
    values = {
        "committee_code": xs.dg_v1.code,
        "committee_name": xs.dg_v1.name,
        "person_code": code,
        "name": name,
        "gender": "女",
        "birth_year": 1960,
        "phone": "13811112222",
        "category": "老教师",
        "position": "委员",
        **more,
    }
    return as_row("people", values)


@pytest.mark.parametrize("table, row", [("volunteers", volunteer_row), ("people", people_row)])
def test_another_towns_person_code_is_refused_and_the_person_not_renamed(xs, client_for, eh_person, table, row):
    client = client_for(xs.dg_secretary)
    before = snapshot()
    preview = upload(client, table, workbook(table, [row(xs, eh_person.code)]))
    errors = errors_of(preview)
    assert preview.context["summary"]["counts"]["new"] == 0
    assert len(errors) == 1 and "第2行" in errors[0] and "“人员编码”" in errors[0] and "EH0001" in errors[0]
    assert "不在您的权限范围内" in errors[0]
    body = preview.content.decode()
    assert "鹅湖张三" not in body and "13900000001" not in body  # whose code it is stays unsaid
    assert confirm(client, table).status_code == 302
    assert snapshot() == before
    eh_person.refresh_from_db()
    assert (eh_person.name, eh_person.phone, eh_person.birth_year) == ("鹅湖张三", "13900000001", 1950)


@pytest.fixture
def two_towns(xs):
    """A five-old serving in 东港村 and in 甘露村."""
    person = PersonFactory(code="BT0001", name="两镇王五", phone="13900000002", birth_year=1952, gender="male")
    Volunteer.objects.create(person=person, committee=xs.dg_v1, layer=Layer.PARTICIPANT)
    Volunteer.objects.create(person=person, committee=xs.eh_v1, layer=Layer.PARTICIPANT)
    return person


def dg_export(xs, table: str, edit) -> bytes:
    """东港镇's rows of `table` as exported, with `edit(ws, column_of_header)` applied."""
    from tests.committees.test_import_helpers import column_of, edited

    spec = TABLES[table].spec()
    return edited(export_table(TABLES[table], xs.dg), spec.name, lambda ws: edit(ws, lambda h: column_of(ws, h)))


def test_a_person_serving_in_both_towns_keeps_their_details(xs, client_for, two_towns):
    data = dg_export(xs, "volunteers", lambda ws, col: setattr(ws.cell(2, col("姓名")), "value", "王五改"))
    client = client_for(xs.dg_secretary)
    before = snapshot()
    errors = errors_of(upload(client, "volunteers", data))
    assert len(errors) == 1 and "“姓名”" in errors[0] and "王五改" in errors[0]
    assert "您无权修改" in errors[0]
    confirm(client, "volunteers")
    assert snapshot() == before


def test_a_person_serving_in_both_towns_may_leave_the_secretarys_village(xs, client_for, two_towns):
    def leave(ws, col):
        ws.cell(2, col("退出日期")).value = "2024-06-30"
        ws.cell(2, col("退出原因")).value = "迁居"

    data = dg_export(xs, "volunteers", leave)
    client = client_for(xs.dg_secretary)
    preview = upload(client, "volunteers", data)
    assert errors_of(preview) == [] and preview.context["summary"]["counts"]["changed"] == 1
    confirm(client, "volunteers")
    assert str(Volunteer.objects.get(person=two_towns, committee=xs.dg_v1).exited_on) == "2024-06-30"
    assert Volunteer.objects.get(person=two_towns, committee=xs.eh_v1).exited_on is None


def test_the_district_admin_may_change_a_person_serving_in_both_towns(xs, client_for, two_towns):
    data = dg_export(xs, "volunteers", lambda ws, col: setattr(ws.cell(2, col("姓名")), "value", "王五改"))
    client = client_for(xs.admin)
    assert errors_of(upload(client, "volunteers", data)) == []
    confirm(client, "volunteers")
    two_towns.refresh_from_db()
    assert two_towns.name == "王五改"


@pytest.mark.parametrize("table, row", [("volunteers", volunteer_row), ("people", people_row)])
def test_the_preview_lists_what_a_new_row_changes_on_an_existing_person(xs, client_for, table, row):
    person = PersonFactory(code="DG0001", name="东港李四", phone="13800000000", birth_year=1960, gender="female")
    Volunteer.objects.create(person=person, committee=xs.dg_v2, layer=Layer.PARTICIPANT)
    client = client_for(xs.dg_secretary)
    preview = upload(client, table, workbook(table, [row(xs, "DG0001")]))  # 东港村, phone 13811112222
    summary = preview.context["summary"]
    assert summary["errors"] == [] and summary["counts"]["new"] == 1
    assert summary["new"][0]["changes"] == [["联系电话", "13800000000", "13811112222"]]
    assert "联系电话: 13800000000 → 13811112222" in preview.content.decode()

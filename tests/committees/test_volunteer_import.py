"""Five-old volunteers out to Excel and back: preview counts, history, idempotence, bad input."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from committees.excel_specs import VOLUNTEER_SHEET, volunteer_spec
from committees.imports import volunteer_import_apply, volunteer_import_plan, volunteers_export
from committees.models import BackboneRole, Layer, Person, Volunteer
from tests.factories import PersonFactory
from tests.xlsx import book_bytes


@pytest.fixture
def volunteers(xs):
    BackboneRole.objects.get_or_create(name="宣讲员")
    BackboneRole.objects.get_or_create(name="辅导员")
    rows = []
    for i, committee in enumerate([xs.dg_v1, xs.dg_v1, xs.dg_v2, xs.dg_v2, xs.eh_v1]):
        person = PersonFactory(code=f"P{i:04d}", name=f"志愿者{i}", phone=f"1390000{i:04d}", gender="male")
        rows.append(Volunteer.objects.create(person=person, committee=committee, layer=Layer.PARTICIPANT))
    return rows


def snapshot():
    people = list(Person.objects.order_by("pk").values())
    vols = list(Volunteer.objects.order_by("pk").values())
    return people, vols, Person.history.count() + Volunteer.history.count()


def edited(data: bytes, edit) -> bytes:
    book = load_workbook(io.BytesIO(data))
    edit(book[VOLUNTEER_SHEET])
    return book_bytes(book)


def row_of(ws, code: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == code)


def test_export_change_three_cells_import_and_reimport(xs, volunteers):
    data = volunteers_export(xs.dg)

    def edit(ws):
        ws.cell(row_of(ws, "P0000"), 4).value = "志愿者零"  # 姓名
        ws.cell(row_of(ws, "P0001"), 9).value = "骨干层"  # 层级
        ws.cell(row_of(ws, "P0002"), 10).value = "宣讲员、辅导员"  # 五大员角色

    changed = edited(data, edit)
    plan = volunteer_import_plan(user=xs.dg_secretary, data=changed)
    assert plan.errors == []
    assert (len(plan.new), len(plan.changed), len(plan.unchanged)) == (0, 3, 1)
    assert {c[0] for row in plan.changed for c in row.changes} == {"姓名", "层级", "五大员角色"}
    assert ["层级", "参与层", "骨干层"] in plan.summary()["changed"][1]["changes"]

    volunteer_import_apply(user=xs.dg_secretary, plan=plan)
    person = Person.objects.get(code="P0000")
    assert person.name == "志愿者零"
    assert person.history.first().history_user == xs.dg_secretary
    volunteer = Volunteer.objects.get(person__code="P0001")
    assert volunteer.layer == Layer.BACKBONE
    assert volunteer.history.first().history_user == xs.dg_secretary
    assert sorted(Volunteer.objects.get(person__code="P0002").backbone_roles.values_list("name", flat=True)) == [
        "宣讲员",
        "辅导员",
    ]

    before = snapshot()
    again = volunteer_import_plan(user=xs.dg_secretary, data=changed)
    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 4)
    volunteer_import_apply(user=xs.dg_secretary, plan=again)
    assert snapshot() == before


def test_the_demo_export_round_trips_unchanged(db):
    from committees.demo import demo_load
    from committees.models import Committee
    from tests.factories import RoleFactory, UserFactory

    demo_load()
    town = Committee.objects.get(code="XS01")
    user = UserFactory(username="dg")
    RoleFactory(user=user, committee=town, role="town_secretary")
    plan = volunteer_import_plan(user=user, data=volunteers_export(town))
    assert plan.errors == [] and plan.changed == [] and plan.new == []
    assert len(plan.unchanged) > 0


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = VOLUNTEER_SHEET
    ws.append([c.header for c in volunteer_spec(2026).columns])
    for row in rows:
        ws.append(row)
    return book_bytes(book)


def good(code="XS01V01", name="东港村关工委", person="P0000", birth_year=1955):
    return [code, name, person, "志愿者0", "男", birth_year, "13900000000", "老教师", "参与层"]


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([good(code="XS99")], "工作表“五老志愿者”，第2行，“单位编码”列，值“XS99”"),
        ([good(code="XS03V01", name="甘露村关工委", person="P0004")], "第2行，“单位编码”列，值“XS03V01”"),
        ([good(birth_year=2015)], "工作表“五老志愿者”，第2行，“出生年份”列，值“2015”"),
        ([good(), good()], "工作表“五老志愿者”，第3行，“单位编码、人员编码”列，值“XS01V01 / P0000”"),
        ([good(person="P9999")], "第2行，“人员编码”列，值“P9999”"),
        ([good(name="港下社区关工委")], "第2行，“单位名称”列，值“港下社区关工委”"),
    ],
    ids=["unknown-committee", "outside-town", "minor", "duplicate", "unknown-person", "name-mismatch"],
)
def test_bad_input_is_an_error_and_changes_nothing(xs, volunteers, rows, expected):
    before = snapshot()
    plan = volunteer_import_plan(user=xs.dg_secretary, data=workbook(rows))
    messages = [str(e) for e in plan.errors]
    assert any(expected in m for m in messages), messages
    with pytest.raises(ValidationError):
        volunteer_import_apply(user=xs.dg_secretary, plan=plan)
    assert snapshot() == before


def test_a_known_person_joining_another_committee_is_new(xs, volunteers):
    plan = volunteer_import_plan(user=xs.dg_secretary, data=workbook([good(code="XS01V02", name="港下社区关工委")]))
    assert plan.errors == [] and len(plan.new) == 1
    volunteer_import_apply(user=xs.dg_secretary, plan=plan)
    assert Volunteer.objects.filter(person__code="P0000", committee=xs.dg_v2).exists()


def test_a_new_person_without_a_code_is_added_with_the_next_code(xs, volunteers):
    PersonFactory(code="XSP00041", name="已有")
    row = ["XS01V01", "东港村关工委", None, "新志愿者", "女", 1958, "13911112222", "老教师", "骨干层", "宣讲员"]
    data = workbook([row])
    plan = volunteer_import_plan(user=xs.dg_secretary, data=data)
    assert plan.errors == [] and len(plan.new) == 1
    assert plan.summary()["new"][0]["label"].startswith("新志愿者")
    volunteer_import_apply(user=xs.dg_secretary, plan=plan)

    person = Person.objects.get(name="新志愿者")
    assert person.code == "XSP00042"
    assert person.five_old_category == "teacher" and person.is_five_old
    assert person.history.get().history_user == xs.dg_secretary
    volunteer = Volunteer.objects.get(person=person)
    assert volunteer.committee == xs.dg_v1 and volunteer.layer == Layer.BACKBONE
    assert list(volunteer.backbone_roles.values_list("name", flat=True)) == ["宣讲员"]

    before = snapshot()
    again = volunteer_import_plan(user=xs.dg_secretary, data=data)
    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 1)
    volunteer_import_apply(user=xs.dg_secretary, plan=again)
    assert snapshot() == before


def test_one_person_in_two_rows_must_have_the_same_details(xs, volunteers):
    rows = [good(), good(code="XS01V02", name="港下社区关工委")]
    rows[1][3] = "别的名字"
    plan = volunteer_import_plan(user=xs.dg_secretary, data=workbook(rows))
    assert [e.row for e in plan.errors] == [3]
    assert "工作表“五老志愿者”，第3行，“姓名”列，值“别的名字”" in str(plan.errors[0])


def test_planning_reports_progress(xs, volunteers):
    seen = []
    volunteer_import_plan(user=xs.dg_secretary, data=volunteers_export(xs.dg), progress=lambda p, s: seen.append(p))
    assert seen and seen[0] <= seen[-1] <= 100

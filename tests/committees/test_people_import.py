"""People with their posts out to Excel and back: one row per post, new people from a file,
ending posts, the one-director rule across the file, history and idempotence."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from committees.excel_specs import PEOPLE_SHEET
from committees.imports import TABLES, import_apply, import_plan, table_export
from committees.models import Person, Position, Post, PostSource
from tests.committees.test_import_helpers import column_of, edited, row_where, snapshot, workbook
from tests.factories import PersonFactory, PostFactory

PEOPLE = TABLES["people"]


@pytest.fixture
def posts(xs):
    director = PersonFactory(code="P0001", name="张主任", birth_year=1968, phone="13900000001", is_five_old=False,
                             five_old_category="")  # fmt: skip
    deputy = PersonFactory(code="P0002", name="李常务", birth_year=1960, former_post="原镇长")
    return [
        PostFactory(
            committee=xs.dg_v1,
            person=director,
            position=Position.DIRECTOR,
            concurrent=True,
            started_on=datetime.date(2021, 3, 1),
        ),  # fmt: skip
        PostFactory(
            committee=xs.dg_v1,
            person=deputy,
            position=Position.EXECUTIVE_DEPUTY,
            source=PostSource.RETIRED_LEADER,
            started_on=datetime.date(2020, 1, 1),
        ),  # fmt: skip
        PostFactory(committee=xs.eh_v1, person=PersonFactory(code="P0003", name="王委员"), position=Position.MEMBER),
    ]


def plan(user, data):
    return import_plan(PEOPLE, user=user, data=data)


def apply(user, planned):
    return import_apply(PEOPLE, user=user, plan=planned)


def test_the_export_has_one_row_per_open_post_of_the_subtree(xs, posts):
    data = table_export(PEOPLE, xs.dg, user=xs.dg_secretary)
    result = plan(xs.dg_secretary, data)
    assert result.errors == [] and len(result.unchanged) == 2 and not result.new and not result.changed


def test_edit_a_post_and_a_person_then_reimport_changes_nothing(xs, posts):
    def edit(ws):
        row = row_where(ws, "人员编码", "P0002")
        ws.cell(row, column_of(ws, "原职务")).value = "原副镇长"
        ws.cell(row, column_of(ws, "是否兼职")).value = "是"

    data = edited(table_export(PEOPLE, xs.dg), PEOPLE_SHEET, edit)
    result = plan(xs.dg_secretary, data)
    assert result.errors == [] and len(result.changed) == 1
    assert sorted(c[0] for c in result.changed[0].changes) == ["原职务", "是否兼职"]
    apply(xs.dg_secretary, result)

    deputy = Person.objects.get(code="P0002")
    assert deputy.former_post == "原副镇长" and deputy.history.first().history_user == xs.dg_secretary
    post = Post.objects.get(person=deputy)
    assert post.concurrent and post.history.first().history_user == xs.dg_secretary

    before = snapshot()
    again = plan(xs.dg_secretary, data)
    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 2)
    apply(xs.dg_secretary, again)
    assert snapshot() == before


def test_a_handover_ends_the_old_director_and_adds_a_new_person_in_one_file(xs, posts):
    def edit(ws):
        ws.cell(row_where(ws, "人员编码", "P0001"), column_of(ws, "离任日期")).value = "2024-06-30"
        ws.append(["XS01V01", "东港村关工委", None, "赵新", "男", 1975, "13900000009", None, None, "主任", "是",
                   "在职干部", "2024-07-01"])  # fmt: skip

    result = plan(xs.dg_secretary, edited(table_export(PEOPLE, xs.dg), PEOPLE_SHEET, edit))
    assert result.errors == [] and (len(result.new), len(result.changed)) == (1, 1)
    apply(xs.dg_secretary, result)

    assert Post.objects.get(person__code="P0001").ended_on == datetime.date(2024, 6, 30)
    new = Post.objects.get(committee=xs.dg_v1, position=Position.DIRECTOR, ended_on__isnull=True)
    assert new.person.name == "赵新" and new.person.code.startswith("XSP") and not new.person.is_five_old
    assert new.source == PostSource.IN_OFFICE_CADRE and new.history.get().history_user == xs.dg_secretary


def test_a_second_open_director_is_refused_on_its_row(xs, posts):
    row = ["XS01V01", "东港村关工委", None, "赵新", "男", 1975, None, None, None, "主任", "是", None, "2024-07-01"]
    result = plan(xs.dg_secretary, workbook("people", [row]))
    assert [str(e) for e in result.errors] == [
        "工作表“班子成员”，第2行，“职务”列，值“主任”：东港村关工委已有在任的主任，请先结束其任职。"
    ]


def test_two_posts_of_one_new_person_make_one_person(xs, posts):
    base = ["XS01V02", "港下社区关工委", None, "钱双", "女", 1956, None, "原教师", "老教师"]
    rows = [base + ["副主任", "否"], base + ["办公室负责人", "否"]]
    result = plan(xs.dg_secretary, workbook("people", rows))
    assert result.errors == [] and len(result.new) == 2
    apply(xs.dg_secretary, result)
    person = Person.objects.get(name="钱双")
    assert person.posts.count() == 2 and person.five_old_category == "teacher"


def test_a_row_of_another_town_refuses_the_whole_file(xs, posts):
    rows = [
        ["XS01V02", "港下社区关工委", None, "钱双", "女", 1956, None, None, None, "副主任"],
        ["XS03V01", "甘露村关工委", "P0003", "王委员", None, 1955, None, None, "老教师", "委员"],
    ]
    before = snapshot()
    result = plan(xs.dg_secretary, workbook("people", rows))
    assert [e.row for e in result.errors] == [3] and "“单位编码”列，值“XS03V01”" in str(result.errors[0])
    with pytest.raises(ValidationError):
        apply(xs.dg_secretary, result)
    assert snapshot() == before


def test_the_demo_leadership_round_trips_unchanged(db):
    from committees.demo import demo_load
    from committees.models import Committee
    from tests.factories import RoleFactory, UserFactory

    demo_load()
    town = Committee.objects.get(code="XS01")
    user = UserFactory(username="dg")
    RoleFactory(user=user, committee=town, role="town_secretary")
    result = plan(user, table_export(PEOPLE, town, user=user))
    assert result.errors == [] and result.changed == [] and result.new == []
    assert len(result.unchanged) > 20


def test_the_resident_flag_goes_out_and_back_and_an_absent_column_keeps_it(xs, posts):
    deputy = posts[1]
    Post.objects.filter(pk=deputy.pk).update(resident=True)
    data = table_export(PEOPLE, xs.dg)
    ws = load_workbook(io.BytesIO(data))[PEOPLE_SHEET]
    assert ws.cell(row_where(ws, "人员编码", "P0002"), column_of(ws, "是否驻会")).value == "是"

    def drop_column(ws):
        ws.delete_cols(column_of(ws, "是否驻会"))

    older = plan(xs.dg_secretary, edited(data, PEOPLE_SHEET, drop_column))  # a file from before the column
    assert older.errors == [] and not older.changed
    apply(xs.dg_secretary, older)
    assert Post.objects.get(pk=deputy.pk).resident

    def not_resident(ws):
        ws.cell(row_where(ws, "人员编码", "P0002"), column_of(ws, "是否驻会")).value = "否"

    result = plan(xs.dg_secretary, edited(data, PEOPLE_SHEET, not_resident))
    assert [c[0] for c in result.changed[0].changes] == ["是否驻会"]
    apply(xs.dg_secretary, result)
    assert not Post.objects.get(pk=deputy.pk).resident

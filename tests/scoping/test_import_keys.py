"""Registry uploads resolve every key inside the uploader's writable scope.

As the 东港镇 secretary, a row that names a 鹅湖镇 record by its key (a person code, a committee
code, a central station, a linked school, …) is a Chinese cell error naming the column, which
does not say whose the key is, and nothing is written. A person who also serves in 鹅湖镇 keeps
their own details; the 东港镇 secretary may still add or end 东港镇's membership or post.

How the generated test enumerates (test_an_out_of_scope_key_is_a_cell_error_and_nothing_changes):
every table registered in committees.imports.TABLES × every key column of the table's spec, read
from the spec itself: each column whose `refers` names the kind of record it looks up (committee,
person, station, school, …), and each column of the spec's own row key (`spec.key`, e.g. a team's
committee + name). A new table, or a new key column of an existing one, is in the matrix without
editing this file; it fails until the fixture below has a 东港镇 row of that table with the column
filled in (the row the test starts from) and an out-of-scope record of that kind (OUT_OF_SCOPE),
and test_every_locked_or_lookup_column_is_a_key_column fails for a key column that forgot `refers`.
Each case goes through the real upload view (preview, then confirm) as dg_secretary, and as a
user who reads the whole district but writes 东港镇 only (a key they can read is still not one
they may write through).
"""

import re

import pytest

from committees.excel import SheetSpec, build_workbook
from committees.imports import TABLES, table_export
from committees.imports.background import JOB_ROWS
from committees.models import (
    Job,
    Kind,
    Layer,
    Person,
    Position,
    Post,
    Role,
    StationKind,
    TeamType,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from tests.committees.test_import_helpers import (  # noqa: F401 - media_root is a fixture
    column_of,
    confirm,
    edited,
    errors_of,
    media_root,
    snapshot,
    upload,
    workbook,
)
from tests.committees.test_import_jobs import eager  # noqa: F401 - a fixture
from tests.factories import CommitteeFactory, PersonFactory, PostFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.usefixtures("media_root")

# Locked columns that are not looked up: the name printed beside a code is checked against it.
CHECKED_AGAINST_A_CODE = {"committee_name"}


def key_columns(spec: SheetSpec) -> list[str]:
    """The columns of `spec` whose value names a record: its lookups and its own row key."""
    return [c.key for c in spec.columns if c.refers or c.key in spec.key]


CASES = [(slug, key) for slug, table in TABLES.items() for key in key_columns(table.spec())]


def as_row(table: str, values: dict) -> list:
    return [values.get(c.key) for c in TABLES[table].spec().columns]


@pytest.fixture
def eh_person(xs):
    """A 鹅湖镇 five-old, in 甘露村 only."""
    person = PersonFactory(code="EH0001", name="鹅湖张三", phone="13900000001", birth_year=1950, gender="male")
    Volunteer.objects.create(person=person, committee=xs.eh_v1, layer=Layer.PARTICIPANT)
    PostFactory(committee=xs.eh_v1, person=person, position=Position.DIRECTOR)
    return person


@pytest.fixture
def registry(xs, eh_person):
    """A row of every table in 东港镇, with every key column filled in somewhere, and the same in
    鹅湖镇; returns the out-of-scope record of each kind that a key column may name."""
    dg_person = PersonFactory(code="DG0001", name="东港李四", phone="13800000000", birth_year=1960, gender="female")
    Volunteer.objects.create(person=dg_person, committee=xs.dg_v1, layer=Layer.PARTICIPANT)
    PostFactory(committee=xs.dg_v1, person=dg_person, position=Position.DIRECTOR)
    VolunteerTeam.objects.create(committee=xs.dg, name="东港宣讲团", team_type=TeamType.LECTURE_GROUP)
    hub = TutoringStation.objects.create(committee=xs.dg_v1, name="东港辅导站", kind=StationKind.CENTRAL)
    TutoringStation.objects.create(
        committee=xs.dg_v1, name="东港分点", kind=StationKind.POINT, hub=hub, linked_school=xs.dg_school
    )
    eh_school = CommitteeFactory(code="XS03S01", name="鹅湖中学关工委", kind=Kind.SCHOOL, parent=xs.eh)
    VolunteerTeam.objects.create(committee=xs.eh, name="鹅湖宣讲团", team_type=TeamType.LECTURE_GROUP)
    eh_hub = TutoringStation.objects.create(
        committee=xs.eh_v1, name="鹅湖辅导站", kind=StationKind.CENTRAL, linked_school=eh_school
    )
    return {
        "committee": (xs.eh_v1.code, xs.eh_v1),
        "person": (eh_person.code, eh_person),
        "station": (eh_hub.name, eh_hub),
        "school": (eh_school.code, eh_school),
    }


@pytest.fixture(params=["dg_secretary", "district_reader"])
def uploader(request, xs):
    if request.param == "dg_secretary":
        return xs.dg_secretary
    user = UserFactory(username="district_reader")
    RoleFactory(user=user, committee=xs.district, role=Role.VIEWER)
    RoleFactory(user=user, committee=xs.dg, role=Role.TOWN_SECRETARY)
    return user


def first_row_with(table: str, committee, key: str) -> dict:
    rows = [r for r in TABLES[table].export_rows(committee, None) if r.get(key) not in (None, "")]
    assert rows, f"the fixture has no row of {table} in {committee.name} with “{key}” filled in; add one"
    return rows[0]


def out_of_scope_row(xs, registry, table: str, key: str) -> tuple[dict, set[str], str]:
    """An in-scope 东港镇 row with an out-of-scope key in `key`: the row, the headers an error
    may name, and the key's value."""
    spec = TABLES[table].spec()
    column = spec.column(key)
    row = dict(first_row_with(table, xs.dg, key))
    if column.refers:
        assert column.refers in registry, f"no out-of-scope {column.refers} in the fixture for {table}.{key}"
        row[key] = registry[column.refers][0]
        return row, {column.header}, row[key]
    theirs = first_row_with(table, xs.eh, key)  # the whole row key of a 鹅湖镇 record
    for part in (*spec.key, "committee_name"):
        row[part] = theirs[part]
    return row, {spec.column(k).header for k in spec.key}, row[key]


def is_chinese(error: str) -> bool:
    """The message and the place, without the value quoted from the file, hold no Latin letters."""
    text = re.sub(r"值“[^”]*”", "", error)
    return re.search(r"[\u4e00-\u9fff]", text) is not None and re.search(r"[A-Za-z]", text) is None


@pytest.mark.parametrize("table, key", CASES, ids=[f"{t}-{k}" for t, k in CASES])
def test_an_out_of_scope_key_is_a_cell_error_and_nothing_changes(xs, client_for, registry, uploader, table, key):
    row, headers, value = out_of_scope_row(xs, registry, table, key)
    client = client_for(uploader)
    before = snapshot()
    preview = upload(client, table, workbook(table, [as_row(table, row)]))
    assert preview.status_code == 200
    assert preview.context["summary"]["ok"] is False
    errors = errors_of(preview)
    assert errors and all(is_chinese(e) for e in errors), errors
    assert any("第2行" in e and any(f"“{h}”" in e for h in headers) for e in errors), errors
    body = preview.content.decode()
    reads_them = uploader != xs.dg_secretary  # the district reader may see the other town anyway
    for _key, record in () if reads_them else registry.values():  # nothing about them but the key
        shown = {getattr(record, f, "") for f in ("name", "phone")} - {"", value}
        assert not [s for s in shown if s in body], shown
    assert confirm(client, table).status_code == 302
    assert snapshot() == before


def test_every_table_is_in_the_matrix_with_its_committee_key():
    assert {slug for slug, _key in CASES} == set(TABLES)
    assert all(
        any(TABLES[slug].spec().column(k).refers == "committee" for k in key_columns(TABLES[slug].spec()))
        for slug in TABLES
    )


def test_every_locked_or_lookup_column_is_a_key_column():
    for table in TABLES.values():
        spec = table.spec()
        keys = set(key_columns(spec))
        for column in spec.columns:
            if column.locked or column.lookup:
                assert column.key in keys | CHECKED_AGAINST_A_CODE, f"{table.slug}.{column.key} names no kind"


def test_another_towns_name_and_birth_year_make_a_new_person_of_the_secretarys_village(xs, client_for, eh_person):
    row = volunteer_row(xs, "", name=eh_person.name, birth_year=eh_person.birth_year)
    client = client_for(xs.dg_secretary)
    preview = upload(client, "volunteers", workbook("volunteers", [row]))
    summary = preview.context["summary"]
    assert summary["errors"] == [] and summary["counts"]["new"] == 1 and summary["new"][0]["changes"] == []
    assert "13900000001" not in preview.content.decode()
    confirm(client, "volunteers")
    assert Person.objects.filter(name=eh_person.name).count() == 2
    eh_person.refresh_from_db()
    assert eh_person.phone == "13900000001" and eh_person.volunteer_memberships.count() == 1


def person_cells(xs, code: str, name: str) -> dict:
    """The cells a 东港村 row of either person table fills about the person."""
    return {
        "committee_code": xs.dg_v1.code,
        "committee_name": xs.dg_v1.name,
        "person_code": code,
        "name": name,
        "gender": "女",
        "birth_year": 1960,
        "phone": "13811112222",
        "category": "老教师",
    }


def volunteer_row(xs, code: str, name: str = "东港李四", **more) -> list:
    return as_row("volunteers", {**person_cells(xs, code, name), "layer": "参与层", **more})


def people_row(xs, code: str, name: str = "东港李四", **more) -> list:
    return as_row("people", {**person_cells(xs, code, name), "position": "委员", **more})


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
    """A five-old serving in 东港村 and in 甘露村: a membership and a post in each."""
    person = PersonFactory(code="BT0001", name="两镇王五", phone="13900000002", birth_year=1952, gender="male")
    for village in (xs.dg_v1, xs.eh_v1):
        Volunteer.objects.create(person=person, committee=village, layer=Layer.PARTICIPANT)
        PostFactory(committee=village, person=person, position=Position.MEMBER)
    return person


def dg_export(xs, table: str, edit) -> bytes:
    """东港镇's rows of `table` as exported, with `edit(ws, column_of_header)` applied."""
    spec = TABLES[table].spec()
    return edited(table_export(TABLES[table], xs.dg), spec.name, lambda ws: edit(ws, lambda h: column_of(ws, h)))


def renamed(ws, col):
    ws.cell(2, col("姓名")).value = "王五改"
    ws.cell(2, col("联系电话")).value = "13700000000"


# How each table ends the row's own membership or post.
ENDS = {
    "volunteers": {"退出日期": "2024-06-30", "退出原因": "迁居"},
    "people": {"离任日期": "2024-06-30"},
}


@pytest.mark.parametrize("table", ENDS)
def test_a_person_serving_in_both_towns_keeps_their_details(xs, client_for, two_towns, table):
    data = dg_export(xs, table, renamed)
    client = client_for(xs.dg_secretary)
    before = snapshot()
    errors = errors_of(upload(client, table, data))
    assert len(errors) == 2 and all("第2行" in e and "您无权修改此人的个人信息" in e for e in errors)
    assert "“姓名”" in errors[0] and "王五改" in errors[0] and "“联系电话”" in errors[1]
    confirm(client, table)
    assert snapshot() == before


@pytest.mark.parametrize("table", ENDS)
def test_a_person_serving_in_both_towns_may_leave_the_secretarys_village(xs, client_for, two_towns, table):
    def leave(ws, col):
        for header, value in ENDS[table].items():
            ws.cell(2, col(header)).value = value

    client = client_for(xs.dg_secretary)
    preview = upload(client, table, dg_export(xs, table, leave))
    assert errors_of(preview) == [] and preview.context["summary"]["counts"]["changed"] == 1
    confirm(client, table)
    model, ended = (Volunteer, "exited_on") if table == "volunteers" else (Post, "ended_on")
    assert str(getattr(model.objects.get(person=two_towns, committee=xs.dg_v1), ended)) == "2024-06-30"
    assert getattr(model.objects.get(person=two_towns, committee=xs.eh_v1), ended) is None


def test_a_person_serving_in_both_towns_may_join_another_village_of_the_secretary(xs, client_for, two_towns):
    more = {"committee_code": xs.dg_v2.code, "committee_name": xs.dg_v2.name, "phone": "13900000002", "gender": "男"}
    row = volunteer_row(xs, "BT0001", name="两镇王五", birth_year=1952, **more)
    client = client_for(xs.dg_secretary)
    preview = upload(client, "volunteers", workbook("volunteers", [row]))
    assert errors_of(preview) == [] and preview.context["summary"]["new"][0]["changes"] == []
    confirm(client, "volunteers")
    assert set(two_towns.volunteer_memberships.values_list("committee__code", flat=True)) == {
        "XS01V01",
        "XS01V02",
        "XS03V01",
    }


@pytest.mark.parametrize("table", ENDS)
def test_the_district_admin_may_change_a_person_serving_in_both_towns(xs, client_for, two_towns, table):
    client = client_for(xs.admin)
    assert errors_of(upload(client, table, dg_export(xs, table, renamed))) == []
    confirm(client, table)
    two_towns.refresh_from_db()
    assert (two_towns.name, two_towns.phone) == ("王五改", "13700000000")


@pytest.mark.parametrize("user, found", [("dg_secretary", False), ("admin", True)])
def test_a_person_who_never_served_is_found_only_by_a_writer_of_the_whole_district(xs, client_for, user, found):
    PersonFactory(code="NS0001", name="东港李四", phone="13811112222", birth_year=1960, gender="female")
    client = client_for(getattr(xs, user))
    errors = errors_of(upload(client, "volunteers", workbook("volunteers", [volunteer_row(xs, "NS0001")])))
    assert errors == [] if found else ("“人员编码”" in errors[0] and "不在您的权限范围内" in errors[0])


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


def test_a_big_file_checked_by_a_job_resolves_keys_in_the_uploaders_scope_too(xs, client_for, eager, eh_person):  # noqa: F811
    rows = [
        {"committee_code": xs.dg_v1.code, "name": f"大批志愿者{i}", "birth_year": 1950, "layer": "参与层"}
        for i in range(JOB_ROWS)
    ]
    stolen = {"person_code": eh_person.code, "name": "改名", "birth_year": 1950, "layer": "参与层"}
    rows.append({"committee_code": xs.dg_v1.code, **stolen})
    client = client_for(xs.dg_secretary)
    before = snapshot()
    with eager(execute=True):
        upload(client, "volunteers", build_workbook([(TABLES["volunteers"].spec(), rows)]))
        confirm(client, "volunteers")
    summary = Job.objects.get(kind="import_plan").result["summary"]
    assert summary["counts"]["errors"] == 1 and "“人员编码”" in summary["errors"][0]
    assert "不在您的权限范围内" in summary["errors"][0] and "鹅湖张三" not in str(summary)
    assert not Job.objects.filter(kind="import_apply").exists()
    assert snapshot() == before

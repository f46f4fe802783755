"""Volunteer teams out to Excel and back, keyed by committee code + team name."""

import io

import pytest
from openpyxl import load_workbook

from committees.excel_specs import TEAM_SHEET
from committees.imports import TABLES, import_apply, import_plan, table_export, table_template
from committees.models import Layer, TeamType, Volunteer, VolunteerTeam
from tests.committees.test_import_helpers import column_of, edited, row_where, snapshot, workbook
from tests.factories import PersonFactory

TEAMS = TABLES["teams"]


@pytest.fixture
def teams(xs):
    team = VolunteerTeam.objects.create(
        committee=xs.dg, name="东港老干部宣讲团", team_type=TeamType.LECTURE_GROUP, founded_year=2012
    )
    team.members.add(Volunteer.objects.create(person=PersonFactory(), committee=xs.dg_v1, layer=Layer.BACKBONE))
    VolunteerTeam.objects.create(committee=xs.eh, name="鹅湖法治宣讲团", team_type=TeamType.LECTURE_GROUP)
    return team


def test_edit_add_and_reimport(xs, teams):
    def edit(ws):
        row = row_where(ws, "团队名称", "东港老干部宣讲团")
        assert ws.cell(row, column_of(ws, "在册成员数")).value == 1
        ws.cell(row, column_of(ws, "服务内容")).value = "党史宣讲"
        ws.cell(row, column_of(ws, "在册成员数")).value = 99  # shown only: not read back
        ws.append(["XS01", "东港镇关工委", "东港五老帮教团", "帮教团", 2019, "帮教"])

    data = edited(table_export(TEAMS, xs.dg), TEAM_SHEET, edit)
    plan = import_plan(TEAMS, user=xs.dg_secretary, data=data)
    assert plan.errors == [] and (len(plan.new), len(plan.changed)) == (1, 1)
    assert plan.changed[0].changes == [("服务内容", "", "党史宣讲")]
    import_apply(TEAMS, user=xs.dg_secretary, plan=plan)

    teams.refresh_from_db()
    assert teams.service_content == "党史宣讲" and teams.members.count() == 1
    new = VolunteerTeam.objects.get(name="东港五老帮教团")
    assert new.team_type == TeamType.MENTORING_GROUP and new.history.get().history_user == xs.dg_secretary

    before = snapshot()
    again = import_plan(TEAMS, user=xs.dg_secretary, data=data)
    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 2)
    import_apply(TEAMS, user=xs.dg_secretary, plan=again)
    assert snapshot() == before


def test_a_founding_year_in_the_future_is_refused(xs, teams):
    plan = import_plan(TEAMS, user=xs.dg_secretary, data=workbook("teams", [["XS01", None, "新团", "其他", 2999]]))
    assert "工作表“志愿者团队”，第2行，“成立年份”列，值“2999”" in str(plan.errors[0])


def test_the_blank_template_filled_in_imports(xs, teams):
    book = load_workbook(io.BytesIO(table_template(TEAMS, xs.dg, user=xs.dg_secretary)))
    assert book.sheetnames == [TEAM_SHEET, "填表说明", "单位编码表"]
    assert any("在册成员数" in (c.value or "") for c in book["填表说明"]["A"])
    book[TEAM_SHEET].append(["XS01", None, "东港新团", "讲师团", 2020, "授课"])
    out = io.BytesIO()
    book.save(out)
    plan = import_plan(TEAMS, user=xs.dg_secretary, data=out.getvalue())
    assert plan.errors == [] and [r.name for r in plan.new] == ["东港新团"]

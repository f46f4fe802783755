"""surveys.imports: planning an upload (what it changes, what it ignores, what refuses it) and
applying it all or nothing; and the helpers the other Excel tests share."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from surveys import imports, services
from surveys.models import State, Submission, SubmissionRow, SubmissionTransition
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.surveys.conftest import fill, open_round, submission
from tests.surveys.forms import plain_header
from tests.xlsx import book_bytes

# Helpers ----------------------------------------------------------------------------------------


@pytest.fixture
def dg_round(xs, registry):
    """The 2024 round, 东港镇's five forms filled with valid figures (tests.surveys.forms), in draft."""
    survey_round = open_round(xs, 2024)
    for number in range(1, 6):
        fill(xs.dg_secretary, submission(survey_round, xs.dg, number))
    return survey_round


def template(survey_round, town) -> bytes:
    return imports.survey_template(survey_round, town)


def edited(data: bytes, *changes: tuple[str, str | int, str, object], drop: tuple[str, ...] = ()) -> bytes:
    """The workbook with cells changed: (sheet prefix, the row's 单位编码 or Excel row number,
    header, value); `drop` removes sheets by prefix ("meta" for the meta sheet)."""
    wb = load_workbook(io.BytesIO(data))
    for prefix, row, header, value in changes:
        ws = wb[sheet_named(wb, prefix)]
        column = next(c.column for c in ws[1] if plain_header(c.value) == header)
        number = (
            row if isinstance(row, int) else next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == row)
        )
        ws.cell(number, column).value = value  # cell(…, value=None) would not clear it
    for prefix in drop:
        del wb[sheet_named(wb, prefix)]
    return book_bytes(wb)


def sheet_named(wb, prefix: str) -> str:
    return next(n for n in wb.sheetnames if n == prefix or n.startswith(prefix + " "))


def snapshot() -> dict:
    """The survey tables and their history counts: equal before and after means nothing was stored."""
    return {
        "rows": list(SubmissionRow.objects.order_by("pk").values()),
        "rows.history": SubmissionRow.history.count(),
        "submissions": list(Submission.objects.order_by("pk").values()),
        "submissions.history": Submission.history.count(),
        "transitions": SubmissionTransition.objects.count(),
    }


def plan_of(xs, survey_round, data: bytes, *, actor=None, town=None) -> imports.UploadPlan:
    return imports.upload_plan(actor=actor or xs.dg_secretary, survey_round=survey_round, town=town or xs.dg, data=data)


def post_upload(client, survey_round, town, data: bytes):
    url = reverse("surveys:upload", kwargs={"year": survey_round.year, "town_pk": town.pk})
    return client.post(url, {"file": SimpleUploadedFile("survey.xlsx", data)})


def post_confirm(client, survey_round, town):
    return client.post(reverse("surveys:upload_confirm", kwargs={"year": survey_round.year, "town_pk": town.pk}))


def values(survey_round, town, form: int, position: int = 1, section: str = "main") -> dict:
    return SubmissionRow.objects.get(
        submission__survey_round=survey_round,
        submission__town=town,
        submission__form=form,
        section=section,
        position=position,
    ).values


def found(issues, **expected) -> list:
    """The issues whose attributes are as given (message: a part of it)."""
    part = expected.pop("message", "")
    return [i for i in issues if part in i.message and all(getattr(i, k) == v for k, v in expected.items())]


# Planning ----------------------------------------------------------------------------------------


def test_an_unchanged_template_plans_no_change_and_no_problem(xs, dg_round):
    plan = plan_of(xs, dg_round, template(dg_round, xs.dg))
    assert plan.ok and not plan.changed
    assert (plan.errors, plan.warnings, plan.issues) == ([], [], [])
    assert len(plan.sheets) == 8


def test_changes_are_listed_by_sheet_row_and_header_with_old_and_new(xs, dg_round):
    data = edited(
        template(dg_round, xs.dg),
        ("表2", "XS01V01", "预算安排(万元)", 6.5),
        ("表1", "XS01", "是否配备五老副主任", "否"),
    )
    plan = plan_of(xs, dg_round, data)
    assert plan.ok and plan.changed
    changes = {
        s.name: [(c.row, c.committee, c.header, c.old, c.new) for c in s.changes] for s in plan.sheets if s.changes
    }
    assert changes == {
        "表1 班子队伍": [(2, "东港镇关工委（XS01）", "是否配备五老副主任", "是", "否")],
        "表2 经费落实": [(3, "东港村关工委（XS01V01）", "预算安排(万元)", "4.00", "6.50")],
    }


def test_a_list_row_keeps_its_identity_and_a_renamed_one_is_replaced(xs, dg_round):
    data = edited(template(dg_round, xs.dg), ("表4B", 2, "成员数", 15), ("表4B", 3, "团队名称", "东港村爱心团"))
    plan = plan_of(xs, dg_round, data)
    teams = next(s for s in plan.sheets if s.name == "表4B 志愿团队")
    assert [(c.header, c.old, c.new) for c in teams.changes] == [("成员数", "12", "15")]
    assert teams.added == ["第3行 东港村关工委（XS01V01） · 东港村爱心团"]
    assert teams.removed == ["东港村关工委（XS01V01） · 东港村五老爱心志愿团"]
    kept_id = SubmissionRow.objects.get(section="B", submission__form=4, submission__town=xs.dg, position=1).pk

    imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    rows = list(
        SubmissionRow.objects.filter(section="B", submission__form=4, submission__town=xs.dg).order_by("position")
    )
    assert [(r.values["name"], r.values["members"]) for r in rows] == [("东港老干部宣讲团", 15), ("东港村爱心团", 8)]
    assert rows[0].pk == kept_id


def test_a_changed_locked_cell_is_ignored_with_a_warning(xs, dg_round):
    data = edited(template(dg_round, xs.dg), ("表2", "XS01V01", "标准下限(万元)", 1))
    plan = plan_of(xs, dg_round, data)
    assert plan.ok
    (warning,) = plan.warnings
    assert (warning.sheet, warning.row, warning.header, warning.value) == ("表2 经费落实", 3, "标准下限(万元)", 1)
    assert warning.message == "此列不能修改，导入时忽略（仍为“3.00”）。"
    imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    assert values(dg_round, xs.dg, 2, 2)["standard_lower"] == "3.00"


def test_a_refused_row_is_not_taken_for_a_row_left_out(xs, dg_round):
    plan = plan_of(xs, dg_round, edited(template(dg_round, xs.dg), ("表1", "XS01V02", "班子成员数", "x")))
    assert [(e.row, e.message) for e in plan.errors] == [(4, "应为整数。")]
    assert plan.warnings == []


def test_a_row_left_out_of_a_sheet_stays_as_it_was(xs, dg_round):
    wb = load_workbook(io.BytesIO(edited(template(dg_round, xs.dg), ("表1", "XS01", "班子成员数", 9))))
    wb["表1 班子队伍"].delete_rows(4)  # 港下社区
    out = io.BytesIO()
    wb.save(out)
    plan = plan_of(xs, dg_round, out.getvalue())
    assert plan.ok
    assert [w.message for w in plan.warnings] == ["文件中没有港下社区关工委（XS01V02）的行，该行数据保持不变。"]
    before = values(dg_round, xs.dg, 1, 3)
    imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    assert values(dg_round, xs.dg, 1, 1)["leadership_size"] == 9
    assert values(dg_round, xs.dg, 1, 3) == before


def test_broken_rules_do_not_refuse_the_file_but_are_listed(xs, dg_round):
    data = edited(template(dg_round, xs.dg), ("表4", "XS01", "骨干60岁以下", 2))
    plan = plan_of(xs, dg_round, data)
    assert plan.ok and plan.rule_counts() == (1, 0)
    (issue,) = plan.issues
    assert (issue.sheet, issue.row, issue.header, issue.value) == ("表4 五老队伍", 2, "骨干60岁以下", "2")


def test_a_derived_count_follows_the_stored_rows_of_a_sheet_left_out(xs, dg_round):
    """志愿者团队数 is the number of 表4B's teams: a figure typed over it is noted and ignored."""
    data = edited(template(dg_round, xs.dg), ("表4", "XS01", "志愿者团队数", 3), drop=("表4B",))
    plan = plan_of(xs, dg_round, data)
    assert plan.ok and plan.issues == []
    assert [w.message for w in plan.warnings] == [
        "志愿者团队数按“表4B 志愿团队”所列行数自动计算为 2，文件中填写的 3 已忽略。"
    ]
    imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    assert values(dg_round, xs.dg, 4)["volunteer_teams"] == 2


def test_a_team_removed_in_the_file_sets_the_count_it_leaves(xs, dg_round):
    book = load_workbook(io.BytesIO(template(dg_round, xs.dg)))
    sheet = book[sheet_named(book, "表4B")]
    last = max(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value)
    sheet.delete_rows(last)  # the last of its two teams; 表4's 志愿者团队数 still says 2
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    plan = plan_of(xs, dg_round, data)
    assert plan.ok and plan.issues == [] and plan.warnings == []
    imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    assert values(dg_round, xs.dg, 4)["volunteer_teams"] == 1
    assert SubmissionRow.objects.filter(submission=submission(dg_round, xs.dg, 4), section="B").count() == 1


def test_only_a_user_who_may_enter_the_towns_forms_may_plan(xs, dg_round):
    with pytest.raises(PermissionDenied):
        plan_of(xs, dg_round, template(dg_round, xs.dg), actor=xs.dg_viewer)


# Applying ----------------------------------------------------------------------------------------


def test_a_plan_with_errors_is_not_applied(xs, dg_round):
    plan = plan_of(xs, dg_round, edited(template(dg_round, xs.dg), ("表1", "XS01", "班子成员数", "八")))
    before = snapshot()
    with pytest.raises(ValidationError):
        imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    assert snapshot() == before


def test_applying_is_all_or_nothing(xs, dg_round):
    data = edited(template(dg_round, xs.dg), ("表1", "XS01", "班子成员数", 9), ("表2", "XS01", "预算安排(万元)", 11))
    plan = plan_of(xs, dg_round, data)
    assert plan.ok
    services.submission_submit(actor=xs.dg_secretary, submission=submission(dg_round, xs.dg, 2))
    before = snapshot()
    with pytest.raises(ValidationError):  # form 2 was submitted after the preview
        imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    assert snapshot() == before
    assert values(dg_round, xs.dg, 1)["leadership_size"] == 8


def test_applying_only_saves_the_forms_that_change(xs, dg_round):
    plan = plan_of(xs, dg_round, edited(template(dg_round, xs.dg), ("表5", "XS01", "宣传稿件数", 9)))
    history = Submission.history.count()
    (saved_form,) = [s.submission.form for s in plan.sheets if s.changed]
    imports.upload_apply(actor=xs.dg_secretary, plan=plan)
    assert saved_form == 5 and Submission.history.count() == history + 1
    assert values(dg_round, xs.dg, 5)["articles"] == 9


def test_applying_with_submit_submits_every_form_of_the_file(xs, dg_round):
    plan = plan_of(xs, dg_round, edited(template(dg_round, xs.dg), drop=("表3", "表3B", "表4", "表4B", "表5", "表5B")))
    imports.upload_apply(actor=xs.dg_secretary, plan=plan, submit=True)
    states = dict(Submission.objects.filter(survey_round=dg_round, town=xs.dg).values_list("form", "state"))
    assert states == {1: State.SUBMITTED, 2: State.SUBMITTED, 3: State.DRAFT, 4: State.DRAFT, 5: State.DRAFT}


def test_planning_takes_a_fixed_number_of_queries(xs, dg_round, django_assert_max_num_queries):
    data = edited(template(dg_round, xs.dg), ("表1", "XS01", "班子成员数", 9), ("表4B", 2, "成员数", 15))
    with django_assert_max_num_queries(8):
        plan = plan_of(xs, dg_round, data)
    assert plan.ok and plan.changed

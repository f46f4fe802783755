"""The survey management commands: open_round, export_survey_template, import_submission,
review_submission — each acting as a district admin (or --user), each refusing in words."""

import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from surveys import imports, services
from surveys.models import State, Step, Submission, SubmissionTransition, SurveyRound
from tests.surveys import test_excel_plan
from tests.surveys.conftest import open_round, submission
from tests.surveys.test_excel_plan import edited, snapshot, values

dg_round = test_excel_plan.dg_round  # a fixture


def run(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


# open_round ------------------------------------------------------------------------------------


def test_open_round_opens_a_round_as_the_district_admin(xs):
    out, _err = run("open_round", "--year", "2023", "--deadline", "2023-10-10", "--forms", "1,2,4")
    survey_round = SurveyRound.objects.get(year=2023)
    assert survey_round.opened_by == xs.admin
    assert survey_round.enabled_forms == [1, 2, 4] and survey_round.deadline == datetime.date(2023, 10, 10)
    assert survey_round.opened_on == datetime.date(2023, 10, 10)  # back-filled: opened by its deadline
    assert Submission.objects.filter(survey_round=survey_round).count() == 2 * 3
    assert "2023" in out and "1, 2, 4" in out


def test_open_round_takes_the_opening_date(xs):
    run("open_round", "--year", "2022", "--deadline", "2022-10-10", "--opened-on", "2022-04-20")
    assert SurveyRound.objects.get(year=2022).opened_on == datetime.date(2022, 4, 20)


def test_open_round_acts_as_the_user_named_and_refuses_who_may_not(xs):
    with pytest.raises(CommandError, match="staff"):
        run("open_round", "--year", "2024", "--deadline", "2024-10-10", "--user", "staff")
    assert not SurveyRound.objects.exists()


def test_open_round_refuses_a_year_already_open(xs):
    open_round(xs, 2024)
    with pytest.raises(CommandError, match="2024"):
        run("open_round", "--year", "2024", "--deadline", "2024-10-10")
    assert SurveyRound.objects.count() == 1


@pytest.mark.parametrize("option,value", [("--deadline", "10/10/2024"), ("--forms", "1,二")])
def test_open_round_refuses_what_it_cannot_read(xs, option, value):
    args = {"--deadline": "2024-10-10", "--forms": "1,2", option: value}
    with pytest.raises(CommandError):
        run("open_round", "--year", "2024", *[x for pair in args.items() for x in pair])
    assert not SurveyRound.objects.exists()


def test_without_a_district_admin_a_user_must_be_named(xs):
    xs.admin.is_active = False
    xs.admin.save()
    with pytest.raises(CommandError, match="--user"):
        run("open_round", "--year", "2024", "--deadline", "2024-10-10")
    with pytest.raises(CommandError, match="nobody"):
        run("open_round", "--year", "2024", "--deadline", "2024-10-10", "--user", "nobody")


# export_survey_template ------------------------------------------------------------------------


def test_export_survey_template_writes_the_towns_workbook(xs, dg_round, tmp_path):
    out_file = tmp_path / "dg.xlsx"
    out, _err = run("export_survey_template", "--year", "2024", "--town", "XS01", "--out", str(out_file))
    wb = load_workbook(out_file)
    assert {r[0].value: r[1].value for r in wb["meta"].iter_rows()}["town"] == "XS01"
    assert wb["表2 经费落实"]["F3"].value == 4  # 东港村's 预算安排, as stored
    assert str(out_file) in out


@pytest.mark.parametrize(
    "args,message",
    [
        (["--year", "2024", "--town", "XS99"], "XS99"),
        (["--year", "2024", "--town", "XS01V01"], "XS01V01"),  # a village is not surveyed
        (["--year", "2019", "--town", "XS01"], "2019"),
        (["--year", "2024", "--town", "XS01", "--user", "eh_secretary"], "eh_secretary"),
    ],
)
def test_export_survey_template_refuses(xs, dg_round, tmp_path, args, message):
    out_file = tmp_path / "x.xlsx"
    with pytest.raises(CommandError, match=message):
        run("export_survey_template", *args, "--out", str(out_file))
    assert not out_file.exists()


# import_submission -----------------------------------------------------------------------------


@pytest.fixture
def filled(xs, dg_round, tmp_path):
    """东港镇's workbook with 东港村's 预算安排 changed from 4 to 6.5 万元."""
    path = tmp_path / "dg.xlsx"
    path.write_bytes(edited(imports.survey_template(dg_round, xs.dg), ("表2", "XS01V01", "预算安排(万元)", 6.5)))
    return path


def test_import_submission_prints_the_changes_and_stores_them(xs, dg_round, filled):
    out, _err = run("import_submission", str(filled), "--year", "2024", "--town", "XS01")
    assert "第3行 东港村关工委（XS01V01） “预算安排(万元)”：4.00 → 6.50" in out
    last = out.strip().splitlines()[-1]
    assert "表2" in last and "表1" not in last  # the forms saved: only form 2 changed
    assert values(dg_round, xs.dg, 2, 2)["budget"] == "6.50"
    form2 = submission(dg_round, xs.dg, 2)
    assert (form2.state, form2.updated_by, form2.updated_on_behalf) == (State.DRAFT, xs.admin, True)


def test_import_submission_submits_with_submit(xs, dg_round, filled):
    run("import_submission", str(filled), "--year", "2024", "--town", "XS01", "--submit")
    states = set(Submission.objects.filter(survey_round=dg_round, town=xs.dg).values_list("state", flat=True))
    assert states == {State.SUBMITTED}
    assert SubmissionTransition.objects.filter(action=Step.SUBMIT, on_behalf=True, by=xs.admin).count() == 5


def test_import_submission_skips_the_sheet_of_a_submitted_form_and_imports_the_others(xs, dg_round, tmp_path):
    services.submission_submit(actor=xs.dg_secretary, submission=submission(dg_round, xs.dg, 2))
    path = tmp_path / "locked.xlsx"
    path.write_bytes(
        edited(
            imports.survey_template(dg_round, xs.dg),
            ("表1", "XS01", "班子成员数", 9),
            ("表2", "XS01", "预算安排(万元)", 99),
        )
    )
    out, _err = run("import_submission", str(path), "--year", "2024", "--town", "XS01")
    assert "表2 经费落实：不导入。该表已提交/已审核，如需修改请联系区关工委退回。" in out
    assert "第2行 东港镇关工委（XS01） “预算安排(万元)”：10.00 → 99.00" in out
    assert values(dg_round, xs.dg, 1)["leadership_size"] == 9
    assert values(dg_round, xs.dg, 2)["budget"] == "10.00"


def test_import_submission_prints_the_errors_in_chinese_and_stores_nothing(xs, dg_round, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        edited(
            imports.survey_template(dg_round, xs.dg),
            ("表1", "XS01", "班子成员数", 9),
            ("表2", "XS01V01", "预算安排(万元)", "十万"),
        )
    )
    before = snapshot()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_submission", str(path), "--year", "2024", "--town", "XS01", stdout=out, stderr=err)
    assert (
        "错误：表2 经费落实 第3行 （XS01V01） “预算安排(万元)” 值“十万”：应为数字（万元，最多两位小数）。"
        in err.getvalue()
    )
    assert snapshot() == before


def test_import_submission_with_submit_stores_nothing_when_a_form_cannot_be_submitted(xs, dg_round, tmp_path):
    path = tmp_path / "rule.xlsx"
    path.write_bytes(
        edited(
            imports.survey_template(dg_round, xs.dg),
            ("表1", "XS01", "班子成员数", 9),
            ("表4", "XS01", "骨干60岁以下", 2),  # the age bands no longer sum to the backbone
        )
    )
    before = snapshot()
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_submission", str(path), "--year", "2024", "--town", "XS01", "--submit", stdout=out, stderr=err
        )
    assert "骨干各年龄段合计 11 人，应等于骨干层人数 10 人。" in out.getvalue() + err.getvalue()
    assert snapshot() == before


def test_import_submission_refuses_another_towns_secretary(xs, dg_round, filled):
    before = snapshot()
    with pytest.raises(CommandError, match="eh_secretary"):
        run("import_submission", str(filled), "--year", "2024", "--town", "XS01", "--user", "eh_secretary")
    assert snapshot() == before


def test_import_submission_refuses_a_file_it_cannot_read(xs, dg_round, tmp_path):
    with pytest.raises(CommandError):
        run("import_submission", str(tmp_path / "missing.xlsx"), "--year", "2024", "--town", "XS01")


def test_import_submission_refuses_a_workbook_of_another_town(xs, dg_round, tmp_path):
    path = tmp_path / "eh.xlsx"
    path.write_bytes(imports.survey_template(dg_round, xs.eh))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_submission", str(path), "--year", "2024", "--town", "XS01", stdout=out, stderr=err)
    assert "该工作簿是鹅湖镇关工委（XS03）的调查表，不能导入东港镇关工委（XS01）。" in err.getvalue()


# review_submission -----------------------------------------------------------------------------


@pytest.fixture
def submitted(xs, dg_round):
    return services.submission_submit(actor=xs.dg_secretary, submission=submission(dg_round, xs.dg, 2))


def test_review_submission_approves(xs, submitted):
    out, _err = run("review_submission", "--year", "2024", "--town", "XS01", "--form", "2", "--approve")
    submitted.refresh_from_db()
    assert submitted.state == State.APPROVED
    assert SubmissionTransition.objects.get(submission=submitted, action=Step.APPROVE).by == xs.admin
    assert "东港镇关工委" in out


def test_review_submission_returns_with_the_reason(xs, submitted):
    run(
        "review_submission",
        "--year",
        "2024",
        "--town",
        "XS01",
        "--form",
        "2",
        "--return",
        "实际到位金额有误",
        "--user",
        "staff",
    )
    submitted.refresh_from_db()
    transition = SubmissionTransition.objects.get(submission=submitted, action=Step.RETURN)
    assert (submitted.state, transition.reason, transition.by) == (State.RETURNED, "实际到位金额有误", xs.staff)


@pytest.mark.parametrize(
    "args",
    [
        ["--form", "1", "--approve"],  # a draft
        ["--form", "2", "--return", " "],  # no reason
        ["--form", "9", "--approve"],  # no such form
        ["--form", "2", "--approve", "--user", "dg_secretary"],  # not a reviewer
    ],
)
def test_review_submission_refuses(xs, submitted, args):
    with pytest.raises(CommandError):
        run("review_submission", "--year", "2024", "--town", "XS01", *args)
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert not SubmissionTransition.objects.exclude(action=Step.SUBMIT).exists()


def test_review_submission_needs_one_verdict(xs, submitted):
    with pytest.raises(CommandError):
        run("review_submission", "--year", "2024", "--town", "XS01", "--form", "2")
    with pytest.raises(CommandError):
        run("review_submission", "--year", "2024", "--town", "XS01", "--form", "2", "--approve", "--return", "x")


def test_the_commands_round_trip_a_workbook(xs, dg_round, tmp_path):
    """Export, fill, import and submit, then approve: the bulk path a district admin takes."""
    path = tmp_path / "dg.xlsx"
    run("export_survey_template", "--year", "2024", "--town", "XS01", "--out", str(path))
    wb = load_workbook(path)
    wb["表5 制度品牌"]["S2"] = 30  # 宣传稿件数
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    run("import_submission", str(path), "--year", "2024", "--town", "XS01", "--submit")
    run("review_submission", "--year", "2024", "--town", "XS01", "--form", "5", "--approve")
    assert values(dg_round, xs.dg, 5)["articles"] == 30
    assert submission(dg_round, xs.dg, 5).state == State.APPROVED

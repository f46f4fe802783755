"""surveys.grid: cells, options, where each issue goes, and the changes since a return."""

from django.utils.translation import gettext as _

from surveys import services
from surveys.grid import build_grid, changes_since_return, input_value, last_return, options
from surveys.models import SubmissionRow
from surveys.selectors import submission_transitions
from tests.surveys.conftest import fill, open_round, submission
from tests.surveys.forms import form


def test_a_select_keeps_a_value_that_is_none_of_its_options():
    source = form(1).main.field("exec_deputy_source")
    found = options(source, "退休干部")
    assert [o.value for o in found if o.selected] == ["退休干部"]
    assert [o.label for o in found][:2] == ["—", "退二线领导"]
    assert [o.value for o in options(source, "retired_teacher") if o.selected] == ["retired_teacher"]


def test_inputs_show_yes_no_and_blank_as_typed():
    concurrent = form(1).main.field("director_concurrent")
    assert (input_value(concurrent, True), input_value(concurrent, False), input_value(concurrent, None)) == (
        "是",
        "否",
        "",
    )
    assert input_value(form(2).main.field("budget"), "4.50") == "4.50"


def test_issues_go_to_their_cell_their_row_or_their_section(xs, registry):
    survey_round = open_round(xs, 2024)
    form1 = submission(survey_round, xs.dg, 1)
    town = SubmissionRow.objects.get(submission=form1, position=1)
    last = SubmissionRow.objects.get(submission=form1, position=3)
    last.values = dict(town.values)  # the town's row again; 港下社区's is missing
    last.save()
    town.values = {**town.values, "leadership_size": "很多"}
    town.save()

    grid = build_grid(form1, editable=True)
    main = grid.sections[0]
    assert [i.rule for i in main.rows[2].issues] == ["duplicate_row"]
    assert [i.rule for i in main.rows[0].cells[1].issues] == ["type"]  # 班子成员数
    assert [i.rule for i in main.issues] == ["missing_row"]
    assert [link.anchor for link in grid.issues] == ["cell-main-0-leadership_size", "row-main-2", "section-main"]
    assert grid.errors == 3


def test_a_list_row_names_its_unknown_committee_on_the_code_cell(xs, registry):
    form4 = submission(open_round(xs, 2024), xs.dg, 4)
    row = SubmissionRow.objects.get(submission=form4, section="B")
    row.values = {**row.values, "committee_code": "XS03V01"}
    row.save()
    grid = build_grid(form4, editable=True)
    code = grid.sections[1].rows[0].cells[0]
    assert code.key == "committee_code" and [i.rule for i in code.issues] == ["unknown_committee"]
    assert grid.issues[0].where == "XS03V01"


def test_the_changes_since_a_return_list_rows_added_and_removed(xs, registry):
    form4 = submission(open_round(xs, 2024), xs.dg, 4)
    fill(xs.dg_secretary, form4)
    services.submission_submit(actor=xs.dg_secretary, submission=form4)
    services.submission_return(actor=xs.staff, submission=form4, reason="团队名单不全")
    first = SubmissionRow.objects.get(submission=form4, section="B", position=1)
    services.submission_save(
        actor=xs.dg_secretary,
        submission=form4,
        rows={
            "main": [{"committee_code": "XS01", "joined": 4}],
            "B": [
                {**first.values, "_id": first.pk},
                {"committee_code": "XS01", "name": "东港法治宣讲团", "team_type": "宣讲团", "members": 6},
            ],
        },
    )
    grid = build_grid(form4, editable=True)
    returned = last_return(submission_transitions(form4))
    changes = changes_since_return(form4, grid.form, grid.rows, returned).changes
    found = [(c.sheet, c.where, c.header, c.old, c.new) for c in changes]
    assert found == [
        ("表4 五老队伍", "东港镇关工委", "本年新加入", "3", "4"),
        ("表4B 志愿团队", "XS01 · 东港法治宣讲团", _("(row added)"), "", "XS01；东港法治宣讲团；宣讲团；6"),
        (
            "表4B 志愿团队",
            "XS01V01 · 东港村五老爱心志愿团",
            _("(row removed)"),
            "XS01V01；东港村五老爱心志愿团；志愿服务队；8",
            "",
        ),
    ]

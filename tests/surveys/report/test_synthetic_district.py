"""The synthetic district of the compile benchmark (surveys/synthetic.py; load_synthetic builds its
districts the same way): the sizes asked, forms that pass their own validation, approved, and a
report that counts them."""

import pytest
from django.core.exceptions import ValidationError

from committees.models import Committee, Kind
from surveys.models import State, Submission, SubmissionRow, SubmissionTransition
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year, submission_issues
from surveys.synthetic import synthetic_district_create
from surveys.validation import has_errors


def test_it_creates_the_towns_and_villages_asked_with_valid_approved_forms(db):
    made = synthetic_district_create(towns=3, villages=4)

    district = made.district
    assert (made.towns, made.villages, made.years) == (3, 12, [2023])
    assert Committee.objects.filter(path__startswith=district.path, kind__in=[Kind.TOWN, Kind.SUBDISTRICT]).count() == 3
    assert (
        Committee.objects.filter(path__startswith=district.path, kind__in=[Kind.VILLAGE, Kind.COMMUNITY]).count() == 12
    )
    submissions = Submission.objects.filter(survey_round=round_for_year(2023)).select_related("town", "survey_round")
    assert submissions.count() == 3 * 5
    for submission in submissions:
        assert submission.state == State.APPROVED
        issues = submission_issues(submission)  # read back from the database, as the review page does
        assert not has_errors(issues), [str(i) for i in issues if i.is_error]
        assert submission.error_count == 0
    assert SubmissionTransition.objects.filter(to_state=State.APPROVED).count() == 15


def test_its_report_counts_3_towns_and_12_villages_with_last_rounds_figures(db):
    made = synthetic_district_create(towns=3, villages=4, previous=True)

    data = report_data_build(survey_round=round_for_year(2023), scope=made.district)

    assert made.years == [2022, 2023]
    assert (data.value("towns"), data.value("villages")) == (3, 12)
    assert (data.previous("towns"), data.previous("villages")) == (3, 12)
    assert data.missing == []
    assert data.value("schools") == 3 * 3
    assert data.value("enterprises") == 3 * 4


def test_a_bigger_district_gives_every_problem_rule_something_to_find(db):
    made = synthetic_district_create(towns=2, villages=30)

    data = report_data_build(survey_round=round_for_year(2023), scope=made.district)

    fired = {p["rule"] for p in data.problems}
    assert {
        "backbone_aging",
        "funds_below_standard",
        "fhfg_regressed",
        "exec_deputy_not_five_old_without_deputy",
        "no_young_staff",
    } <= fired
    assert "form_missing" not in fired
    exceptions = data.value("village_exec_deputy_exceptions")
    assert exceptions and {e["has_five_old_deputy"] for e in exceptions} == {False}


def test_it_refuses_a_database_that_holds_a_district(xs):
    with pytest.raises(ValidationError, match="already holds the district XS"):
        synthetic_district_create(towns=1, villages=1)
    assert not Committee.objects.filter(code__startswith="SY").exists()


def test_its_rows_and_steps_are_recorded_as_made_by_load_synthetic_not_load_demo(db):
    synthetic_district_create(towns=1, villages=2)

    reasons = {
        *SubmissionRow.history.values_list("history_change_reason", flat=True),
        *Submission.history.filter(state=State.APPROVED).values_list("history_change_reason", flat=True),
    }
    assert "load_synthetic" in reasons
    assert "load_demo" not in reasons

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import Committee, Kind
from surveys import services
from surveys.models import State, Submission, SubmissionRow, SurveyRound
from surveys.selectors import submission_form
from surveys.validation import changed_cells
from tests.factories import CommitteeFactory
from tests.surveys.conftest import open_round, submission, today
from tests.surveys.forms import rows, rows_of_ehu


def main_rows(sub: Submission, section: str = "main") -> list[SubmissionRow]:
    return list(sub.rows.filter(section=section).order_by("position"))


def approve(xs, sub: Submission, sections: dict) -> None:
    services.submission_save(actor=xs.staff, submission=sub, rows=sections)
    services.submission_submit(actor=xs.staff, submission=sub)
    services.submission_approve(actor=xs.staff, submission=sub)


def test_it_creates_one_draft_per_town_and_form(xs):
    survey_round = open_round(xs, 2023)
    assert survey_round.reference_date == datetime.date(2023, 12, 31)
    assert survey_round.spec_version == "2024.1"
    assert survey_round.fhfg_standard.name == "2023 修订"
    assert survey_round.opened_by == xs.admin
    found = sorted(Submission.objects.values_list("town__code", "form", "state"))
    assert found == [(t, f, State.DRAFT) for t in ("XS01", "XS03") for f in (1, 2, 3, 4, 5)]


def test_a_round_before_the_revision_uses_the_older_standard(xs):
    assert open_round(xs, 2022).fhfg_standard.name == "2011"


def test_only_the_enabled_forms_are_sent(xs):
    survey_round = open_round(xs, 2023, forms=[4, 1])
    assert survey_round.enabled_forms == [1, 4]
    assert sorted(set(Submission.objects.values_list("form", flat=True))) == [1, 4]


def test_rows_follow_the_row_kinds(xs):
    survey_round = open_round(xs, 2023)
    codes = {
        (f, section): [r.values["committee_code"] for r in main_rows(submission(survey_round, xs.dg, f), section)]
        for f, section in [(1, "main"), (2, "main"), (3, "main"), (3, "B"), (4, "main"), (5, "main")]
    }
    assert codes[(1, "main")] == codes[(2, "main")] == ["XS01", "XS01V01", "XS01V02"]
    assert codes[(3, "main")] == ["XS01V01", "XS01V02"]
    assert codes[(3, "B")] == codes[(4, "main")] == codes[(5, "main")] == ["XS01"]
    assert all(r.committee is not None for r in SubmissionRow.objects.filter(section="main"))


def test_form_1_is_prefilled_from_the_open_posts(xs, registry):
    town, village, community = main_rows(submission(open_round(xs), xs.dg, 1))
    assert town.values == {
        "committee_code": "XS01",
        "committee_name": "东港镇关工委",
        "level": "town",
        "leadership_size": 6,  # the ended post and the young staff don't count
        "director_name": "周书记",
        "director_concurrent": True,
        "exec_deputy_name": "钱主任",
        "exec_deputy_birth_year": 1964,
        "exec_deputy_source": "second_line_leader",
        "exec_deputy_five_old": False,
        "deputies": 2,
        "five_old_deputy": True,
        "office_head": "郑办公室",
        "young_staff": 1,
    }
    assert town.prefill == town.values
    assert (village.values["exec_deputy_five_old"], village.values["five_old_deputy"]) == (True, False)
    assert community.values["exec_deputy_source"] == "in_office_cadre" and community.values["young_staff"] == 0


def test_form_2_takes_the_funding_standard_of_the_year(xs):
    rows_2023 = main_rows(submission(open_round(xs, 2023), xs.dg, 2))
    assert [(r.values["year"], r.values["standard_lower"], r.values["standard_upper"]) for r in rows_2023] == [
        (2022, "8.00", "10.00"),  # the data year's standard
        (2022, "3.00", "5.00"),
        (2022, "3.00", "5.00"),
    ]
    rows_2018 = main_rows(submission(open_round(xs, 2018), xs.dg, 2))
    assert rows_2018[0].values["standard_lower"] == rows_2018[0].values["standard_upper"] == "5.00"


def test_form_3b_counts_the_towns_schools_and_enterprises(xs):
    CommitteeFactory(code="XS01E001", name="无锡甲公司关工委", kind=Kind.ENTERPRISE, parent=xs.dg)
    CommitteeFactory(code="XS01E002", name="无锡乙公司关工委", kind=Kind.ENTERPRISE, parent=xs.dg)
    (row,) = main_rows(submission(open_round(xs), xs.dg, 3), "B")
    assert (row.values["schools"], row.values["enterprises"]) == (1, 2)
    assert "fhfg_enterprises" not in row.prefill


def test_form_4_counts_five_olds_on_the_reference_date(xs, registry):
    (row,) = main_rows(submission(open_round(xs, 2023), xs.dg, 4))
    figures = {k: v for k, v in row.values.items() if k not in ("committee_code", "committee_name")}
    assert figures == {
        "backbone": 3,
        "participants": 2,  # the one who joins in 2024 is not counted in 2023
        "cadres": 1,
        "veterans": 1,
        "experts": 1,
        "teachers": 1,  # the teacher who exited in June 2023 no longer counts
        "model_workers": 1,
        "backbone_under_60": 0,
        "backbone_60_69": 1,
        "backbone_70_80": 1,
        "backbone_over_80": 1,
        "joined": 1,
        "exited": 1,
        "volunteer_teams": 1,
    }


def test_form_4b_lists_the_registrys_teams(xs, registry):
    (team,) = main_rows(submission(open_round(xs), xs.dg, 4), "B")
    assert team.committee == xs.dg
    assert (
        team.values
        == team.prefill
        == {
            "committee_code": "XS01",
            "name": "东港老干部宣讲团",
            "team_type": "lecture_group",
            "members": 2,
            "founded_year": 2012,
            "service": "进校园宣讲",
        }
    )


def test_form_5_counts_stations_and_hub_and_points_villages(xs, registry):
    (row,) = main_rows(submission(open_round(xs), xs.dg, 5))
    assert (row.values["tutoring_stations"], row.values["hub_villages"], row.values["station_activities"]) == (2, 1, 34)
    assert main_rows(submission(SurveyRound.objects.get(), xs.dg, 5), "B") == []


def test_last_rounds_approved_values_fill_what_the_registry_does_not_hold(xs, registry):
    last = open_round(xs, 2022, deadline=datetime.date(2022, 10, 8))
    funds = rows(2)
    funds["main"][1]["notes"] = "2022 年的备注"
    approve(xs, submission(last, xs.dg, 2), funds)
    approve(xs, submission(last, xs.dg, 5), rows(5))
    services.submission_save(actor=xs.staff, submission=submission(last, xs.eh, 2), rows=rows_of_ehu(2))

    survey_round = open_round(xs, 2023)
    town, village, _community = main_rows(submission(survey_round, xs.dg, 2))
    assert (village.values["budget"], village.values["in_place"], village.values["in_fiscal_budget"]) == (
        "4.00",
        "4.50",
        True,
    )
    assert village.values["year"] == 2022 and "notes" not in village.values
    assert "budget" not in village.prefill
    assert "budget" not in main_rows(submission(survey_round, xs.eh, 2))[1].values  # not approved last year
    (station,) = main_rows(submission(survey_round, xs.dg, 5))
    assert station.values["hub_villages"] == 1 and station.values["articles"] == 5  # registry, then last round
    (brand,) = main_rows(submission(survey_round, xs.dg, 5), "B")
    assert brand.values["name"] == "一站多点辅导站" and brand.committee == xs.dg and brand.prefill == {}


def test_checklist_results_are_not_carried_across_a_new_standard(xs):
    last = open_round(xs, 2022, deadline=datetime.date(2022, 10, 8))
    assert last.fhfg_standard.name == "2011"
    approve(xs, submission(last, xs.dg, 3), rows(3))
    village = main_rows(submission(open_round(xs, 2023), xs.dg, 3))[0]
    assert village.values["fhfg_built"] is True and village.values["built_year"] == 2009
    assert "fhfg_item_1" not in village.values

    approve(xs, submission(SurveyRound.objects.get(year=2023), xs.dg, 3), rows(3))
    village = main_rows(submission(open_round(xs, 2024), xs.dg, 3))[0]
    assert village.values["fhfg_item_1"] == "met"


def test_cells_changed_from_the_registry_can_be_marked(xs, registry):
    sub = submission(open_round(xs), xs.dg, 4)
    services.submission_save(
        actor=xs.dg_secretary, submission=sub, rows={"main": [{"committee_code": "XS01", "backbone": 4}]}
    )
    (row,) = main_rows(sub)
    assert changed_cells(submission_form(sub).main, row.values, row.prefill) == {"backbone"}


def test_opening_counts_each_forms_errors_and_warnings(xs, registry):
    survey_round = open_round(xs)
    assert submission(survey_round, xs.dg, 1).warning_count == 1  # the community without young staff
    assert submission(survey_round, xs.dg, 1).error_count == 0
    # Form 2's 21 blank budget cells are to fill, not errors, until the town first saves it.
    assert submission(survey_round, xs.dg, 2).error_count == 0


def test_a_year_is_opened_once(xs):
    open_round(xs, 2023)
    with pytest.raises(ValidationError, match="2023"):
        open_round(xs, 2023)


@pytest.mark.parametrize("who", ["staff", "dg_secretary", "viewer"])
def test_only_a_district_admin_opens_a_round(xs, who):
    with pytest.raises(PermissionDenied):
        services.round_open(actor=getattr(xs, who), year=2023, deadline=today())
    assert not SurveyRound.objects.exists()


def test_a_past_deadline_back_fills_an_earlier_year(xs):
    survey_round = open_round(xs, 2021, deadline=datetime.date(2021, 10, 8))
    assert survey_round.opened_on == datetime.date(2021, 10, 8)
    assert Submission.objects.filter(survey_round=survey_round).count() == 10


def test_a_deadline_before_the_opening_is_refused(xs):
    with pytest.raises(ValidationError):
        open_round(xs, 2023, deadline=datetime.date(2023, 4, 1), opened_on=datetime.date(2023, 4, 20))


def test_committees_closed_by_the_reference_date_get_no_row(xs):
    xs.dg_v2.closed_on = datetime.date(2023, 6, 30)
    xs.dg_v2.save()
    codes = [r.values["committee_code"] for r in main_rows(submission(open_round(xs, 2023), xs.dg, 1))]
    assert codes == ["XS01", "XS01V01"]


def test_the_round_opens_in_a_constant_number_of_queries(xs, registry):
    def opening_queries(year: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            open_round(xs, year)
        return len(captured)

    opening_queries(2023)  # so that both rounds measured have a previous round
    small = opening_queries(2024)
    # Five more towns, few enough rows to stay within one bulk-insert batch (500 rows).
    for t in range(4, 9):
        town = CommitteeFactory(code=f"XS0{t}", name=f"测试镇{t}关工委", kind=Kind.TOWN, parent=xs.district)
        for v in range(1, 3):
            CommitteeFactory(code=f"XS0{t}V0{v}", name=f"测试村{t}{v}关工委", kind=Kind.VILLAGE, parent=town)
    assert opening_queries(2025) == small
    assert Submission.objects.filter(survey_round__year=2025).count() == 7 * 5


def test_money_prefill_is_stored_exactly(xs):
    row = main_rows(submission(open_round(xs), xs.dg, 2))[0]
    assert Decimal(row.values["standard_upper"]) == Decimal("10.00")


def test_a_year_before_any_fhfg_standard_cannot_be_opened(xs):
    with pytest.raises(ValidationError, match="2005-12-31"):
        open_round(xs, 2005, deadline=datetime.date(2005, 10, 8))
    assert not SurveyRound.objects.exists()


def test_the_open_round_form_proposes_the_first_year_without_a_round(xs):
    from surveys.forms_review import RoundOpenForm

    scopes = Committee.objects.filter(pk=xs.dg.parent_id)
    assert RoundOpenForm(scopes=scopes).fields["year"].initial == today().year
    for year in (2022, 2023, 2024):
        open_round(xs, year)
    assert RoundOpenForm(scopes=scopes).fields["year"].initial == 2025

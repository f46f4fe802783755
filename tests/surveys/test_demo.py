"""The demo's survey rounds: the 2023 approved forms sum to the seed report's figures."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count, DecimalField, F, IntegerField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from committees.models import Meeting
from committees.selectors import meeting_counts
from surveys.models import State, Submission, SubmissionRow, SubmissionTransition, SurveyRound, TownExtension
from surveys.prefill import MEETING_KEYS
from surveys.selectors import round_for_year, sum_field


@pytest.fixture
def demo(demo_district):
    """The demo district (tests/demo_snapshot.py); the tests of a second load run the command."""


def rows(year: int, form: int, section: str = "main"):
    return SubmissionRow.objects.filter(
        submission__survey_round__year=year, submission__form=form, submission__state=State.APPROVED, section=section
    )


def test_the_2023_round_reproduces_the_seed_reports_figures(demo):
    survey_round = round_for_year(2023)
    assert survey_round.fhfg_standard.name == "2023 修订"
    assert Submission.objects.filter(survey_round=survey_round).exclude(state=State.APPROVED).count() == 0

    towns = rows(2023, 1).filter(values__level__in=["town", "subdistrict"])
    villages = rows(2023, 1).filter(values__level__in=["village", "community"])
    assert towns.count() == 9
    assert villages.count() == rows(2023, 3).count() == 128
    assert villages.filter(values__exec_deputy_five_old=True).count() == 127
    (exception,) = villages.filter(values__exec_deputy_five_old=False)
    assert exception.values["five_old_deputy"] is True and exception.values["exec_deputy_source"] == "in_office_cadre"

    by_source = dict(towns.values_list("values__exec_deputy_source").annotate(n=Count("pk")).order_by())
    assert by_source == {"second_line_leader": 4, "retired_leader": 4, "retired_principal": 1}
    birth_year = Cast(KT("values__exec_deputy_birth_year"), IntegerField())
    average_age = towns.aggregate(age=Avg(2023 - birth_year))["age"]
    assert round(average_age) == 59

    assert sum_field(survey_round, 4, "volunteer_teams") == rows(2023, 4, "B").count() == 59
    assert sum_field(survey_round, 4, "backbone") == 368
    assert sum_field(survey_round, 4, "participants") == 3450
    assert sum_field(survey_round, 4, "backbone_70_80") / 368 > 0.6
    assert sum_field(survey_round, 3, "schools", section="B") == 39
    assert sum_field(survey_round, 3, "enterprises", section="B") == 404
    assert sum_field(survey_round, 3, "fhfg_enterprises", section="B") == 74
    assert rows(2023, 3).filter(values__fhfg_built=True).count() == 128
    assert sum_field(survey_round, 5, "hub_villages") == 42
    assert sum_field(survey_round, 5, "study_aid") == Decimal("334.82")


def test_the_2023_round_carries_the_reports_problems(demo):
    funds = rows(2023, 2)
    money = DecimalField(max_digits=14, decimal_places=2)
    short = funds.annotate(
        in_place=Cast(KT("values__in_place"), money), lower=Cast(KT("values__standard_lower"), money)
    ).filter(in_place__lt=F("lower"))
    assert short.count() == 3
    assert rows(2023, 3).filter(values__lookback="regressed").exclude(values__rectification=None).count() == 2
    assert rows(2023, 5, "B").filter(Q(values__name="爱心助学“希望之星”") & Q(committee__code="XS04")).exists()


def test_the_2022_round_is_approved_and_back_dated(demo):
    survey_round = round_for_year(2022)
    assert survey_round.fhfg_standard.name == "2011"
    subs = Submission.objects.filter(survey_round=survey_round)
    assert subs.count() == 45 and not subs.exclude(state=State.APPROVED).exists()
    assert not subs.exclude(on_time=True).exists()
    assert sum_field(survey_round, 5, "study_aid") == Decimal("298.60")
    submitted = SubmissionTransition.objects.filter(submission__survey_round=survey_round, action="submit")
    assert submitted.count() == 45 and all(t.at.year == 2022 for t in submitted)


def test_the_2024_round_is_open_with_drafts_one_submitted_town_and_one_return(demo):
    survey_round = round_for_year(2024)
    states = dict(
        Submission.objects.filter(survey_round=survey_round).values_list("state").annotate(n=Count("pk")).order_by()
    )
    assert states == {State.DRAFT: 39, State.SUBMITTED: 5, State.RETURNED: 1}
    assert set(
        Submission.objects.filter(survey_round=survey_round, state=State.SUBMITTED).values_list("town__code", flat=True)
    ) == {"XS02"}
    returned = Submission.objects.get(survey_round=survey_round, state=State.RETURNED)
    assert (returned.town.code, returned.form) == ("XS03", 2)
    assert returned.transitions.get(action="return").reason
    # The return carries a comment on a village's 实际到位 cell (what the town sees on the cell).
    (comment,) = returned.cell_comments.all()
    assert comment.field_key == "in_place" and comment.row_key.startswith("XS03") and comment.row_key != "XS03"
    dongang = Submission.objects.filter(survey_round=survey_round, town__code="XS01")
    assert set(dongang.values_list("state", flat=True)) == {State.DRAFT}
    # The round keeps its real deadline; each town may still enter by an extension to the day of
    # loading + 30 days (东港镇's secretary can still submit).
    assert survey_round.deadline == datetime.date(2024, 10, 10)
    # The day of loading is the day the extensions were granted, not the day this test runs: a
    # test process keeps the demo it loaded (tests/demo_snapshot.py), and Shanghai's midnight may
    # fall between the two.
    granted = {timezone.localdate(at) for at in survey_round.extensions.values_list("granted_at", flat=True)}
    assert len(granted) == 1 and granted <= {timezone.localdate(), timezone.localdate() - datetime.timedelta(days=1)}
    until = granted.pop() + datetime.timedelta(days=30)
    editable = Submission.objects.filter(survey_round=survey_round, state__in=[State.DRAFT, State.RETURNED])
    assert editable.count() == 40
    assert set(editable.with_extension().values_list("extended_until", flat=True)) == {until}
    assert all(s.town_deadline() == until for s in editable.select_related("survey_round"))
    # Every town of the round, 锡北镇 whose forms are all submitted too: returning one of its
    # forms must not make it overdue at once.
    towns = set(Submission.objects.filter(survey_round=survey_round).values_list("town_id", flat=True))
    extended = dict(TownExtension.objects.filter(survey_round=survey_round).values_list("town_id", "until"))
    assert len(towns) == 9 and extended == dict.fromkeys(towns, until)
    # Nobody has edited the open round's forms: opening, submitting and returning are no edit
    # (最近修改 says 尚未修改, not the admin's name).
    assert not Submission.objects.filter(survey_round=survey_round).exclude(updated_by=None).exists()
    last_year = rows(2023, 5).get(committee__code="XS01").values
    this_year = SubmissionRow.objects.get(
        submission__survey_round=survey_round, submission__form=5, section="main", committee__code="XS01"
    )
    assert this_year.values["study_aid"] == last_year["study_aid"] and "study_aid" not in this_year.prefill


def test_the_demo_secretaries_get_the_return_by_email_and_in_the_portal(demo):
    from django.contrib.auth import get_user_model

    from surveys.emails import transition_messages
    from surveys.models import Notice

    ehu = get_user_model().objects.get(username="ehu")
    assert ehu.email == "ehu@xishan.example"
    returned = SubmissionTransition.objects.filter(action="return").select_related("submission__town")
    (message,) = transition_messages(returned)
    assert message.to == ["ehu@xishan.example"]
    notices = Notice.objects.filter(user=ehu).select_related("transition")
    assert {n.transition.action for n in notices} == {"return", "extend"}
    assert notices.filter(transition__action="return").count() == 1


def test_a_second_load_adds_no_round(demo):
    before = (SurveyRound.objects.count(), SubmissionRow.history.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (SurveyRound.objects.count(), SubmissionRow.history.count()) == before == (3, before[1])
    assert "已经加载过" in out.getvalue()


def test_the_demo_log_reproduces_the_2023_rounds_meeting_counts(demo):
    """The 2023 round's form 5 counts are prefilled from the meetings each town convened in 2022,
    and equal what the towns reported (so the demo report is unchanged); a second load adds none."""
    forms = {row.committee_id: row for row in rows(2023, 5)}
    held = meeting_counts(forms, 2022)
    assert len(forms) == 9 and set(held) == set(forms)
    for committee_id, row in forms.items():
        expected = {key: held[committee_id][kind] for key, kind in MEETING_KEYS.items()}
        assert {key: row.values[key] for key in MEETING_KEYS} == expected
        assert {key: row.prefill[key] for key in MEETING_KEYS} == expected
    assert sum(row.values["field_visits"] for row in forms.values()) == 75
    district = Meeting.objects.filter(convenor__code="XS", date__year=2022)
    assert district.filter(kind="directors").count() == 52
    assert district.filter(kind="exec_deputies").first().participants.count() == 9  # attended, not counted
    before = Meeting.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Meeting.objects.count() == before

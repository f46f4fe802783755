"""Every arrow of the workflow, the deadline, extensions, entering on a town's behalf."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from surveys import services
from surveys.models import State, Step, Submission, SubmissionRow, SubmissionTransition, TownExtension
from tests.surveys.conftest import fill, fill_and_submit, open_round, submission, today
from tests.surveys.forms import rows


@pytest.fixture(autouse=True)
def english():
    """The messages are matched by their English source text (the interface default is Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def form2(xs):
    return submission(open_round(xs, 2024), xs.dg, 2)


def steps(sub) -> list[tuple]:
    return list(
        SubmissionTransition.objects.filter(submission=sub)
        .order_by("at", "pk")
        .values_list("action", "from_state", "to_state", "by__username", "reason", "on_behalf")
    )


# Saving ---------------------------------------------------------------------------------------


def test_a_secretary_saves_a_draft(xs, form2):
    result = fill(xs.dg_secretary, form2)
    assert result.issues == [] and result.changed_rows == 3
    village = form2.rows.get(position=2)
    assert village.values["budget"] == "4.00" and village.values["in_fiscal_budget"] is True
    form2.refresh_from_db()
    assert (form2.state, form2.error_count, form2.updated_by, form2.updated_on_behalf) == (
        State.DRAFT,
        0,
        xs.dg_secretary,
        False,
    )
    record = village.history.first()
    assert record.history_user == xs.dg_secretary and record.history_change_reason in ("", None)


def test_staff_entering_for_a_town_is_recorded_on_its_behalf(xs, form2):
    fill(xs.staff, form2)
    form2.refresh_from_db()
    assert form2.updated_on_behalf is True
    record = form2.rows.get(position=1).history.first()
    assert record.history_user == xs.staff and record.history_change_reason == "on behalf"


@pytest.mark.parametrize("who", ["eh_secretary", "viewer", "dg_viewer"])
def test_others_cannot_enter_a_towns_form(xs, form2, who):
    with pytest.raises(PermissionDenied):
        fill(getattr(xs, who), form2)


def test_saving_leaves_locked_cells_alone(xs, form2):
    sections = rows(2)
    sections["main"][1].update(committee_name="改名村", standard_lower="1", year=2020)
    fill(xs.dg_secretary, form2, sections)
    village = form2.rows.get(position=2)
    assert (village.values["committee_name"], village.values["standard_lower"], village.values["year"]) == (
        "东港村关工委",
        "3.00",
        2023,  # the round's data year
    )


def test_rows_of_other_committees_are_refused(xs, form2):
    with pytest.raises(ValidationError, match="XS03V01"):
        fill(xs.dg_secretary, form2, {"main": [{"committee_code": "XS03V01", "budget": "1"}]})


def test_a_draft_keeps_input_that_does_not_parse_and_reports_it(xs, form2):
    result = fill(xs.dg_secretary, form2, {"main": [{"committee_code": "XS01V01", "budget": "四万"}]})
    assert form2.rows.get(position=2).values["budget"] == "四万"
    assert any(i.key == "budget" and i.rule == "type" and i.committee == "XS01V01" for i in result.issues)


def test_a_list_is_replaced_and_rows_keep_their_identity_by_id(xs, registry):
    sub = submission(open_round(xs, 2024), xs.dg, 4)
    team = sub.rows.get(section="B")
    fill(
        xs.dg_secretary,
        sub,
        {
            "B": [
                {"committee_code": "XS01V01", "name": "东港村新团队", "team_type": "帮教团", "members": 5},
                {**team.values, "_id": str(team.pk), "members": 9},
            ]
        },
    )
    new, kept = sub.rows.filter(section="B").order_by("position")
    assert kept.pk == team.pk and kept.position == 2 and kept.values["members"] == 9
    assert kept.prefill["members"] == 2  # the registry's figure stays, so the change shows
    assert new.committee == xs.dg_v1 and new.prefill == {} and new.values["team_type"] == "mentoring_group"

    fill(xs.dg_secretary, sub, {"B": [{**new.values, "_id": new.pk}]})
    assert list(sub.rows.filter(section="B").values_list("pk", flat=True)) == [new.pk]
    assert SubmissionRow.history.filter(id=team.pk, history_type="-").count() == 1


def test_every_value_change_is_in_the_history(xs, form2):
    fill(xs.dg_secretary, form2)
    fill(xs.staff, form2, {"main": [{"committee_code": "XS01", "budget": "9.5"}]})
    budgets = [
        h.values.get("budget") for h in form2.rows.get(position=1).history.order_by("history_date", "history_id")
    ]
    assert budgets == [None, "10.00", "9.50"]


# Submitting -------------------------------------------------------------------------------------


def test_submitting_a_draft_records_who_and_when(xs, form2):
    sub = fill_and_submit(xs.dg_secretary, form2)
    assert sub.state == State.SUBMITTED and sub.on_time is True and sub.last_submitted_at is not None
    assert steps(sub) == [(Step.SUBMIT, State.DRAFT, State.SUBMITTED, "dg_secretary", "", False)]


def test_errors_block_submitting(xs, form2):
    with pytest.raises(services.SubmissionInvalid) as exc:
        services.submission_submit(actor=xs.dg_secretary, submission=form2)
    assert exc.value.issues and all(i.sheet == "表2 经费落实" for i in exc.value.issues)
    assert any("预算安排(万元)" in m for m in exc.value.messages)
    form2.refresh_from_db()
    assert form2.state == State.DRAFT and form2.error_count == 21 and not steps(form2)


def test_warnings_do_not_block_submitting(xs, form2):
    sections = rows(2)
    sections["main"][1]["in_place"] = "2.00"  # below the standard: flagged, not blocked
    fill(xs.dg_secretary, form2, sections)
    sub = services.submission_submit(actor=xs.dg_secretary, submission=form2)
    assert sub.state == State.SUBMITTED and sub.warning_count == 1


def test_a_submitted_form_cannot_be_changed_or_submitted_again(xs, form2):
    fill_and_submit(xs.dg_secretary, form2)
    with pytest.raises(ValidationError, match="submitted"):
        fill(xs.dg_secretary, form2)
    with pytest.raises(ValidationError):
        services.submission_submit(actor=xs.dg_secretary, submission=form2)


def test_a_secretary_cannot_submit_after_the_deadline(xs):
    sub = submission(open_round(xs, 2024, deadline=today() - datetime.timedelta(days=1)), xs.dg, 2)
    fill(xs.dg_secretary, sub)  # saving a draft is still possible
    with pytest.raises(ValidationError, match="deadline"):
        services.submission_submit(actor=xs.dg_secretary, submission=sub)


def test_an_extension_lets_the_secretary_submit_late(xs):
    sub = submission(open_round(xs, 2024, deadline=today() - datetime.timedelta(days=3)), xs.dg, 2)
    services.town_extend(actor=xs.staff, survey_round=sub.survey_round, town=xs.dg, until=today(), reason="村里换届")
    sub = fill_and_submit(xs.dg_secretary, sub)
    assert sub.state == State.SUBMITTED and sub.on_time is False
    assert steps(sub)[0][:5] == (Step.EXTEND, State.DRAFT, State.DRAFT, "staff", "村里换届")


def test_an_extension_that_has_run_out_does_not_help(xs):
    sub = submission(open_round(xs, 2024, deadline=today() - datetime.timedelta(days=5)), xs.dg, 2)
    TownExtension.objects.create(
        survey_round=sub.survey_round, town=xs.dg, until=today() - datetime.timedelta(days=1), granted_at=timezone.now()
    )
    fill(xs.dg_secretary, sub)
    with pytest.raises(ValidationError, match="deadline"):
        services.submission_submit(actor=xs.dg_secretary, submission=sub)


def test_an_extension_must_end_after_the_deadline_and_not_in_the_past(xs, form2):
    with pytest.raises(ValidationError, match="after the deadline"):
        extend(xs.staff, form2, until=form2.survey_round.deadline)
    late = submission(open_round(xs, 2023, deadline=today() - datetime.timedelta(days=9)), xs.dg, 2)
    with pytest.raises(ValidationError, match="past"):
        extend(xs.staff, late, until=today() - datetime.timedelta(days=1))


def test_only_district_staff_grant_extensions(xs, form2):
    with pytest.raises(PermissionDenied):
        extend(xs.dg_secretary, form2, until=today() + datetime.timedelta(60))


def extend(actor, sub, *, until, reason=""):
    return services.town_extend(actor=actor, survey_round=sub.survey_round, town=sub.town, until=until, reason=reason)


def test_one_extension_extends_every_form_of_the_town_and_no_other_town(xs):
    survey_round = open_round(xs, 2024, deadline=today() - datetime.timedelta(days=3))
    until = today() + datetime.timedelta(days=10)
    extension = extend(xs.staff, submission(survey_round, xs.dg, 1), until=until, reason="换届")
    assert (extension.until, extension.granted_by, extension.reason) == (until, xs.staff, "换届")
    dg = Submission.objects.filter(survey_round=survey_round, town=xs.dg).with_extension()
    assert [s.town_deadline() for s in dg] == [until] * 5
    assert all(s.is_late(today()) is False for s in dg)
    assert submission(survey_round, xs.eh, 1).town_deadline() == survey_round.deadline
    assert SubmissionTransition.objects.filter(submission__town=xs.dg, action=Step.EXTEND).count() == 5


def test_a_later_extension_replaces_the_first(xs):
    survey_round = open_round(xs, 2024, deadline=today() - datetime.timedelta(days=3))
    sub = submission(survey_round, xs.dg, 2)
    extend(xs.staff, sub, until=today() + datetime.timedelta(days=5))
    extend(xs.staff, sub, until=today() + datetime.timedelta(days=9))
    assert TownExtension.objects.get().until == today() + datetime.timedelta(days=9)


def test_an_extension_is_not_an_edit_of_the_forms(xs):
    """The forms' last change (最近修改) stays the town's own."""
    sub = submission(open_round(xs, 2024, deadline=today() - datetime.timedelta(days=3)), xs.dg, 2)
    fill(xs.dg_secretary, sub)
    before = Submission.objects.filter(town=xs.dg).values_list("pk", "updated_at", "updated_by", "version")
    before = list(before)
    extend(xs.staff, sub, until=today() + datetime.timedelta(days=5))
    after = Submission.objects.filter(town=xs.dg).values_list("pk", "updated_at", "updated_by", "version")
    assert list(after) == before


def test_a_town_whose_forms_are_all_submitted_gets_no_extension(xs):
    survey_round = open_round(xs, 2024, deadline=today() - datetime.timedelta(days=3))
    Submission.objects.filter(survey_round=survey_round, town=xs.dg).update(state=State.SUBMITTED)
    with pytest.raises(ValidationError, match="nothing to extend"):
        extend(xs.staff, submission(survey_round, xs.dg, 1), until=today() + datetime.timedelta(days=5))
    assert not TownExtension.objects.exists()


def test_staff_may_submit_for_a_town_after_the_deadline(xs):
    sub = submission(open_round(xs, 2022, deadline=datetime.date(2022, 10, 8)), xs.dg, 2)
    fill(xs.staff, sub, {"main": [{**r, "year": 2021} for r in rows(2)["main"]]})
    sub = services.submission_submit(actor=xs.staff, submission=sub)
    assert sub.state == State.SUBMITTED and sub.on_time is False and sub.updated_on_behalf is True
    assert steps(sub) == [(Step.SUBMIT, State.DRAFT, State.SUBMITTED, "staff", "", True)]


# Reviewing --------------------------------------------------------------------------------------


def test_returning_needs_a_reason(xs, form2):
    fill_and_submit(xs.dg_secretary, form2)
    with pytest.raises(ValidationError, match="reason"):
        services.submission_return(actor=xs.staff, submission=form2, reason="  ")
    form2.refresh_from_db()
    assert form2.state == State.SUBMITTED


def test_a_returned_form_is_corrected_and_submitted_again(xs, form2):
    fill_and_submit(xs.dg_secretary, form2)
    sub = services.submission_return(actor=xs.staff, submission=form2, reason="实际到位与凭证不符")
    assert sub.state == State.RETURNED
    fill(xs.dg_secretary, sub, {"main": [{"committee_code": "XS01V01", "in_place": "4.20"}]})
    sub = services.submission_submit(actor=xs.dg_secretary, submission=sub)
    assert [s[:3] for s in steps(sub)] == [
        (Step.SUBMIT, State.DRAFT, State.SUBMITTED),
        (Step.RETURN, State.SUBMITTED, State.RETURNED),
        (Step.SUBMIT, State.RETURNED, State.SUBMITTED),
    ]
    assert steps(sub)[1][3:5] == ("staff", "实际到位与凭证不符")


def test_only_a_submitted_form_is_returned_or_approved(xs, form2):
    with pytest.raises(ValidationError):
        services.submission_return(actor=xs.staff, submission=form2, reason="不全")
    with pytest.raises(ValidationError):
        services.submission_approve(actor=xs.staff, submission=form2)


@pytest.mark.parametrize("who", ["dg_secretary", "viewer"])
def test_a_town_cannot_review_its_own_form(xs, form2, who):
    fill_and_submit(xs.dg_secretary, form2)
    actor = getattr(xs, who)
    with pytest.raises(PermissionDenied):
        services.submission_return(actor=actor, submission=form2, reason="自己退回")
    with pytest.raises(PermissionDenied):
        services.submission_approve(actor=actor, submission=form2)


def test_an_approved_form_is_locked(xs, form2):
    fill_and_submit(xs.dg_secretary, form2)
    sub = services.submission_approve(actor=xs.staff, submission=form2)
    assert sub.state == State.APPROVED and sub.is_locked
    with pytest.raises(ValidationError, match="locked"):
        fill(xs.staff, sub)
    with pytest.raises(ValidationError, match="locked"):
        services.submission_submit(actor=xs.staff, submission=sub)
    with pytest.raises(ValidationError):
        services.submission_return(actor=xs.staff, submission=sub, reason="再看看")
    assert steps(sub)[-1][:4] == (Step.APPROVE, State.SUBMITTED, State.APPROVED, "staff")


def test_several_forms_are_approved_at_once(xs):
    survey_round = open_round(xs, 2024)
    subs = [fill_and_submit(xs.dg_secretary, submission(survey_round, xs.dg, n)) for n in (1, 2, 3)]
    approved = services.submissions_approve(actor=xs.staff, submissions=subs)
    assert [s.state for s in approved] == [State.APPROVED] * 3
    assert SubmissionTransition.objects.filter(action=Step.APPROVE, by=xs.staff).count() == 3
    assert subs[0].history.first().state == State.APPROVED


def test_approving_several_approves_none_if_one_is_not_submitted(xs):
    survey_round = open_round(xs, 2024)
    ready = fill_and_submit(xs.dg_secretary, submission(survey_round, xs.dg, 1))
    draft = submission(survey_round, xs.dg, 2)
    with pytest.raises(ValidationError, match="东港镇关工委 表2"):
        services.submissions_approve(actor=xs.staff, submissions=[ready, draft])
    ready.refresh_from_db()
    assert ready.state == State.SUBMITTED


def test_reopening_needs_a_reason_and_returns_the_form_to_the_town(xs, form2):
    fill_and_submit(xs.dg_secretary, form2)
    services.submission_approve(actor=xs.staff, submission=form2)
    with pytest.raises(ValidationError, match="reason"):
        services.submission_reopen(actor=xs.staff, submission=form2, reason="")
    sub = services.submission_reopen(actor=xs.staff, submission=form2, reason="发现补贴金额录错")
    assert sub.state == State.RETURNED
    assert steps(sub)[-1][:5] == (Step.REOPEN, State.APPROVED, State.RETURNED, "staff", "发现补贴金额录错")
    fill(xs.dg_secretary, sub, {"main": [{"committee_code": "XS01", "subsidy_amount": "0.80"}]})


def test_only_an_approved_form_is_reopened_and_only_by_staff(xs, form2):
    with pytest.raises(ValidationError):
        services.submission_reopen(actor=xs.staff, submission=form2, reason="试试")
    fill_and_submit(xs.dg_secretary, form2)
    services.submission_approve(actor=xs.staff, submission=form2)
    with pytest.raises(PermissionDenied):
        services.submission_reopen(actor=xs.dg_secretary, submission=form2, reason="我要改")


def test_the_database_refuses_a_return_without_reason(xs, form2):
    from django.db import IntegrityError
    from django.utils import timezone

    with pytest.raises(IntegrityError):
        SubmissionTransition.objects.create(
            submission=form2, action=Step.RETURN, from_state="submitted", to_state="returned", at=timezone.now()
        )


def last_change(sub) -> tuple:
    return Submission.objects.values_list("updated_at", "updated_by", "updated_on_behalf").get(pk=sub.pk)


def test_the_last_change_is_the_last_edit_of_the_values_not_a_step(xs, form2):
    """最近修改 named the staff member who returned the form (and, in the demo, the admin who
    opened the round): it is the last edit of the form's values; a step of the workflow (submit,
    return, approve, reopen) and opening the round are no edit."""
    assert last_change(form2)[1:] == (None, False)  # nobody has edited it yet
    sub = fill_and_submit(xs.dg_secretary, form2)
    edited = last_change(sub)
    assert edited[1:] == (xs.dg_secretary.pk, False)
    services.submission_return(actor=xs.staff, submission=sub, reason="请核对")
    assert last_change(sub) == edited
    sub = services.submission_submit(actor=xs.dg_secretary, submission=Submission.objects.get(pk=sub.pk))
    services.submission_approve(actor=xs.staff, submission=sub)
    services.submission_reopen(actor=xs.admin, submission=Submission.objects.get(pk=sub.pk), reason="再核对")
    assert last_change(sub) == edited

"""Emails to the town's secretaries: on return and reopening (with the reason), on approval, and
the reminder before a deadline that Celery beat sends once per round and town."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from committees.models import Role
from surveys import emails, services, tasks
from surveys.models import DeadlineReminder, State, Submission
from tests.factories import RoleFactory, UserFactory
from tests.surveys.conftest import open_round, submission, submitted, today
from xishan_portal.celery import app as celery_app

SITE = "https://ggw.example.cn"


@pytest.fixture(autouse=True)
def site(settings):
    settings.EMAIL_SITE_URL = SITE
    settings.SURVEY_REMINDER_DAYS = 3


@pytest.fixture
def secretaries(xs):
    """东港镇's secretary with an address, a second one without; 鹅湖镇's with its own."""
    xs.dg_secretary.email = "dg@example.cn"
    xs.dg_secretary.save()
    xs.eh_secretary.email = "eh@example.cn"
    xs.eh_secretary.save()
    RoleFactory(user=UserFactory(username="dg_no_email", email=""), committee=xs.dg, role=Role.TOWN_SECRETARY)
    gone = UserFactory(username="dg_gone", email="gone@example.cn", is_active=False)
    RoleFactory(user=gone, committee=xs.dg, role=Role.TOWN_SECRETARY)
    ended = RoleFactory(
        user=UserFactory(username="dg_old", email="old@example.cn"), committee=xs.dg, role=Role.TOWN_SECRETARY
    )
    ended.ended_at = timezone.now()
    ended.save()
    xs.staff.email = "staff@example.cn"
    xs.staff.save()
    return xs


# Return, reopen, approve ----------------------------------------------------------------------


def test_returning_emails_the_towns_secretaries_with_the_reason(
    secretaries, client_for, survey_round, eager, django_capture_on_commit_callbacks
):
    sub = submitted(survey_round, secretaries.dg, 2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretaries.staff).post(
            reverse("surveys:submission_return", kwargs={"pk": sub.pk}), {"reason": "实际到位与凭证不符，请核对。"}
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["dg@example.cn"]
    assert "东港镇关工委" in message.subject and "2" in message.subject and "2024" in message.subject
    assert "实际到位与凭证不符，请核对。" in message.body
    assert f"{SITE}/surveys/submission/{sub.pk}/" in message.body
    assert "经费落实情况表" in message.body
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_no_email_leaves_before_the_transition_commits(
    secretaries, survey_round, eager, django_capture_on_commit_callbacks
):
    sub = submitted(survey_round, secretaries.dg, 2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submission_return(actor=secretaries.staff, submission=sub, reason="请核对")
    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_a_refused_return_sends_nothing(secretaries, client_for, survey_round, django_capture_on_commit_callbacks):
    draft = submission(survey_round, secretaries.dg, 2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client_for(secretaries.staff).post(
            reverse("surveys:submission_return", kwargs={"pk": draft.pk}), {"reason": "x"}
        )
    assert callbacks == [] and mail.outbox == []


def test_reopening_emails_the_reason(secretaries, client_for, survey_round, eager, django_capture_on_commit_callbacks):
    sub = submitted(survey_round, secretaries.eh, 5)
    Submission.objects.filter(pk=sub.pk).update(state=State.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(secretaries.admin).post(
            reverse("surveys:submission_reopen", kwargs={"pk": sub.pk}), {"reason": "宣传稿件数有误"}
        )
    (message,) = mail.outbox
    assert message.to == ["eh@example.cn"] and "宣传稿件数有误" in message.body and "鹅湖镇关工委" in message.subject


def test_approving_emails_the_town(secretaries, client_for, survey_round, eager, django_capture_on_commit_callbacks):
    sub = submitted(survey_round, secretaries.dg, 4)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(secretaries.staff).post(reverse("surveys:submission_approve", kwargs={"pk": sub.pk}))
    (message,) = mail.outbox
    assert message.to == ["dg@example.cn"] and "东港镇关工委" in message.subject
    assert f"{SITE}/surveys/submission/{sub.pk}/" in message.body and "“五老”队伍情况表" in message.body


def test_approving_several_forms_sends_one_email_per_town(
    secretaries, client_for, survey_round, eager, django_capture_on_commit_callbacks
):
    dg = [submitted(survey_round, secretaries.dg, n) for n in (1, 3, 5)]
    eh = submitted(survey_round, secretaries.eh, 2)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(secretaries.staff).post(
            reverse("surveys:submissions_approve", kwargs={"year": 2024}), {"submissions": [s.pk for s in [*dg, eh]]}
        )
    by_town = {tuple(m.to): m for m in mail.outbox}
    assert sorted(by_town) == [("dg@example.cn",), ("eh@example.cn",)]
    for sub in dg:
        assert f"/surveys/submission/{sub.pk}/" in by_town[("dg@example.cn",)].body
    assert f"/surveys/submission/{eh.pk}/" in by_town[("eh@example.cn",)].body
    assert f"/surveys/submission/{eh.pk}/" not in by_town[("dg@example.cn",)].body


def test_a_town_without_an_address_gets_no_email(
    xs, client_for, survey_round, eager, django_capture_on_commit_callbacks
):
    sub = submitted(survey_round, xs.dg, 2)  # nobody in the fixture has an address
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client_for(xs.staff).post(reverse("surveys:submission_approve", kwargs={"pk": sub.pk}))
    assert len(callbacks) == 1 and mail.outbox == []


def test_emails_are_written_in_the_sites_language(secretaries, survey_round, monkeypatch):
    languages = []
    render = emails.render_to_string

    def spy(*args, **kwargs):
        languages.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(emails, "render_to_string", spy)
    sub = submitted(survey_round, secretaries.dg, 2)
    transition = services.submission_return(actor=secretaries.staff, submission=sub, reason="请核对").transitions.last()
    with translation.override("en"):
        emails.transitions_notify([transition.pk])
    assert languages == ["zh-hans", "zh-hans"] and len(mail.outbox) == 1


# Reminders --------------------------------------------------------------------------------------


@pytest.fixture
def due_round(xs):
    """A round whose deadline is in three days: within the reminder window."""
    return open_round(xs, 2024, deadline=today() + datetime.timedelta(days=3))


def test_the_reminder_goes_to_towns_with_forms_not_yet_submitted(secretaries, due_round):
    Submission.objects.filter(town=secretaries.dg, form__in=[1, 2]).update(state=State.SUBMITTED)
    Submission.objects.filter(town=secretaries.dg, form=3).update(state=State.APPROVED)
    Submission.objects.filter(town=secretaries.dg, form=4).update(state=State.RETURNED)
    Submission.objects.filter(town=secretaries.eh).update(state=State.SUBMITTED)
    tasks.send_deadline_reminders()
    (message,) = mail.outbox
    assert message.to == ["dg@example.cn"]
    assert "东港镇关工委" in message.subject and due_round.deadline.isoformat() in message.subject
    assert "表4" not in message.subject
    lines = [line for line in message.body.splitlines() if line.startswith("- ")]
    assert len(lines) == 2 and "4" in lines[0] and "5" in lines[1]  # returned form 4, draft form 5
    assert f"{SITE}/surveys/2024/{secretaries.dg.pk}/" in message.body
    reminder = DeadlineReminder.objects.get()
    assert (reminder.town, reminder.survey_round, reminder.forms) == (secretaries.dg, due_round, [4, 5])
    assert reminder.recipients == ["dg@example.cn"]


def test_a_second_run_does_not_remind_again(secretaries, due_round):
    tasks.send_deadline_reminders()
    assert sorted(m.to[0] for m in mail.outbox) == ["dg@example.cn", "eh@example.cn"]
    tasks.send_deadline_reminders()
    assert len(mail.outbox) == 2 and DeadlineReminder.objects.count() == 2


def test_towns_that_have_submitted_or_been_approved_are_not_reminded(secretaries, due_round):
    Submission.objects.filter(town=secretaries.dg).update(state=State.APPROVED)
    Submission.objects.filter(town=secretaries.eh).update(state=State.SUBMITTED)
    tasks.send_deadline_reminders()
    assert mail.outbox == [] and not DeadlineReminder.objects.exists()


@pytest.mark.parametrize("days", [4, 30, -1])
def test_no_reminder_outside_the_window(secretaries, days):
    open_round(secretaries, 2024, deadline=today() + datetime.timedelta(days=days))
    tasks.send_deadline_reminders()
    assert mail.outbox == []


def test_the_window_follows_the_setting(secretaries, settings):
    settings.SURVEY_REMINDER_DAYS = 7
    open_round(secretaries, 2024, deadline=today() + datetime.timedelta(days=6))
    tasks.send_deadline_reminders()
    assert len(mail.outbox) == 2


def test_a_town_without_an_address_is_reminded_once_it_has_one(xs, due_round):
    tasks.send_deadline_reminders()
    assert mail.outbox == [] and not DeadlineReminder.objects.exists()
    xs.eh_secretary.email = "eh@example.cn"
    xs.eh_secretary.save()
    tasks.send_deadline_reminders()
    assert [m.to for m in mail.outbox] == [["eh@example.cn"]]


def test_the_reminder_is_written_in_chinese(secretaries, due_round):
    with translation.override("en"):
        services.reminders_send()
    assert all("草稿" in m.body for m in mail.outbox)  # the state, as the Chinese catalogue names it


def test_beat_runs_the_reminder_and_keeps_its_schedule_under_var(settings):
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == tasks.send_deadline_reminders.name]
    assert entry["task"] in celery_app.tasks
    assert celery_app.conf.beat_schedule_filename == str(settings.VAR_DIR / "celerybeat-schedule")


def test_a_broker_that_is_down_does_not_undo_or_break_the_step(
    secretaries, client_for, survey_round, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.notify_transitions, "delay", down)
    sub = submitted(survey_round, secretaries.dg, 2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(secretaries.staff).post(
            reverse("surveys:submission_return", kwargs={"pk": sub.pk}), {"reason": "请核对"}
        )
    assert len(callbacks) == 1 and response.status_code == 302
    assert Submission.objects.get(pk=sub.pk).state == State.RETURNED and mail.outbox == []


def test_a_town_with_an_extension_is_reminded_before_its_own_deadline(secretaries):
    past = open_round(
        secretaries,
        2024,
        deadline=today() - datetime.timedelta(days=1),
        opened_on=today() - datetime.timedelta(days=20),
    )
    until = today() + datetime.timedelta(days=2)
    services.town_extend(actor=secretaries.staff, survey_round=past, town=secretaries.dg, until=until)
    tasks.send_deadline_reminders()
    (message,) = mail.outbox  # 鹅湖镇's deadline has passed: too late for a reminder
    assert message.to == ["dg@example.cn"]
    assert until.isoformat() in message.subject and until.isoformat() in message.body


def test_a_town_extended_past_the_window_is_not_reminded_yet(secretaries, due_round):
    services.town_extend(
        actor=secretaries.staff, survey_round=due_round, town=secretaries.dg, until=today() + datetime.timedelta(30)
    )
    tasks.send_deadline_reminders()
    assert [m.to for m in mail.outbox] == [["eh@example.cn"]]

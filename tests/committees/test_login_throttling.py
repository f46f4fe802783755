"""Login throttling (django-axes): failed logins lock a user name or an address for a while;
the lockout page says until when; a district admin unlocks a user on the user page."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from committees.models import AuditEvent, AuditKind
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def log_in(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username: str, times: int, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        assert log_in(client, username, "wrong-password", ip).status_code in (200, 429)


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def pass_time(delta: datetime.timedelta) -> None:
    """Move the recorded failures back in time, as if `delta` had passed."""
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - delta)


def test_a_few_failures_then_the_right_password_logs_in(xs, client, settings):
    fail(client, "viewer", settings.AXES_FAILURE_LIMIT - 1)

    response = log_in(client, "viewer", PASSWORD)

    assert response.status_code == 302 and logged_in(client)


def test_thirty_wrong_passwords_lock_the_account_for_the_configured_time(xs, client, settings):
    fail(client, "viewer", 30)

    refused = log_in(client, "viewer", PASSWORD)

    assert refused.status_code == 429 and not logged_in(client)
    # Still locked just before the wait is over, from another address too ...
    pass_time(settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1))
    assert log_in(client, "viewer", PASSWORD, ip="10.9.9.9").status_code == 429
    assert not logged_in(client)
    # ... and free once it is (the refused attempt above started the wait again).
    pass_time(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
    assert log_in(client, "viewer", PASSWORD).status_code == 302 and logged_in(client)


def test_the_limit_and_the_wait_are_settings(xs, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=5)
    fail(client, "viewer", 3)

    assert log_in(client, "viewer", PASSWORD).status_code == 429
    pass_time(datetime.timedelta(minutes=5, seconds=1))
    assert log_in(client, "viewer", PASSWORD).status_code == 302


def test_failures_from_one_address_lock_that_address_for_every_user_name(xs, client, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess{number}", "wrong-password", ip="10.6.6.6")

    assert log_in(client, "viewer", PASSWORD, ip="10.6.6.6").status_code == 429
    assert log_in(client, "viewer", PASSWORD, ip="10.7.7.7").status_code == 302


def test_the_lockout_page_says_in_chinese_when_to_try_again_in_beijing_time(xs, client, settings):
    fail(client, "viewer", settings.AXES_FAILURE_LIMIT - 1)
    before = timezone.now()

    response = log_in(client, "viewer", "wrong-password")

    assert response.status_code == 429
    body = response.content.decode()
    retry_at = timezone.localtime(before + settings.AXES_COOLOFF_TIME, datetime.timezone(datetime.timedelta(hours=8)))
    shown = {f"{retry_at:%Y-%m-%d %H:%M}", f"{retry_at + datetime.timedelta(minutes=1):%Y-%m-%d %H:%M}"}
    assert any(f"请在北京时间 {time} 之后再试" in body for time in shown), body
    assert "登录已锁定" in body


def test_logins_failures_and_the_lockout_are_in_the_audit_log(xs, client, settings):
    log_in(client, "viewer", PASSWORD)
    client.logout()
    fail(client, "viewer", settings.AXES_FAILURE_LIMIT + 2)
    fail(client, "nobody", 1, ip="10.3.3.3")

    kinds = list(AuditEvent.objects.order_by("id").values_list("kind", "username"))

    assert kinds[0] == (AuditKind.LOGIN, "viewer")
    failures = [k for k in kinds if k == (AuditKind.LOGIN_FAILED, "viewer")]
    assert len(failures) == settings.AXES_FAILURE_LIMIT + 2
    assert kinds.count((AuditKind.LOCKOUT, "viewer")) == 1  # the lockout starts once
    assert (AuditKind.LOGIN_FAILED, "nobody") in kinds
    lockout = AuditEvent.objects.get(kind=AuditKind.LOCKOUT)
    assert (lockout.user, lockout.ip_address) == (xs.viewer, "10.0.0.1")


def test_the_user_page_shows_the_lock_and_an_admin_unlocks_it(xs, client, client_for, settings):
    fail(client, "viewer", settings.AXES_FAILURE_LIMIT)
    admin = client_for(xs.admin)  # the same test client, now the admin's
    page = admin.get(reverse("users:detail", kwargs={"pk": xs.viewer.pk})).content.decode()
    assert "登录失败次数过多" in page and reverse("users:unlock", kwargs={"pk": xs.viewer.pk}) in page

    response = admin.post(reverse("users:unlock", kwargs={"pk": xs.viewer.pk}))

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="viewer").exists()
    assert AuditEvent.objects.filter(kind=AuditKind.UNLOCK, user=xs.admin, detail="viewer").exists()
    page = admin.get(reverse("users:detail", kwargs={"pk": xs.viewer.pk})).content.decode()
    assert "登录失败次数过多" not in page
    admin.logout()
    assert log_in(client, "viewer", PASSWORD).status_code == 302


@pytest.mark.parametrize("role", ["staff", "dg_secretary", "viewer"])
def test_only_a_district_admin_may_unlock(xs, client, client_for, settings, role):
    fail(client, "viewer", settings.AXES_FAILURE_LIMIT)

    response = client_for(getattr(xs, role)).post(reverse("users:unlock", kwargs={"pk": xs.viewer.pk}))

    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="viewer").exists()


def test_unlock_answers_only_a_post(xs, client_for):
    assert client_for(xs.admin).get(reverse("users:unlock", kwargs={"pk": xs.viewer.pk})).status_code == 405


def test_behind_the_proxy_the_address_is_the_one_it_appended(xs, client, settings):
    # The reverse proxy connects from 127.0.0.1 for everyone: its address must not be counted.
    settings.TRUSTED_PROXIES = 1
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": f"guess{number}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 10.6.6.6",  # the client's own claim, then the proxy's entry
        )

    locked = client.post(
        LOGIN, {"username": "viewer", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.6.6.6"
    )
    other = client.post(
        LOGIN, {"username": "viewer", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.7.7.7"
    )

    assert (locked.status_code, other.status_code) == (429, 302)
    assert AuditEvent.objects.filter(kind=AuditKind.LOCKOUT, ip_address="10.6.6.6").exists()


def test_a_user_name_with_a_line_break_is_logged_on_one_line(xs, client):
    log_in(client, "viewer\r\nadmin logged in", "wrong-password")

    assert AuditEvent.objects.get().username == "viewer??admin logged in"

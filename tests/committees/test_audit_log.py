"""users:audit — the audit log page: district admins only, filtered, paginated, bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import AuditEvent, AuditKind
from tests.conftest import PASSWORD

URL = reverse("users:audit")


def events(xs, count: int, **fields) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            kind=fields.get("kind", AuditKind.DOWNLOAD),
            user=fields.get("user", xs.dg_secretary),
            username=fields.get("user", xs.dg_secretary).username,
            committee=fields.get("committee", xs.dg),
            detail=f"volunteers-{number}.xlsx",
            at=fields.get("at", timezone.now()),
        )
        for number in range(count)
    )


def rows(response) -> int:
    return response.content.decode().count('<tr class="audit-')


def test_it_shows_the_failures_the_lockout_and_an_export(xs, client, client_for):
    for _ in range(30):
        client.post("/accounts/login/", {"username": "viewer", "password": "wrong"})
    client_for(xs.dg_secretary).get(reverse("imports:volunteers_export", kwargs={"pk": xs.dg.pk}))

    body = client_for(xs.admin).get(URL).content.decode()

    assert body.count('<tr class="audit-login_failed">') == 30
    assert body.count('<tr class="audit-lockout">') == 1
    assert '<tr class="audit-download">' in body and "东港镇关工委“五老”志愿者.xlsx" in body and "东港镇关工委" in body
    assert "登录失败" in body and "登录锁定" in body and "下载" in body


@pytest.mark.parametrize("role", ["staff", "dg_secretary", "eh_secretary", "viewer", "dg_viewer"])
def test_it_validates_the_role(xs, client_for, role):
    assert client_for(getattr(xs, role)).get(URL).status_code == 403


def test_it_is_in_the_menu_of_district_admins_only(xs, client_for):
    assert f'href="{URL}"' in client_for(xs.admin).get(reverse("users:list")).content.decode()
    assert f'href="{URL}"' not in client_for(xs.staff).get(reverse("committees:tree")).content.decode()


def test_it_filters_by_user_kind_and_day(xs, client_for):
    events(xs, 3)
    events(xs, 2, user=xs.eh_secretary, committee=xs.eh)
    events(xs, 4, kind=AuditKind.LOGIN_FAILED, at=timezone.now() - datetime.timedelta(days=3))
    client = client_for(xs.admin)  # adds one login event of the admin, today
    today = timezone.localdate()

    assert rows(client.get(URL, {"user": "eh_secretary"})) == 2
    assert rows(client.get(URL, {"kind": AuditKind.LOGIN_FAILED})) == 4
    assert rows(client.get(URL, {"until": (today - datetime.timedelta(days=1)).isoformat()})) == 4
    assert rows(client.get(URL, {"since": today.isoformat(), "user": "dg_secretary"})) == 3


def test_a_page_runs_a_bounded_number_of_queries(xs, client_for, settings):
    settings.PAGE_SIZE = 20
    client = client_for(xs.admin)
    events(xs, 5)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    events(xs, 60, user=xs.eh_secretary, committee=xs.eh)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)

    assert rows(response) == 20 and "page=2" in response.content.decode()
    assert len(many) == len(few)


def test_a_real_login_is_logged_with_its_address(xs, client):
    client.post("/accounts/login/", {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")

    event = AuditEvent.objects.get()
    assert (event.kind, event.user, event.ip_address) == (AuditKind.LOGIN, xs.staff, "10.1.2.3")

"""The session store (committees/sessions.py): a request's session read with one plain SELECT,
with Django's conditions kept: an expired, ended or unknown session signs no one in."""

import datetime

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees import scoping


def session_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if Session._meta.db_table in q["sql"] and q["sql"].startswith("SELECT")]


def test_a_page_reads_its_session_with_one_plain_select(xs, client_for):
    client = client_for(xs.staff)
    assert settings.SESSION_ENGINE == "committees.sessions"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("committees:tree")).status_code == 200
    reads = session_reads(queries)
    assert len(reads) == 1 and "session_data" in reads[0] and "expire_date" in reads[0]


def test_an_expired_session_signs_no_one_in(xs, client_for):
    client = client_for(xs.staff)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("committees:tree")).url.startswith(reverse("login"))


def test_a_session_ended_by_logging_out_cannot_be_used_again(xs, client_for):
    client = client_for(xs.staff)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("committees:tree")).status_code == 200
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=cookie).exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie  # the old cookie, replayed
    assert client.get(reverse("committees:tree")).url.startswith(reverse("login"))


def test_an_unknown_session_key_signs_no_one_in_and_is_not_adopted(xs, client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    assert client.get(reverse("committees:tree")).url.startswith(reverse("login"))
    assert not Session.objects.filter(session_key="x" * 32).exists()


def test_a_user_s_roles_are_read_once_a_request_and_follow_their_changes(xs, client_for):
    client = client_for(xs.dg_secretary)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("committees:tree")).status_code == 200
    assert sum("committees_roleassignment" in q["sql"] for q in queries) == 1
    xs.dg_secretary.role_assignments.update(ended_at=timezone.now())
    assert client.get(reverse("committees:detail", args=[xs.dg.pk])).status_code == 404
    xs.dg_secretary.__dict__.pop("_xishan_scopes", None)
    assert scoping.user_scopes(xs.dg_secretary) == []


def test_sessions_signed_by_django_s_store_stay_valid(xs, client):
    """The same table and the same signing salt: no one is signed out when the store changes."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore as DjangoStore

    from committees.sessions import SessionStore

    assert SessionStore().key_salt == DjangoStore().key_salt
    old = DjangoStore()
    old[SESSION_KEY] = str(xs.staff.pk)
    old[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    old[HASH_SESSION_KEY] = xs.staff.get_session_auth_hash()
    old.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = old.session_key
    assert client.get(reverse("committees:tree")).status_code == 200

"""Headers and settings that keep the portal hardened: the Content-Security-Policy and the
templates it needs, idle sessions ending, and refused or missing pages logged in one line."""

import datetime
import logging
import re
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from committees.middleware import RENEWED_KEY

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# The report's standalone file opens offline, from disk, where no header applies: it inlines.
OFFLINE = {"surveys/report/standalone.html"}
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:", re.I)


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_every_page_has_a_policy_of_its_own_files_only(xs, client_for):
    response = client_for(xs.admin).get(reverse("committees:tree"))

    directives = policy(response)
    assert directives["default-src"] == "default-src 'self'"
    assert directives["script-src"] == "script-src 'self'"
    assert directives["style-src"] == "style-src 'self'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_the_login_page_has_the_policy_too(client):
    assert policy(client.get(reverse("login")))["default-src"] == "default-src 'self'"


def test_no_template_has_an_inline_script_handler_or_style():
    found = []
    for path in TEMPLATES.rglob("*.html"):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in OFFLINE:
            found += [f"{name}: {m.group()}" for m in INLINE.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


def test_a_session_ends_after_a_working_day_without_a_request(xs, client_for):
    assert 8 * 3600 <= settings.SESSION_COOKIE_AGE <= 9 * 3600
    client = client_for(xs.staff)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(reverse("committees:tree"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_working_user_s_session_is_renewed(xs, client_for, settings):
    client = client_for(xs.staff)
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(hours=1))

    client.get(reverse("committees:tree"))  # renewed at login, a moment ago: not saved again
    assert Session.objects.get().expire_date < timezone.now() + datetime.timedelta(hours=2)
    session = client.session
    session[RENEWED_KEY] -= settings.SESSION_RENEW_SECONDS
    session.save()
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(hours=1))

    assert client.get(reverse("committees:tree")).status_code == 200
    renewed = Session.objects.get().expire_date
    expected = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(renewed - expected) < datetime.timedelta(minutes=1)


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_refused_page_is_logged_in_one_line_with_the_user_and_no_traceback(xs, client_for, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_for(xs.staff).get(reverse("users:list"))

    assert response.status_code == 403
    [record] = request_records(caplog)
    assert record.getMessage() == "403 GET /users/ user=staff"
    assert record.exc_info is None and "Traceback" not in caplog.text


def test_a_missing_page_is_logged_in_one_line(xs, client_for, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_for(xs.dg_secretary).get("/no/such/page%0Afake-line/?q=1")

    assert response.status_code == 404
    [record] = request_records(caplog)
    assert record.getMessage() == "404 GET /no/such/page%0Afake-line/?q=1 user=dg_secretary"
    assert "\n" not in record.getMessage()

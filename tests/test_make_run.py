"""`make run` as a developer starts it: `PORT=8123 make run` serves the login page on 8123, with
DEBUG off (the portal's own 404 page, static files and the favicon through whitenoise).

A real subprocess in its own process group, killed at the end; its database, broker, mail and
static files live in a temporary folder (XISHAN_VAR_DIR), never in the developer's var/.
"""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings

PORT = 8123
START_TIMEOUT = 180


def get(path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_for_login_page(process: subprocess.Popen, log) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make run ended with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            status, body = get("/accounts/login/")
            if status == 200:
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    pytest.fail(f"nothing served on {PORT} within {START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def make_run(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "EMAIL_SITE_URL")
    }
    environment.update(
        PORT=str(PORT),
        XISHAN_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CELERY_BROKER_URL="filesystem://",
    )
    log = tmp_path / "make-run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: make, honcho, runserver, worker, beat
        )
        try:
            yield process, log
        finally:
            for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue


def test_make_run_serves_the_login_page_on_port_with_debug_off(make_run):
    process, log = make_run
    body = wait_for_login_page(process, log)
    assert 'name="password"' in body
    assert "favicon" in body

    status, body = get("/no-such-page/")
    assert status == 404
    assert "Raised by" not in body and "technical" not in body.lower()
    assert "页面不存在" in body  # the portal's own 404 page, in Chinese

    status, css = get("/static/css/portal.css")
    assert status == 200 and css.strip()
    status, _ = get("/static/favicon.svg")
    assert status == 200

    output = log.read_text()
    assert f"http://127.0.0.1:{PORT}/" in output  # the printed URL follows PORT

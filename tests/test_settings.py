"""Production settings: check --deploy is clean, and unsafe configurations refuse to start."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def manage(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process: the test's environment without DEBUG, SECRET_KEY, PRODUCTION and
    CONN_MAX_AGE, plus env."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "PRODUCTION", "CONN_MAX_AGE")
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def production_key() -> str:
    return secrets.token_urlsafe(45)  # 60 characters


def test_check_deploy_is_clean_in_production():
    key = production_key()
    assert len(key) == 60
    result = manage("check", "--deploy", PRODUCTION="1", SECRET_KEY=key, ALLOWED_HOSTS="portal.example.org")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr, result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = manage("check", PRODUCTION="1", DEBUG="1", SECRET_KEY=production_key(), ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "PRODUCTION=1 refuses to start with DEBUG on" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    # Empty rather than absent, so that a developer's .env cannot supply one.
    result = manage("check", PRODUCTION="1", SECRET_KEY="", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "needs a SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", PRODUCTION="1", SECRET_KEY="x" * 49, ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "needs a SECRET_KEY" in result.stderr


SHOW_EMAIL = "from django.conf import settings; print(settings.EMAIL_BACKEND, getattr(settings, 'EMAIL_FILE_PATH', ''))"


def test_development_writes_emails_to_files_under_var(tmp_path):
    result = manage("shell", "-c", SHOW_EMAIL, EMAIL_URL="", EMAIL_FILE_PATH="", XISHAN_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.mail.backends.filebased.EmailBackend",
        str(tmp_path / "mail"),
    ]


def test_production_sends_emails_through_the_email_url():
    result = manage(
        "shell",
        "-c",
        SHOW_EMAIL,
        PRODUCTION="1",
        SECRET_KEY=production_key(),
        ALLOWED_HOSTS="portal.example.org",
        EMAIL_URL="smtp+tls://user:password@mail.example.org:587",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split()[0] == "django.core.mail.backends.smtp.EmailBackend"


SHOW_CONNECTION = (
    "from django.conf import settings; d = settings.DATABASES['default']; "
    "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
)


def test_a_database_server_keeps_its_connections_with_health_checks():
    result = manage("shell", "-c", SHOW_CONNECTION, DATABASE_URL="postgres://u@127.0.0.1:5432/xishan")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["xishan_portal.postgresql", "60", "True"]


def test_conn_max_age_comes_from_the_environment():
    result = manage("shell", "-c", SHOW_CONNECTION, DATABASE_URL="postgres://u@127.0.0.1:5432/xishan", CONN_MAX_AGE="5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["5", "True"]


def test_sqlite_opens_a_connection_per_request(tmp_path):
    result = manage("shell", "-c", SHOW_CONNECTION, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["django.db.backends.sqlite3", "0", "True"]


SHOW_OPTIONS = "from django.conf import settings; print(repr(settings.DATABASES['default'].get('OPTIONS', {})))"


def test_postgresql_runs_without_the_planners_jit_unless_asked():
    url = "postgres://u@127.0.0.1:5432/xishan?options=-c%20statement_timeout%3D60000"
    result = manage("shell", "-c", SHOW_OPTIONS, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert "'options': '-c statement_timeout=60000 -c jit=off'" in result.stdout  # the URL's own kept
    result = manage("shell", "-c", SHOW_OPTIONS, DATABASE_URL="postgres://u@127.0.0.1:5432/xishan", PG_JIT="on")
    assert "jit" not in result.stdout

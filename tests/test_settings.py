"""Production settings: check --deploy is clean, and unsafe configurations refuse to start."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process: the test's environment without DEBUG, SECRET_KEY, PRODUCTION, plus env."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "PRODUCTION")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
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

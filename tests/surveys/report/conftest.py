"""The demo district for the report tests, loaded once per test module (load_demo takes
seconds) inside a transaction rolled back when the module ends; each test still runs in its
own savepoint, so what a test writes is gone before the next."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings

from committees.models import Committee, Kind
from tests.demo_snapshot import load_demo_once

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            load_demo_once()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_db, db):
    """The demo district: 2022 and 2023 approved, 2024 open (XS02 submitted, XS03's form 2 returned)."""


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def district() -> Committee:
    return Committee.objects.get(kind=Kind.DISTRICT)


def town(code: str) -> Committee:
    return Committee.objects.get(code=code)


def user(username: str):
    """A demo user: admin, staff, dongang (东港镇 XS01's secretary), ehu (鹅湖镇 XS03's), viewer."""
    return get_user_model().objects.get(username=username)

"""Where tests send Celery messages: a filesystem broker folder of the tests' own.

The default folder under var/ is shared with `make run`'s worker, which would take a test's
message (an email, a report, a job) and look for its rows in the development database."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from xishan_portal.celery import app as celery_app


def reset_broker_pools() -> None:
    # Celery caches its broker connections with the transport options they were made with;
    # dropping the caches makes the next send use the current options.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_folder(folder: Path) -> Iterator[bool]:
    """Send (and receive) through `folder` while inside; yields whether the broker is a filesystem
    one (a server broker such as Redis is left as it is: it is the CI's own)."""
    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        yield False
        return
    (folder / "control").mkdir(parents=True, exist_ok=True)
    saved = celery_app.conf.broker_transport_options
    celery_app.conf.broker_transport_options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }
    reset_broker_pools()
    try:
        yield True
    finally:
        celery_app.conf.broker_transport_options = saved
        reset_broker_pools()

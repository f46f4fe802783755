"""Where tests send Celery messages: a filesystem broker folder of the tests' own.

The default folder under var/ is shared with `make run`'s worker, which would take a test's
message (an email, a report, a job) and look for its rows in the development database."""

from __future__ import annotations

import contextlib
import os
import re
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


REDIS_DATABASES = 16


@contextlib.contextmanager
def private_server_broker() -> Iterator[str | None]:
    """A Redis broker's database of this test process: the test processes of one run (xdist's
    gw0, gw1) would otherwise share one queue, and a worker started by one test takes another
    process's message (a report run left queued: seen in CI). The URL goes to this process's Celery
    app and to its environment, which the workers the tests start inherit; yields it (None for a
    filesystem broker, or outside xdist)."""
    url = settings.CELERY_BROKER_URL
    worker = re.fullmatch(r"gw(\d+)", os.environ.get("PYTEST_XDIST_WORKER", ""))
    found = re.fullmatch(r"(rediss?://[^/]*)(?:/(\d*))?", url)
    if worker is None or found is None:
        yield None
        return
    base = int(found.group(2) or 0)
    private = f"{found.group(1)}/{(base - 1 - int(worker.group(1))) % REDIS_DATABASES}"
    saved = (celery_app.conf.broker_url, os.environ.get("CELERY_BROKER_URL"))
    celery_app.conf.broker_url = private
    os.environ["CELERY_BROKER_URL"] = private
    reset_broker_pools()
    try:
        yield private
    finally:
        celery_app.conf.broker_url = saved[0]
        if saved[1] is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved[1]
        reset_broker_pools()

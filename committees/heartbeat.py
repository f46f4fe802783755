"""Background work that never stays running: heartbeats, the sweep of lost work, safe queueing.

A Celery task running a tracked row (a Job, a report run: models with status, heartbeat_at,
error and finished_at) writes heartbeat_at with each progress step and, from a thread of its
own, every JOB_HEARTBEAT_EVERY seconds. A worker killed outright (SIGKILL, out of memory, the
machine restarted) writes nothing more, so beat's sweep (every JOB_SWEEP_EVERY seconds) ends
running rows whose heartbeat is older than JOB_STALE_AFTER as failed, and their page offers to
run them again (a model's `waiting_in_queue()` condition spares rows whose work waits in the
queue in parts not started yet, as a queued row is spared). A row whose task could not even be
sent (the broker is down) ends failed at once. Apps register the models they track in AppConfig.ready(); committees knows no other app.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Values shared by every tracked model's Status choices.
QUEUED, RUNNING, FAILED = "queued", "running", "failed"

TRACKED: list[type[models.Model]] = []

# A task whose worker died is delivered again (acks_late, reject_on_worker_lost), but not
# forever: the work itself (a file too big for the memory) may be what kills the worker.
MAX_ATTEMPTS = 2


def track(model: type[models.Model]) -> None:
    """Let the sweep end the model's running rows whose heartbeat is stale."""
    if model not in TRACKED:
        TRACKED.append(model)


def lost_message() -> str:
    return _(
        "The background worker stopped before this work finished (it was restarted or ran out of "
        "memory); nothing of it was kept. Run it again."
    )


def unreachable_message() -> str:
    return _(
        "The background service could not be reached, so this work was not started; nothing was "
        "lost. Run it again in a few minutes."
    )


def stale_sweep(*, now: datetime.datetime | None = None) -> int:
    """End as failed every tracked row still running without a heartbeat for JOB_STALE_AFTER
    seconds; return how many. Rows locked by a live transaction (an import writing) are alive."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.JOB_STALE_AFTER)
    ended = 0
    for model in TRACKED:
        with transaction.atomic():
            stale = model.objects.select_for_update(skip_locked=True).filter(
                Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff), status=RUNNING
            )
            waiting = getattr(model, "waiting_in_queue", None)
            if waiting is not None:  # work of the row still queued, as a queued row is: not lost
                stale = stale.exclude(waiting())
            ids = list(stale.values_list("pk", flat=True))
            if ids:
                ended += model.objects.filter(pk__in=ids, status=RUNNING).update(
                    status=FAILED, error=lost_message(), finished_at=now
                )
                logger.warning("%s %s lost their worker: marked failed", model._meta.verbose_name_plural, ids)
    return ended


def running_start(model: type[models.Model], pk: int, **fields) -> bool:
    """Mark a queued row running for this attempt (a row still running was left by a worker that
    died: this is its message delivered again). False when it must not run: it is finished,
    failed by the sweep, or its worker died MAX_ATTEMPTS times (then it ends failed)."""
    now = timezone.now()
    live = model.objects.filter(pk=pk, status__in=[QUEUED, RUNNING])
    started = live.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, **fields
    )
    if not started:
        live.update(status=FAILED, error=lost_message(), finished_at=now)
    return bool(started)


@contextlib.contextmanager
def heartbeat(model: type[models.Model], pk: int) -> Iterator[None]:
    """Write the running row's heartbeat every JOB_HEARTBEAT_EVERY seconds while the block runs.

    The beats come from a thread with its own database connection, so a long step without
    progress reports (building a document, one big write) still shows the worker alive."""
    if connection.in_atomic_block:
        # The caller holds a transaction (a test, an eager task): a second connection's writes
        # would wait for it, and the caller's own progress writes already carry the heartbeat.
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=_beat, args=(model, pk, stop), name=f"heartbeat-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=settings.JOB_HEARTBEAT_EVERY)


def _beat(model: type[models.Model], pk: int, stop: threading.Event) -> None:
    try:
        while not stop.wait(settings.JOB_HEARTBEAT_EVERY):
            try:
                model.objects.filter(pk=pk, status=RUNNING).update(heartbeat_at=timezone.now())
            except DatabaseError:  # busy (an import holds SQLite's write lock): the next beat tries again
                logger.warning("no heartbeat written for %s %s", model._meta.verbose_name, pk, exc_info=True)
    finally:
        connection.close()  # this thread's own connection


def queue_on_commit(task, model: type[models.Model], pk: int) -> None:
    """Send task(pk) once the transaction commits (the worker must see the row). When the broker
    can't be reached the queued row ends failed with a message saying so, rather than waiting
    for a message that was never sent."""

    def send() -> None:
        try:
            task.delay(pk)
        except Exception:  # noqa: BLE001 - kombu's OperationalError, or the transport's own socket errors
            logger.exception("could not queue %s for %s %s", task.name, model._meta.verbose_name, pk)
            model.objects.filter(pk=pk, status=QUEUED).update(
                status=FAILED, error=unreachable_message(), finished_at=timezone.now()
            )

    transaction.on_commit(send)

"""Report runs fanned out over the workers: one part per format, each built by a Celery task of
its own, recorded in ReportPart rows (no result backend: progress and results live in our tables).

report_run_fan_out (the run's first task) compiles what every part shares, the ReportData, once:
indicators, problems and the forms' rows. It stores it pickled beside the run's files (see
data_save), records one part per format and sends one task per part. Each part task loads
that data, builds its file and records it in its row; the last part to finish (decided by one
conditional UPDATE of the run, safe on SQLite and PostgreSQL) merges: it stores the run's
ReportFiles and marks the run done. The first part to fail ends the run failed with its error;
the other parts then drop what they built, and no ReportFile is stored.

Why the data is stored rather than recomputed by each part: every part must describe the same
report, and a form approved or returned while the parts run would make a recomputed workbook
disagree with its Word draft; the data is also built once instead of once per part.

While a part runs, it beats the run's heartbeat (committees.heartbeat), so a part whose worker
died is caught by beat's sweep of stale runs, as a whole run's is. A part's task is safe to repeat:
it starts only while its run is running and the part is not done.
"""

from __future__ import annotations

import logging
import pickle
import socket
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Greatest
from django.utils import timezone

from committees import heartbeat

from ..selectors import round_specs
from ..spec import FormSpec
from .data import ReportData
from .models import ReportPart, ReportRun
from .runs import (
    EXTENSIONS,
    FORMATS,
    builder_for,
    built,
    error_text,
    file_store,
    files_delete,
    parse_formats,
    report_data_build,
    run_begin,
    run_fail,
    run_step,
)

logger = logging.getLogger(__name__)

PART_STAGE, MERGE_STAGE = "parts", "merging"
PARTS_FROM, PARTS_SPAN = 50, 45  # the run's progress: 50 once the data is built, 95 when every part is done
Status = ReportRun.Status


def part_keys(run: ReportRun) -> list[str]:
    """The run's parts: its formats whose builder exists, in the canonical order."""
    return [fmt for fmt in parse_formats(run.formats) if builder_for(fmt) is not None]


def data_path(run: ReportRun) -> str:
    """Where the run's shared ReportData waits for its parts (beside the run's files)."""
    return str(PurePosixPath("reports") / str(run.survey_round.year) / str(run.pk) / "data.pickle")


class _DataPickler(pickle.Pickler):
    # The forms' specs hold lazy label mappings that don't pickle; they are the round's own
    # (selectors.round_specs), so the pickle names them by form number and the reader takes its round's.
    def persistent_id(self, obj):
        return ("form", obj.number) if isinstance(obj, FormSpec) else None


class _DataUnpickler(pickle.Unpickler):
    def __init__(self, file, specs: dict[int, FormSpec]):
        super().__init__(file)
        self.specs = specs

    def persistent_load(self, pid):
        kind, number = pid
        return self.specs[number]


def data_save(run: ReportRun, data: ReportData) -> None:
    # pickle: the data is our own dataclasses (dates, Decimals), written and read by our own
    # workers in our own media folder, so nothing foreign is ever unpickled.
    # One pickle of the report without its forms, then one per form: a pickler remembers every
    # object it wrote, and a province's forms are millions of them (the worker's peak: 375 MB
    # in one pickle, 306 MB this way). Written to a temporary file, stored from there.
    with tempfile.TemporaryFile() as handle:
        _DataPickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump((replace(data, forms={}), len(data.forms)))
        for item in data.forms.items():
            _DataPickler(handle, protocol=pickle.HIGHEST_PROTOCOL).dump(item)
        path = data_path(run)
        default_storage.delete(path)
        default_storage.save(path, File(handle))


def data_load(run: ReportRun) -> ReportData:
    specs = {spec.number: spec for spec in round_specs(run.survey_round)}
    with default_storage.open(data_path(run), "rb") as handle:  # written by data_save, see there
        data, forms = _DataUnpickler(handle, specs).load()
        data.forms = dict(_DataUnpickler(handle, specs).load() for _ in range(forms))
    return data


def leftovers_delete(run: ReportRun) -> None:
    """Drop the parts' files and the shared data (after the merge, or once the run failed)."""
    for part in ReportPart.objects.filter(run=run).exclude(file=""):
        part.file.delete(save=False)
    ReportPart.objects.filter(run=run).update(file="")
    default_storage.delete(data_path(run))


def report_run_fan_out(run: ReportRun, *, send: Callable[[int], object]) -> list[ReportPart]:
    """Compile the data the run's parts share, record the parts and send(part id) each; return
    the parts sent. Never raises for a failure: the run ends failed with the error text."""
    if not run_begin(run):
        return []
    step = run_step(run)
    try:
        with heartbeat.heartbeat(ReportRun, run.pk):
            files_delete(run)  # of an attempt whose worker died, with its parts
            leftovers_delete(run)
            ReportPart.objects.filter(run=run).delete()
            data = report_data_build(survey_round=run.survey_round, scope=run.scope, step=step, run=run)
            data_save(run, data)
            parts = ReportPart.objects.bulk_create([ReportPart(run=run, key=key) for key in part_keys(run)])
            step(PARTS_FROM, PART_STAGE)
    except Exception as exc:  # noqa: BLE001 - any failure must reach the user, not spin forever
        run_fail(run, exc)
        leftovers_delete(run)
        return []
    for part in parts:
        try:
            send(part.pk)
        except Exception:  # noqa: BLE001 - kombu's OperationalError, or the transport's own socket errors
            # The parts already sent find their run failed and do nothing.
            logger.exception("could not queue part %s of report run %s", part.key, run.pk)
            run_fail(run, ValidationError(heartbeat.unreachable_message()))
            leftovers_delete(run)
            return []
    return parts


def _part_begin(part_id: int, worker: str) -> ReportPart | None:
    """Mark the part running for this attempt; None when it must not run (done, its run ended, or
    its worker died heartbeat.MAX_ATTEMPTS times: then the run ends failed)."""
    now = timezone.now()
    live = ReportPart.objects.filter(pk=part_id, status__in=[Status.QUEUED, Status.RUNNING], run__status=Status.RUNNING)
    started = live.filter(attempts__lt=heartbeat.MAX_ATTEMPTS).update(
        status=Status.RUNNING, started_at=now, worker=worker[:200], attempts=F("attempts") + 1, error=""
    )
    part = ReportPart.objects.select_related("run__survey_round", "run__scope").filter(pk=part_id).first()
    if started:
        return part
    if part is not None and live.exists():  # tried enough: its worker keeps dying
        _part_fail(part, ValidationError(heartbeat.lost_message()))
    return None


def _part_fail(part: ReportPart, exc: BaseException) -> None:
    ReportPart.objects.filter(pk=part.pk).update(
        status=Status.FAILED, error=error_text(exc), finished_at=timezone.now()
    )
    run_fail(part.run, exc)
    leftovers_delete(part.run)


def _part_store(part: ReportPart, content: File) -> bool:
    """Record the part's file; False (and the file dropped) when its run ended meanwhile."""
    if part.file:
        part.file.delete(save=False)  # of an attempt whose worker died
    part.file.save(f"{part.key}.{EXTENSIONS[part.key]}", content, save=False)
    stored = ReportPart.objects.filter(pk=part.pk, status=Status.RUNNING, run__status=Status.RUNNING).update(
        status=Status.DONE, file=part.file.name, size=content.size, finished_at=timezone.now()
    )
    if not stored:
        part.file.delete(save=False)
    return bool(stored)


def report_part_execute(part_id: int, *, worker: str = "") -> ReportPart | None:
    """Build one part of a run and record it; the run's last part to finish merges them.
    Never raises for a failure of the build: the part and its run end failed with the error."""
    part = _part_begin(part_id, worker or socket.gethostname())
    if part is None:
        return None
    run = part.run
    try:
        with heartbeat.heartbeat(ReportRun, run.pk):
            build = builder_for(part.key)
            if build is None:
                raise LookupError(f"no builder for {part.key}")
            with built(build(data_load(run))) as content:
                stored = _part_store(part, content)
    except Exception as exc:  # noqa: BLE001 - any failure must reach the user, not spin forever
        _part_fail(part, exc)
        return part
    if stored:
        _progress(run)
        if merge_claim(run):
            report_run_merge(run)
    return part


def _progress(run: ReportRun) -> None:
    done = ReportPart.objects.filter(run=run, status=Status.DONE).count()
    total = ReportPart.objects.filter(run=run).count() or 1
    ReportRun.objects.filter(pk=run.pk, status=Status.RUNNING, stage=PART_STAGE).update(
        progress=Greatest(F("progress"), PARTS_FROM + PARTS_SPAN * done // total), heartbeat_at=timezone.now()
    )


def merge_claim(run: ReportRun) -> bool:
    """Whether this caller merges the run: the one UPDATE that finds every part done and the run
    still writing its parts moves it on to merging; any other caller (a part finishing at the same
    moment) finds it merging already. PostgreSQL re-reads the run's row it waited for; SQLite
    writes one at a time."""
    unfinished = ReportPart.objects.filter(run=OuterRef("pk")).exclude(status=Status.DONE)
    claimed = (
        ReportRun.objects.filter(pk=run.pk, status=Status.RUNNING, stage=PART_STAGE)
        .filter(~Exists(unfinished))
        .update(stage=MERGE_STAGE, progress=PARTS_FROM + PARTS_SPAN, heartbeat_at=timezone.now())
    )
    return bool(claimed)


def report_run_merge(run: ReportRun) -> None:
    """Store the parts' files as the run's files and end the run done (failed on an error)."""
    order = {fmt: n for n, fmt in enumerate(FORMATS)}
    try:
        with transaction.atomic():
            files_delete(run)
            for part in sorted(ReportPart.objects.filter(run=run), key=lambda p: order[p.key]):
                with part.file.open("rb") as handle:
                    file_store(run, part.key, handle)  # copied chunk by chunk, not read whole
            ended = ReportRun.objects.filter(pk=run.pk, status=Status.RUNNING).update(
                status=Status.DONE, progress=100, stage="done", finished_at=timezone.now()
            )
            if not ended:  # the sweep ended it meanwhile: its page offers to run it again
                files_delete(run)
    except Exception as exc:  # noqa: BLE001 - any failure must reach the user, not spin forever
        run_fail(run, exc)
        files_delete(run)
    else:
        run.refresh_from_db(fields=["status", "progress", "stage", "finished_at"])
    leftovers_delete(run)

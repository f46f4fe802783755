"""A real Celery worker killed (SIGKILL) mid-compile or mid-import leaves
a failed, re-runnable run within the sweep interval, and nothing half-written; run again, it
succeeds. A second worker, with beat (-B) and a sweep every second, plays the restarted service."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from committees.excel import build_workbook
from committees.imports import TABLES
from committees.imports.background import APPLY_KIND, JOB_ROWS, import_job_start
from committees.imports.uploads import upload_keep
from committees.models import Job, Person, Volunteer
from surveys.report import runs
from surveys.report.models import ReportRun
from tests.surveys.conftest import open_round
from tests.test_celery_worker import database_url, log_tail, private_broker, stop_worker  # noqa: F401
from xishan_portal.celery import app as celery_app

pytestmark = pytest.mark.worker

TIMEOUT = 40  # seconds for any one wait, a worker's start included
LOST = "后台服务在任务完成前中断"
# The restarted worker's beat sweeps every second and calls work stale after 3 s without a beat.
FAST_SWEEP = {"JOB_HEARTBEAT_EVERY": "1", "JOB_STALE_AFTER": "3", "JOB_SWEEP_EVERY": "1"}


@pytest.fixture
def workers(transactional_db, private_broker, tmp_path, settings):  # noqa: F811 - the imported fixture
    """start(beat=…) starts a real worker on the test database; all stop at the end."""
    assert not celery_app.conf.task_always_eager
    settings.MEDIA_ROOT = str(tmp_path / "media")
    started: list[subprocess.Popen] = []
    env = {
        **private_broker,
        "XISHAN_VAR_DIR": str(tmp_path),  # beat's schedule file too
        "DATABASE_URL": database_url(connection.settings_dict),
        "MEDIA_ROOT": settings.MEDIA_ROOT,
    }

    def start(*, beat: bool = False) -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "xishan_portal", "worker", "-l", "info"]
        command += ["--concurrency", "1", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        command += ["-n", f"xishan-faults-{os.getpid()}-{len(started)}@%h"] + (["-B"] if beat else [])
        log = tmp_path / f"worker-{len(started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env={**os.environ, **env, **(FAST_SWEEP if beat else {})},
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        process.log = log
        started.append(process)
        return process

    yield start
    for process in started:
        stop_worker(process)


def kill(worker: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool child, as an OOM killer or a lost machine would."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def wait_until(what: str, test: Callable[[], bool], worker: subprocess.Popen, *, pause: float = 0.2) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not test():
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode} waiting for {what}:\n{log_tail(worker.log)}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {TIMEOUT} s; worker log:\n{log_tail(worker.log)}")
        time.sleep(pause)


def writing_elsewhere() -> bool:
    """Whether another connection is inside a write transaction on the test database."""
    if connection.vendor == "sqlite":
        probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:  # database is locked
            return True
        finally:
            probe.close()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_compile_leaves_a_failed_run_that_runs_again(workers, xs, client):
    survey_round = open_round(xs)
    first = workers()
    run = runs.report_run_start(actor=xs.staff, survey_round=survey_round, scope=xs.district, formats=["xlsx", "docx"])

    def compiling() -> bool:
        run.refresh_from_db()
        assert run.status != ReportRun.Status.DONE, "compiled before it could be stopped"
        return run.status == ReportRun.Status.RUNNING

    wait_until("running compile", compiling, first, pause=0.005)
    # Hold the run's row (SQLite: the write lock) so that the worker waits at its next step,
    # then kill it there: mid-compile, as a worker dying in a long stage.
    with transaction.atomic():
        ReportRun.objects.select_for_update().get(pk=run.pk)
        kill(first)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.RUNNING  # the defect: it would poll forever

    second = workers(beat=True)
    wait_until("failed run", lambda: ReportRun.objects.get(pk=run.pk).status == ReportRun.Status.FAILED, second)
    run.refresh_from_db()
    assert LOST in run.error and run.finished_at is not None

    client.force_login(xs.staff)
    page = client.get(reverse("surveys:report_run", kwargs={"pk": run.pk})).content.decode()
    assert LOST in page and reverse("surveys:report_run_retry", kwargs={"pk": run.pk}) in page
    client.post(reverse("surveys:report_run_retry", kwargs={"pk": run.pk}))
    again = ReportRun.objects.exclude(pk=run.pk).get()
    wait_until("second compile", lambda: ReportRun.objects.get(pk=again.pk).status != "queued", second)
    wait_until("finished compile", lambda: ReportRun.objects.get(pk=again.pk).is_finished, second)
    again.refresh_from_db()
    assert again.status == ReportRun.Status.DONE, f"{again.error}\n{log_tail(second.log)}"
    assert sorted(again.files.values_list("format", flat=True)) == ["docx", "json", "xlsx"]


def test_a_worker_killed_mid_import_writes_nothing_and_the_import_runs_again(workers, xs, client):
    rows = [
        {"committee_code": xs.dg_v1.code, "name": f"志愿者{i}", "birth_year": 1950 + i % 20, "layer": "参与层"}
        for i in range(JOB_ROWS + 1)
    ]
    name = upload_keep(build_workbook([(TABLES["volunteers"].spec(), rows)]))
    counts = lambda: (Person.objects.count(), Volunteer.objects.count(), Volunteer.history.count())  # noqa: E731
    before = counts()
    first = workers()
    job = import_job_start(actor=xs.dg_secretary, table=TABLES["volunteers"], file=name, kind=APPLY_KIND)

    def saving() -> bool:
        job.refresh_from_db()
        assert job.status != Job.Status.DONE, "written before it could be stopped"
        # 60 % (saving) is the last progress shown before the writes' transaction.
        return job.progress >= 60 and writing_elsewhere()

    wait_until("import inside its transaction", saving, first, pause=0.002)
    kill(first)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING  # the defect: it would stay at 60 % forever
    assert counts() == before  # nothing half-written

    second = workers(beat=True)
    wait_until("failed import", lambda: Job.objects.get(pk=job.pk).status == Job.Status.FAILED, second)
    job.refresh_from_db()
    assert LOST in job.error and counts() == before

    client.force_login(xs.dg_secretary)
    page = client.get(reverse("imports:job", kwargs={"pk": job.pk})).content.decode()
    assert LOST in page and "重新运行" in page
    client.post(reverse("committees:job_retry", kwargs={"pk": job.pk}))
    again = Job.objects.exclude(pk=job.pk).get()
    wait_until("finished import", lambda: Job.objects.get(pk=again.pk).is_finished, second)
    again.refresh_from_db()
    assert again.status == Job.Status.DONE and again.result["applied"], f"{again.error}\n{log_tail(second.log)}"
    assert Volunteer.objects.filter(committee=xs.dg_v1).count() == JOB_ROWS + 1
    assert not list((Path(settings.MEDIA_ROOT) / "imports").iterdir())  # the kept file went with the apply


def pool_child(worker: subprocess.Popen) -> int:
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    assert len(children) == 1, children  # --concurrency 1
    return int(children[0])


def test_a_pool_process_killed_mid_compile_is_replaced_and_the_compile_runs_again(workers, xs):
    survey_round = open_round(xs)
    worker = workers()
    run = runs.report_run_start(actor=xs.staff, survey_round=survey_round, scope=xs.district, formats=["xlsx", "docx"])

    def compiling() -> bool:
        run.refresh_from_db()
        assert run.status != ReportRun.Status.DONE, "compiled before it could be stopped"
        return run.status == ReportRun.Status.RUNNING

    wait_until("running compile", compiling, worker, pause=0.005)
    with transaction.atomic():
        ReportRun.objects.select_for_update().get(pk=run.pk)
        os.kill(pool_child(worker), signal.SIGKILL)  # out of memory, say: the worker itself lives
    # reject_on_worker_lost: the message goes back to the queue, and a new pool process takes it.
    wait_until("finished compile", lambda: ReportRun.objects.get(pk=run.pk).is_finished, worker)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.attempts == 2, f"{run.error}\n{log_tail(worker.log)}"
    assert sorted(run.files.values_list("format", flat=True)) == ["docx", "json", "xlsx"]

"""Background jobs: a real Celery worker process runs a queued job; a failing handler is recorded."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from kombu.utils.url import maybe_sanitize_url

from committees import services, tasks
from committees.bench import database_url
from committees.jobs import HANDLERS
from committees.models import Job
from tests.brokers import broker_folder
from xishan_portal.celery import app as celery_app

WORKER_TIMEOUT = 60


@pytest.fixture
def private_broker(tmp_path):
    """Environment for the worker; a filesystem broker gets a folder of its own (tests/brokers.py)."""
    folder = tmp_path / "celery-broker"  # where settings put it when XISHAN_VAR_DIR=tmp_path
    with broker_folder(folder) as filesystem:
        yield {"XISHAN_VAR_DIR": str(tmp_path)} if filesystem else {}


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "xishan_portal",
        "worker",
        "-l",
        "info",
        "--concurrency",
        "1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"xishan-test-{os.getpid()}@%h",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is not None:
        return
    worker.terminate()  # warm shutdown: the prefork child goes too
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def log_tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


@pytest.mark.worker
def test_a_real_worker_runs_a_queued_job(transactional_db, xs, private_broker, tmp_path, capsys):
    assert not celery_app.conf.task_always_eager, "CELERY_TASK_ALWAYS_EAGER would run the job in the test"
    log = tmp_path / "worker.log"
    worker = start_worker({**private_broker, "DATABASE_URL": database_url(connection.settings_dict)}, log)
    try:
        # transactional_db commits, so on_commit sends the task at once.
        job = services.job_start(actor=xs.admin, kind="district_summary", committee=xs.district)
        deadline = time.monotonic() + WORKER_TIMEOUT
        job.refresh_from_db()
        while not job.is_finished:
            if worker.poll() is not None:
                pytest.fail(f"the worker exited with {worker.returncode}:\n{log_tail(log)}")
            if time.monotonic() > deadline:
                pytest.fail(f"job {job.pk} still {job.status} after {WORKER_TIMEOUT} s; worker log:\n{log_tail(log)}")
            time.sleep(0.25)
            job.refresh_from_db()
    finally:
        stop_worker(worker)

    assert job.status == Job.Status.DONE, f"{job.error}\n{log_tail(log)}"
    assert job.result["towns"] == 2
    assert job.result["villages"] == 4
    assert job.progress == 100
    assert "Task committees.tasks.run_job[" in log.read_text(errors="replace")

    url = maybe_sanitize_url(settings.CELERY_BROKER_URL)
    with celery_app.connection_for_write() as conn:
        transport = conn.transport.driver_type
    with capsys.disabled():
        print(f"\ncelery worker ran job {job.pk} over {url} (broker transport: {transport})")


def wait_for(job: Job, worker: subprocess.Popen, log: Path) -> Job:
    deadline = time.monotonic() + WORKER_TIMEOUT
    job.refresh_from_db()
    while not job.is_finished:
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log_tail(log)}")
        if time.monotonic() > deadline:
            pytest.fail(f"job {job.pk} still {job.status} after {WORKER_TIMEOUT} s; worker log:\n{log_tail(log)}")
        time.sleep(0.25)
        job.refresh_from_db()
    return job


@pytest.mark.worker
def test_a_real_worker_previews_a_big_import(transactional_db, xs, private_broker, tmp_path, settings):
    from committees.excel import build_workbook
    from committees.imports import TABLES
    from committees.imports.background import JOB_ROWS, PLAN_KIND, import_job_start
    from committees.imports.uploads import upload_keep

    settings.MEDIA_ROOT = str(tmp_path / "media")
    rows = [
        {"committee_code": "XS01V01", "name": f"志愿者{i}", "birth_year": 1950 + i % 20, "layer": "参与层"}
        for i in range(JOB_ROWS + 1)
    ]
    name = upload_keep(build_workbook([(TABLES["volunteers"].spec(), rows)]))
    log = tmp_path / "worker.log"
    env = {**private_broker, "DATABASE_URL": database_url(connection.settings_dict), "MEDIA_ROOT": settings.MEDIA_ROOT}
    worker = start_worker(env, log)
    try:
        job = import_job_start(actor=xs.dg_secretary, table=TABLES["volunteers"], file=name, kind=PLAN_KIND)
        job = wait_for(job, worker, log)
    finally:
        stop_worker(worker)

    assert job.status == Job.Status.DONE, f"{job.error}\n{log_tail(log)}"
    assert job.result["summary"]["counts"]["new"] == JOB_ROWS + 1
    assert job.progress == 100


def test_a_failing_handler_marks_the_job_failed_with_the_error(xs, monkeypatch):
    def explode(job):
        raise RuntimeError("the spreadsheet is on fire")

    monkeypatch.setitem(HANDLERS, "explode", explode)
    job = services.job_start(actor=xs.admin, kind="explode", committee=xs.district)

    tasks.run_job(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "RuntimeError: the spreadsheet is on fire"
    assert job.finished_at is not None


def test_the_tests_queue_their_messages_away_from_the_dev_workers_folder():
    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        # CI's server broker (Redis) is the tests' own; each test process of a parallel run has a
        # database of it (tests/brokers.py private_server_broker), which its workers inherit.
        server = settings.CELERY_BROKER_URL.rsplit("/", 1)[0]
        assert celery_app.conf.broker_url.startswith(server)
        assert os.environ.get("CELERY_BROKER_URL", settings.CELERY_BROKER_URL) == celery_app.conf.broker_url
        if os.environ.get("PYTEST_XDIST_WORKER"):
            assert celery_app.conf.broker_url != settings.CELERY_BROKER_URL
        return
    folder = Path(celery_app.conf.broker_transport_options["data_folder_out"])
    assert folder != Path(settings.CELERY_BROKER_DIR)
    dev = Path(settings.CELERY_BROKER_DIR)
    before = set(dev.glob("*.msg"))
    celery_app.send_task("xishan.tests.never_run")
    assert len(list(folder.glob("*.msg"))) >= 1
    assert set(dev.glob("*.msg")) == before

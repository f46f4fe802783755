"""Work never stays running: jobs and report runs write a heartbeat, beat's
sweep ends those whose worker died as failed, their pages run them again, an import's writes
commit with its done status, and a task the broker can't take ends failed with a clear message.
The same with a real worker that is killed: test_worker_faults.py."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from committees import heartbeat, services, tasks
from committees.excel import build_workbook
from committees.imports import TABLES
from committees.imports import background as import_background
from committees.imports.background import APPLY_KIND, JOB_ROWS, PLAN_KIND, import_job_start
from committees.imports.uploads import upload_keep, upload_read
from committees.jobs import HANDLERS
from committees.models import Job, Volunteer
from surveys.report import runs
from surveys.report.models import ReportFile, ReportRun
from surveys.report.tasks import compile_report
from tests.brokers import reset_broker_pools
from tests.scoping.matrix import ROLES
from tests.scoping.test_committee_pages import expected_status
from tests.surveys.conftest import open_round
from xishan_portal.celery import app as celery_app

LOST = "后台服务在任务完成前中断"
UNREACHABLE = "无法连接后台任务服务"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def broker_down():
    """The broker is a closed port: sending a task fails (after kombu's short retries)."""
    # Sends use broker_write_url, which Celery filled in from the configured URL: change them all.
    keys = ("broker_url", "broker_write_url", "broker_read_url", "broker_transport_options")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(dict.fromkeys(keys[:3], "redis://127.0.0.1:1/0"), broker_transport_options={})
    reset_broker_pools()
    yield
    celery_app.conf.update(saved)
    reset_broker_pools()


def ago(seconds: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=seconds)


def running_job(xs, *, beat: datetime.datetime, kind: str = "district_summary", **fields) -> Job:
    fields = {"started_at": beat, "heartbeat_at": beat, **fields}
    return Job.objects.create(
        kind=kind, committee=xs.district, created_by=xs.admin, status=Job.Status.RUNNING, progress=60, **fields
    )


def big_volunteers(xs) -> bytes:
    rows = [
        {"committee_code": xs.dg_v1.code, "name": f"志愿者{i}", "birth_year": 1950 + i % 20, "layer": "参与层"}
        for i in range(JOB_ROWS + 1)
    ]
    return build_workbook([(TABLES["volunteers"].spec(), rows)])


def test_the_sweep_fails_running_work_whose_heartbeat_is_stale_and_spares_the_rest(xs, settings):
    settings.JOB_STALE_AFTER = 120
    lost = running_job(xs, beat=ago(121))
    alive = running_job(xs, beat=ago(30))
    never_beat = running_job(xs, beat=None, started_at=ago(200))
    done = Job.objects.create(kind="district_summary", committee=xs.district, status=Job.Status.DONE)
    survey_round = open_round(xs)
    run = ReportRun.objects.create(
        survey_round=survey_round, scope=xs.district, status=ReportRun.Status.RUNNING, progress=50, stage="xlsx"
    )
    ReportRun.objects.filter(pk=run.pk).update(started_at=ago(300), heartbeat_at=ago(300))

    tasks.sweep_stale_work()

    for row in (lost, never_beat, run):
        row.refresh_from_db()
        assert row.status == "failed" and LOST in row.error and row.finished_at is not None
    for row, status in ((alive, Job.Status.RUNNING), (done, Job.Status.DONE)):
        row.refresh_from_db()
        assert row.status == status and row.error == ""


def test_beat_runs_the_sweep_every_job_sweep_every_seconds():
    entry = next(e for e in django_settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("sweep_stale_work"))
    assert entry == {"task": "committees.tasks.sweep_stale_work", "schedule": django_settings.JOB_SWEEP_EVERY}
    assert entry["task"] in celery_app.tasks
    assert django_settings.JOB_HEARTBEAT_EVERY * 4 <= django_settings.JOB_STALE_AFTER  # no false alarm


def test_make_run_starts_beat_with_the_worker():
    procfile = (Path(django_settings.BASE_DIR) / "Procfile").read_text().splitlines()
    commands = dict(line.split(":", 1) for line in procfile if line.strip() and not line.startswith("#"))
    assert "celery -A xishan_portal worker" in commands["worker"]
    assert "celery -A xishan_portal beat" in commands["beat"] or " -B" in commands["worker"]


def test_tasks_safe_to_repeat_are_acknowledged_after_they_run():
    for task in (tasks.run_job, compile_report):
        assert task.acks_late and task.reject_on_worker_lost, task.name
    assert django_settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1


def test_progress_writes_a_heartbeat(xs):
    job = running_job(xs, beat=ago(500))
    services.job_progress(job=job, progress=70, stage="x")
    job.refresh_from_db()
    assert job.heartbeat_at > ago(5)


def test_a_step_without_progress_still_beats(transactional_db, xs, settings, monkeypatch):
    settings.JOB_HEARTBEAT_EVERY = 0.05
    beats: list[datetime.datetime] = []

    def slow(job):
        time.sleep(0.5)  # building a big document, reporting nothing
        beats.append(Job.objects.get(pk=job.pk).heartbeat_at)
        return {}

    monkeypatch.setitem(HANDLERS, "slow", slow)
    job = Job.objects.create(kind="slow", committee=xs.district)

    tasks.run_job(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert beats[0] > job.started_at + datetime.timedelta(seconds=0.3)


def test_a_job_failed_by_the_sweep_is_not_run_by_a_late_message(xs, monkeypatch):
    ran: list[int] = []
    monkeypatch.setitem(HANDLERS, "count", lambda job: ran.append(job.pk) or {})
    job = running_job(xs, beat=ago(1000), kind="count")
    heartbeat.stale_sweep()

    tasks.run_job(job.pk)  # the message of the lost worker, delivered again

    job.refresh_from_db()
    assert ran == [] and job.status == Job.Status.FAILED


def test_a_job_whose_worker_died_runs_again_once_not_forever(xs, monkeypatch):
    ran: list[int] = []
    monkeypatch.setitem(HANDLERS, "count", lambda job: ran.append(job.pk) or {})
    once = running_job(xs, beat=ago(5), kind="count", attempts=1)
    twice = running_job(xs, beat=ago(5), kind="count", attempts=2)  # the work may be what kills it

    tasks.run_job(once.pk)
    tasks.run_job(twice.pk)

    once.refresh_from_db()
    twice.refresh_from_db()
    assert ran == [once.pk] and (once.status, once.attempts) == (Job.Status.DONE, 2)
    assert twice.status == Job.Status.FAILED and LOST in twice.error


def test_a_failed_job_is_run_again_from_its_page(xs, client_for, eager, django_capture_on_commit_callbacks):
    job = running_job(xs, beat=ago(1000))
    heartbeat.stale_sweep()
    client = client_for(xs.staff)
    page = client.get(reverse("committees:job_detail", kwargs={"pk": job.pk})).content.decode()
    assert LOST in page and "重新运行" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("committees:job_retry", kwargs={"pk": job.pk}))

    again = Job.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("committees:job_detail", kwargs={"pk": again.pk})
    assert again.status == Job.Status.DONE and again.result["towns"] == 2
    assert client.post(reverse("committees:job_retry", kwargs={"pk": again.pk})).status_code == 302
    assert Job.objects.count() == 2  # a job that did not fail is not run again
    assert client_for(xs.dg_viewer).post(reverse("committees:job_retry", kwargs={"pk": job.pk})).status_code == 404


def test_an_import_killed_just_after_its_commit_shows_done(
    xs, media_root, monkeypatch, eager, django_capture_on_commit_callbacks
):
    name = upload_keep(big_volunteers(xs))

    def killed(name):
        raise KeyboardInterrupt  # the worker stops here, after the commit

    monkeypatch.setattr(import_background, "upload_delete", killed)
    with pytest.raises(KeyboardInterrupt), django_capture_on_commit_callbacks(execute=True):
        job = import_job_start(actor=xs.dg_secretary, table=TABLES["volunteers"], file=name, kind=APPLY_KIND)

    job = Job.objects.get(kind=APPLY_KIND)
    assert job.status == Job.Status.DONE and job.result["applied"] is True
    assert Volunteer.objects.filter(committee=xs.dg_v1).count() == JOB_ROWS + 1


def test_a_compile_repeated_after_a_lost_worker_replaces_the_files_of_the_first_attempt(xs, media_root):
    run = runs.report_run_start(
        actor=xs.staff, survey_round=open_round(xs), scope=xs.district, formats=["json"], queue=False
    )
    runs.report_run_execute(run)
    ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.RUNNING)  # the worker died at the end
    run.refresh_from_db()

    runs.report_run_execute(run)  # the message delivered again

    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.error
    assert ReportFile.objects.filter(run=run).count() == 1
    assert len(list((media_root / "reports").rglob("*.json"))) == 1


def test_a_compile_queued_while_the_broker_is_down_says_so_and_runs_again(
    xs, client_for, media_root, broker_down, django_capture_on_commit_callbacks
):
    open_round(xs)
    client = client_for(xs.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("surveys:report_runs", kwargs={"year": 2023}), {"scope": xs.district.pk, "formats": ["json"]}
        )

    run = ReportRun.objects.get()
    assert response.url == reverse("surveys:report_run", kwargs={"pk": run.pk})
    assert run.status == ReportRun.Status.FAILED and UNREACHABLE in run.error
    page = client.get(response.url).content.decode()
    assert UNREACHABLE in page and "重新生成" in page and "已加入队列" not in page

    celery_app.conf.task_always_eager = True  # as if the broker were back
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("surveys:report_run_retry", kwargs={"pk": run.pk}))
    finally:
        celery_app.conf.task_always_eager = False
    assert ReportRun.objects.exclude(pk=run.pk).get().status == ReportRun.Status.DONE


def test_a_big_import_queued_while_the_broker_is_down_says_so_and_keeps_the_file(
    xs, client_for, media_root, broker_down, django_capture_on_commit_callbacks
):
    from tests.committees.test_import_helpers import upload

    client = client_for(xs.dg_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "volunteers", big_volunteers(xs))

    job = Job.objects.get(kind=PLAN_KIND)
    assert job.status == Job.Status.FAILED and UNREACHABLE in job.error
    page = client.get(response.url).content.decode()
    assert UNREACHABLE in page and "重新运行" in page
    assert upload_read(job.params["file"]) is not None  # nothing lost: the file waits to be run again

    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            retried = client.post(reverse("committees:job_retry", kwargs={"pk": job.pk}))
    finally:
        celery_app.conf.task_always_eager = False
    again = Job.objects.exclude(pk=job.pk).get()
    assert again.status == Job.Status.DONE and again.result["summary"]["counts"]["new"] == JOB_ROWS + 1
    page = client.get(client.get(retried.url).url).content.decode()
    assert "确认导入" in page  # the session follows the new preview: it can be confirmed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", ["district", "dg", "eh_v1"])
def test_running_a_failed_job_again_follows_the_matrix(xs, client_for, role, obj, monkeypatch):
    monkeypatch.setattr(tasks.run_job, "delay", lambda pk: None)
    job = Job.objects.create(kind="district_summary", committee=getattr(xs, obj), status=Job.Status.FAILED)
    response = client_for(getattr(xs, role)).post(reverse("committees:job_retry", kwargs={"pk": job.pk}))
    status = expected_status(role, obj, "summary", 302)
    assert response.status_code == status
    assert Job.objects.count() == (2 if status == 302 else 1)

"""compile_report --workers (docs/DEPLOY.md, scripts/ci-two-workers.sh): the run is queued to real
Celery workers, followed to its end, and the command says which worker built each part."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import override_settings

from committees.bench import database_url
from surveys.management.commands.bench_compile_workers import private_broker, workers_start, workers_stop
from surveys.report.models import ReportRun
from surveys.synthetic import synthetic_district_create
from tests.brokers import reset_broker_pools
from xishan_portal.celery import app as celery_app


@pytest.mark.worker
def test_two_workers_build_the_parts_of_a_queued_run(transactional_db, tmp_path: Path):
    assert not celery_app.conf.task_always_eager
    synthetic_district_create(towns=2, villages=2, year=2023)
    out = io.StringIO()
    media = tmp_path / "media"
    with override_settings(MEDIA_ROOT=str(media)), private_broker(tmp_path) as broker_env:
        env = {"DATABASE_URL": database_url(connection.settings_dict), "MEDIA_ROOT": str(media), **broker_env}
        workers = workers_start(2, env, tmp_path, timeout=60)
        try:
            call_command("compile_report", year=2023, workers=True, wait=120, user="sy-admin", stdout=out)
        finally:
            workers_stop(workers)
            reset_broker_pools()
    text = out.getvalue()
    built = dict(re.findall(r"(xlsx|docx|html|json)：由 (\S+@\S+) 生成", text))
    assert sorted(built) == ["docx", "html", "json", "xlsx"], text
    assert len(set(built.values())) == 2, text  # both workers built parts
    run = ReportRun.objects.get()
    assert run.status == ReportRun.Status.DONE and sorted(run.files.values_list("format", flat=True)) == sorted(built)
    assert {p.worker for p in run.parts.all()} == set(built.values())


def test_it_says_when_no_worker_takes_the_run(transactional_db, tmp_path: Path):
    synthetic_district_create(towns=1, villages=1, year=2023)
    with override_settings(MEDIA_ROOT=str(tmp_path / "media")), private_broker(tmp_path):
        try:
            with pytest.raises(CommandError, match="后台任务进程是否在运行"):
                call_command("compile_report", year=2023, workers=True, wait=1, user="sy-admin", stdout=io.StringIO())
        finally:
            reset_broker_pools()
    assert ReportRun.objects.get().status == ReportRun.Status.QUEUED

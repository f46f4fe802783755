"""A report run fanned out over the workers (surveys/report/parts.py): one part per format, the
last part to finish merges, the files are those of a one-process compile, and a failing part
ends the run failed with no file kept."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import heartbeat
from surveys.management.commands.bench_compile_workers import comparable
from surveys.report import parts, runs, tasks
from surveys.report.models import ReportPart, ReportRun
from surveys.selectors import round_for_year
from tests.factories import UserFactory
from tests.surveys.report.conftest import town, user
from xishan_portal.celery import app as celery_app

pytestmark = pytest.mark.usefixtures("demo", "media_root")

ALL = ["xlsx", "docx", "html", "json"]
# A workbook's and a Word file's zip entries carry the time they were written, and their
# docProps/core.xml its created/modified times: the clock's, not the report's.


def start(formats=ALL) -> ReportRun:
    return runs.report_run_start(
        actor=user("admin"), survey_round=round_for_year(2023), scope=town("XS01"), formats=formats, queue=False
    )


def contents(run: ReportRun) -> dict[str, bytes]:
    found = {}
    for stored in run.files.all():
        with stored.file.open("rb") as handle:
            found[stored.format] = handle.read()
    return found


def fan_out(run: ReportRun) -> list[int]:
    sent: list[int] = []
    parts.report_run_fan_out(run, send=sent.append)
    return sent


def run_again(run: ReportRun) -> None:
    """The same run, queued as new (its files of the first compile dropped)."""
    runs.files_delete(run)
    ReportRun.objects.filter(pk=run.pk).update(status="queued", attempts=0, progress=0, stage="", finished_at=None)
    run.refresh_from_db()


def test_the_parts_merged_are_the_files_of_a_one_process_compile(media_root):
    run = start()
    runs.report_run_execute(run)
    run.refresh_from_db()
    assert run.status == "done", run.error
    alone = contents(run)
    assert sorted(alone) == sorted(ALL)

    run_again(run)
    sent = fan_out(run)
    run.refresh_from_db()
    assert (run.status, run.progress, run.stage) == ("running", 50, "parts")
    assert [ReportPart.objects.get(pk=pk).key for pk in sent] == ALL
    seen = []
    for pk in reversed(sent):  # the parts finish in another order than they were sent
        parts.report_part_execute(pk, worker=f"w{pk % 2}@test")
        run.refresh_from_db()
        seen.append((run.progress, run.stage, run.status))

    assert seen == [(61, "parts", "running"), (72, "parts", "running"), (83, "parts", "running"), (100, "done", "done")]
    fanned = contents(run)
    assert sorted(fanned) == sorted(alone)
    for fmt in ALL:
        assert comparable(fanned[fmt]) == comparable(alone[fmt]), fmt
    assert fanned["json"] == alone["json"] and fanned["html"] == alone["html"]
    part_rows = list(run.parts.order_by("pk"))
    assert {p.status for p in part_rows} == {"done"} and all(p.size > 0 for p in part_rows)
    assert {p.worker for p in part_rows} == {"w0@test", "w1@test"}
    # What the parts left for the merge is gone: only the run's files stay in its folder.
    folder = Path(media_root) / "reports" / "2023" / str(run.pk)
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == sorted(
        Path(f.file.name).name for f in run.files.all()
    )


def test_a_failing_part_fails_the_run_and_keeps_no_file(monkeypatch, media_root):
    def broken(report):
        raise RuntimeError("the Word builder stopped")

    real = runs.builder_for
    monkeypatch.setattr(parts, "builder_for", lambda fmt: broken if fmt == "docx" else real(fmt))
    run = start()
    xlsx, docx, html, json = fan_out(run)

    parts.report_part_execute(xlsx)
    parts.report_part_execute(docx)
    run.refresh_from_db()
    assert run.status == "failed" and run.error == "RuntimeError: the Word builder stopped"
    assert parts.report_part_execute(html) is None  # the run ended: the other parts build nothing
    assert parts.report_part_execute(json) is None

    assert not run.files.exists()
    statuses = dict(run.parts.values_list("key", "status"))
    assert statuses == {"xlsx": "done", "docx": "failed", "html": "queued", "json": "queued"}
    assert not run.parts.exclude(file="").exists()
    folder = Path(media_root) / "reports" / "2023" / str(run.pk)
    assert not [p for p in folder.rglob("*") if p.is_file()]


def test_only_the_last_part_merges():
    run = start(["xlsx", "json"])
    xlsx, json = fan_out(run)
    assert not parts.merge_claim(run)  # no part done yet
    ReportPart.objects.filter(pk=xlsx).update(status="done")
    assert not parts.merge_claim(run)
    ReportPart.objects.filter(pk=json).update(status="done")
    assert parts.merge_claim(run)
    assert not parts.merge_claim(run)  # a part finishing at the same moment finds it merging


def test_a_part_delivered_again_builds_again_but_not_forever():
    run = start(["html", "json"])
    html, json = fan_out(run)
    ReportPart.objects.filter(pk=html).update(status="running", attempts=1)  # its worker died
    assert parts.report_part_execute(html).key == "html"
    assert ReportPart.objects.get(pk=html).status == "done"

    ReportPart.objects.filter(pk=json).update(status="running", attempts=2)  # died twice
    assert parts.report_part_execute(json) is None
    run.refresh_from_db()
    assert run.status == "failed" and "后台服务在任务完成前中断" in run.error
    assert not run.files.exists()


def test_the_task_fans_out_a_run_of_several_formats():
    run = start(["html", "json"])
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        tasks.compile_report.delay(run.pk)
    finally:
        celery_app.conf.task_always_eager = saved

    run.refresh_from_db()
    assert run.status == "done" and run.progress == 100
    assert sorted(run.files.values_list("format", flat=True)) == ["html", "json"]
    assert sorted(run.parts.values_list("key", "status")) == [("html", "done"), ("json", "done")]
    assert all(run.parts.values_list("worker", flat=True))


def test_the_task_called_as_a_function_compiles_in_this_process():
    run = start(["html", "json"])
    tasks.compile_report(run.pk)
    run.refresh_from_db()
    assert run.status == "done" and not run.parts.exists()
    assert run.files.count() == 2


def test_the_run_page_lists_the_parts(client):
    run = start(["html", "json"])
    html, _json = fan_out(run)
    parts.report_part_execute(html)
    client.force_login(user("admin"))
    url = reverse("surveys:report_run_progress", kwargs={"pk": run.pk})
    page = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "正在分头生成各个文件" in page
    assert re.search(r'data-part="html"[^>]*>网页：已完成<', page), page
    assert re.search(r'data-part="json"[^>]*>JSON：排队中<', page), page


def test_a_part_the_broker_refuses_fails_the_run_saying_so(media_root):
    def refused(part_id):
        raise OSError("connection refused")

    run = start(["html", "json"])
    assert parts.report_run_fan_out(run, send=refused) == []
    run.refresh_from_db()
    assert run.status == "failed" and "无法连接后台任务服务" in run.error and "OSError" not in run.error
    folder = Path(media_root) / "reports" / "2023" / str(run.pk)
    assert not [p for p in folder.rglob("*") if p.is_file()]  # the shared data is gone too


def test_a_part_task_is_acknowledged_after_it_runs():
    task = tasks.compile_report_part
    assert task.acks_late and task.reject_on_worker_lost


def test_the_admin_shows_a_runs_parts(client):
    run = start(["html", "json"])
    fan_out(run)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:surveys_reportrun_change", args=[run.pk])).content.decode()
    assert "报告部分" in page and "排队中" in page


def test_the_sweep_spares_a_run_whose_parts_wait_for_a_worker_but_not_a_lost_one():
    run = start(["html", "json"])
    html, _json = fan_out(run)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    ReportRun.objects.filter(pk=run.pk).update(heartbeat_at=long_ago)
    assert heartbeat.stale_sweep() == 0  # both parts wait in the queue: nothing is lost

    ReportPart.objects.filter(run=run).update(status="running")  # taken, and their workers died
    assert heartbeat.stale_sweep() == 1
    run.refresh_from_db()
    assert run.status == "failed" and "后台服务在任务完成前中断" in run.error


def test_the_data_the_parts_share_is_read_back_as_it_was_compiled():
    run = start()
    data = runs.report_data_build(survey_round=run.survey_round, scope=run.scope, run=run)
    assert len(data.forms) == 5

    parts.data_save(run, data)
    read = parts.data_load(run)

    assert read == data  # the forms pickled one by one come back in their order, with the round's specs
    assert list(read.forms) == list(data.forms)
    assert all(read.forms[n].spec is data.forms[n].spec for n in data.forms)

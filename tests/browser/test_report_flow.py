"""In a real browser, on the demo district, with a real Celery worker
compiling, district staff start the 2023 district report, watch its progress bar move and
download the workbook; a compile that fails shows its error and "Run again", not a spinner."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from openpyxl import load_workbook
from playwright.sync_api import expect

from committees.models import Committee, Kind
from surveys.report.models import ReportRun
from tests.browser.conftest import log_in
from tests.test_celery_worker import (  # noqa: F401 - private_broker is a fixture
    database_url,
    log_tail,
    private_broker,
    start_worker,
    stop_worker,
)
from xishan_portal.celery import app as celery_app

pytestmark = [pytest.mark.browser, pytest.mark.worker]

STAFF = ("staff", "Xishan-staff-2024")  # committees/demo/users.py DEMO_USERS
RUN_TIMEOUT = 45  # seconds from "Compile" to the finished page, the worker's start included

# Report every state of the progress partial the page shows, to Python: at load and whenever
# htmx swaps it (a MutationObserver misses no swap, however short the stage).
RECORD_PROGRESS = """
(() => {
  const report = () => {
    const box = document.getElementById("run-progress");
    if (!box) return;
    const status = box.querySelector("[data-status]");
    const stage = box.querySelector("[data-stage]");
    const bar = box.querySelector("progress");
    window.recordProgress(status ? status.dataset.status : "", bar ? Number(bar.value) : -1, stage ? stage.dataset.stage : "");
  };
  document.addEventListener("DOMContentLoaded", () => {
    report();
    new MutationObserver(report).observe(document.body, { childList: true, subtree: true });
  });
})();
"""


@pytest.fixture
def worker(transactional_db, private_broker, tmp_path):  # noqa: F811 - the imported fixture
    """Start a real Celery worker on the test database with a given MEDIA_ROOT; stopped at the
    end whatever happens (and before the database is flushed: it depends on transactional_db)."""
    assert not celery_app.conf.task_always_eager, "CELERY_TASK_ALWAYS_EAGER would compile in the web thread"
    started: list[subprocess.Popen] = []
    log = tmp_path / "worker.log"

    def start(media_root: Path) -> tuple[subprocess.Popen, Path]:
        env = {
            **private_broker,
            "DATABASE_URL": database_url(connection.settings_dict),
            "MEDIA_ROOT": str(media_root),
        }
        started.append(start_worker(env, log))
        return started[-1], log

    yield start
    for process in started:
        stop_worker(process)


def start_district_compile(page, live_server) -> ReportRun:
    """On the 2023 reports page, compile the district with every format; returns the new run."""
    page.goto(f"{live_server.url}/surveys/2023/reports/")
    district = Committee.objects.get(kind=Kind.DISTRICT)
    page.select_option("select[name=scope]", str(district.pk))
    for box in page.locator("input[name=formats]").all():
        box.check()
    page.click("form:has(select[name=scope]) button[type=submit]")
    page.wait_for_url("**/surveys/reports/*/")
    run = ReportRun.objects.get()
    assert page.url.endswith(f"/surveys/reports/{run.pk}/")
    assert (run.scope, sorted(run.formats)) == (district, ["docx", "html", "json", "xlsx"])
    return run


def wait_until_finished(page, worker: subprocess.Popen, log: Path) -> None:
    """Poll the page every 100 ms until the run page shows a finished run (done or failed)."""
    deadline = time.monotonic() + RUN_TIMEOUT
    finished = "#run-progress [data-status=done], #run-progress [data-status=failed]"
    while not page.locator(finished).count():
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log_tail(log)}")
        if time.monotonic() > deadline:
            pytest.fail(f"the run page still shows no finished run after {RUN_TIMEOUT} s; worker log:\n{log_tail(log)}")
        page.wait_for_timeout(100)


def hold_until_the_page_shows_progress(
    run: ReportRun, page, *, beyond: int, worker: subprocess.Popen, log: Path
) -> None:
    """Once the worker has reported a stage beyond `beyond` percent, keep it at its next progress
    write until the page shows that stage.

    The worker compiles the demo in about a second, htmx's polling interval, so the page may see
    only queued and then done. Locking the run's row (on SQLite the write lock, which IMMEDIATE
    transactions take) makes the worker wait at its next update, as a slow stage would: no hook
    in the code. Reads go on, so the page's polling shows the stage reached.
    """
    deadline = time.monotonic() + RUN_TIMEOUT
    run.refresh_from_db()
    while not (run.status == ReportRun.Status.RUNNING and run.progress > beyond):
        if run.is_finished:
            pytest.fail(f"run {run.pk} finished ({run.status}) before it was seen running: {run.error}")
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with {worker.returncode}:\n{log_tail(log)}")
        if time.monotonic() > deadline:
            pytest.fail(f"run {run.pk} still {run.status} after {RUN_TIMEOUT} s; worker log:\n{log_tail(log)}")
        time.sleep(0.02)
        run.refresh_from_db()
    with transaction.atomic():
        ReportRun.objects.select_for_update().get(pk=run.pk)
        page.wait_for_function(
            """beyond => document.querySelector("#run-progress [data-status=running]")
              && Number(document.querySelector("#run-progress progress").value) > beyond""",
            arg=beyond,
            timeout=10_000,
        )


def test_staff_compile_the_district_report_watch_it_progress_and_download_the_workbook(
    live_server, worker, demo, page, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the web side serves what the worker stored
    process, log = worker(Path(settings.MEDIA_ROOT))
    seen: list[tuple[str, int, str]] = []
    page.expose_function("recordProgress", lambda status, value, stage: seen.append((status, value, stage)))
    page.add_init_script(RECORD_PROGRESS)
    log_in(page, live_server, *STAFF)

    run = start_district_compile(page, live_server)
    shown = int(page.locator("#run-progress progress").get_attribute("value"))  # 0 unless the worker was quick
    hold_until_the_page_shows_progress(run, page, beyond=shown, worker=process, log=log)
    wait_until_finished(page, process, log)

    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, f"{run.error}\n{log_tail(log)}"
    # The bar moved: from what the page first showed (queued at 0) to a running stage, then done.
    assert seen[0][0] in ("queued", "running"), seen
    assert [s for s in seen if s[0] == "running" and s[1] > shown and s[2]], seen
    assert seen[-1] == ("done", 100, "done"), seen
    values = [value for _, value, _ in seen]
    assert values == sorted(values), seen
    downloads = page.locator("ul.downloads a[data-format]")
    assert sorted(downloads.evaluate_all("links => links.map(a => a.dataset.format)")) == [
        "docx",
        "html",
        "json",
        "xlsx",
    ]
    with page.expect_download() as download:
        page.click("ul.downloads a[data-format=xlsx]")
    assert download.value.suggested_filename == "锡山区关工委调研报告-2023.xlsx"
    saved = tmp_path / "downloaded.xlsx"
    download.value.save_as(saved)
    book = load_workbook(saved)
    assert "汇总" in book.sheetnames


def test_a_failed_compile_shows_its_error_and_run_again(live_server, worker, demo, page, tmp_path, settings):
    # The worker's media folder is a file: storing the first report file fails there, as a full
    # or read-only disk would, after the indicators, problems and rows were compiled.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    not_a_folder = tmp_path / "media-is-a-file"
    not_a_folder.write_text("")
    process, log = worker(not_a_folder)
    log_in(page, live_server, *STAFF)

    run = start_district_compile(page, live_server)
    wait_until_finished(page, process, log)

    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED, log_tail(log)
    alert = page.get_by_role("alert")
    # The program's error is kept for the log; the page says what happened and what to do.
    assert run.error and run.error not in alert.inner_text() and "程序出错" in alert.inner_text()
    expect(page.locator("#run-progress[hx-get]")).to_have_count(0)  # no longer polling
    assert not page.locator("ul.downloads").count()

    run_again = page.locator(f"form[action='/surveys/reports/{run.pk}/retry/'] button[type=submit]")
    assert run_again.is_enabled()
    run_again.click()
    page.wait_for_url(lambda url: not url.endswith(f"/surveys/reports/{run.pk}/"))
    again = ReportRun.objects.exclude(pk=run.pk).get()
    assert page.url.endswith(f"/surveys/reports/{again.pk}/")
    assert (again.scope, again.formats) == (run.scope, run.formats)

"""Report runs: starting one checks the scope and queues the task on commit; executing one keeps
its progress and files, and any failure ends it failed with the error, never running forever."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from surveys.report import runs, tasks
from surveys.report.models import ReportFile, ReportRun
from surveys.report.selectors import files_in_scope, runs_in_scope
from surveys.selectors import round_for_year
from tests.surveys.report.conftest import district, town, user

pytestmark = pytest.mark.usefixtures("demo", "media_root")


def start(actor, scope, formats=("json",), **kwargs) -> ReportRun:
    return runs.report_run_start(
        actor=actor, survey_round=round_for_year(2023), scope=scope, formats=list(formats), **kwargs
    )


@pytest.fixture
def queued(monkeypatch):
    """The run ids sent to the worker."""
    sent: list[int] = []
    monkeypatch.setattr(tasks.compile_report, "delay", sent.append)
    return sent


def test_starting_a_run_queues_the_task_once_committed(django_capture_on_commit_callbacks, queued):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = start(user("staff"), district(), ["xlsx", "docx"])
        assert queued == []
    for callback in callbacks:
        callback()

    assert queued == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.progress, run.started_by.username) == ("queued", 0, "staff")
    assert run.formats == ["xlsx", "docx", "json"]  # JSON is always made


def test_a_town_secretary_cannot_start_a_district_run(queued):
    with pytest.raises(PermissionDenied):
        start(user("ehu"), district())
    with pytest.raises(PermissionDenied):
        start(user("ehu"), town("XS01"))
    assert not ReportRun.objects.exists()


def test_a_town_secretary_compiles_their_own_town(django_capture_on_commit_callbacks, queued):
    with django_capture_on_commit_callbacks(execute=True):
        run = start(user("ehu"), town("XS03"))

    assert queued == [run.pk] and run.scope.code == "XS03"


def test_a_viewer_cannot_start_a_run(queued):
    with pytest.raises(PermissionDenied):
        start(user("viewer"), district())


def test_a_run_covers_the_district_or_a_town(queued):
    village = town("XS05V13")
    with pytest.raises(ValidationError):
        start(user("admin"), village)


def test_an_unknown_format_is_refused(queued):
    with pytest.raises(ValidationError, match="pdf"):
        start(user("admin"), district(), ["xlsx", "pdf"])


def test_runs_in_scope_hide_district_runs_from_a_town_secretary(queued):
    district_run = start(user("staff"), district())
    own = start(user("ehu"), town("XS03"))
    other = start(user("dongang"), town("XS01"))

    assert set(runs_in_scope(user("ehu"))) == {own}
    assert set(runs_in_scope(user("staff"))) == {district_run, own, other}
    assert set(runs_in_scope(user("viewer"))) == {district_run, own, other}


def test_district_files_are_out_of_a_town_secretarys_scope(queued):
    district_run = start(user("staff"), district())
    own = start(user("ehu"), town("XS03"))
    runs.report_run_execute(district_run)
    runs.report_run_execute(own)

    assert set(files_in_scope(user("ehu"))) == set(ReportFile.objects.filter(run=own))
    assert files_in_scope(user("staff")).count() == 2


def test_executing_stores_the_files_and_reports_each_stage(queued, media_root):
    run = start(user("admin"), district())
    seen: list[tuple[int, str]] = []

    result = runs.report_run_execute(run, progress=lambda percent, stage: seen.append((percent, stage)))

    run.refresh_from_db()
    assert (run.status, run.progress, run.error) == ("done", 100, "")
    assert run.started_at <= run.finished_at
    assert [stage for _, stage in seen] == ["indicators", "problems", "rows", "json", "done"]
    assert [p for p, _ in seen] == sorted(p for p, _ in seen)
    (stored,) = run.files.all()
    path = Path(stored.file.path)
    assert path.is_relative_to(Path(media_root) / "reports" / "2023")
    assert stored.size == path.stat().st_size > 0
    assert result.skipped == []


def test_the_task_executes_the_run(queued):
    run = start(user("admin"), town("XS01"))

    tasks.compile_report(run.pk)

    run.refresh_from_db()
    assert run.status == "done"
    assert run.files.get().format == "json"


def failed_run(monkeypatch, error: Exception) -> ReportRun:
    """A district run whose workbook builder raises `error`, executed and read back."""

    def broken(report):
        raise error

    monkeypatch.setattr(runs, "builder_for", lambda fmt: broken)
    run = start(user("admin"), district(), ["xlsx"])
    runs.report_run_execute(run)
    run.refresh_from_db()
    return run


def test_a_run_forced_to_fail_ends_failed_with_the_error(queued, monkeypatch):
    run = failed_run(monkeypatch, ValueError("no such sheet: 汇总"))

    assert run.status == "failed"
    assert run.error == "ValueError: no such sheet: 汇总"
    assert run.finished_at is not None
    assert run.is_finished


def test_the_error_text_does_not_show_the_servers_folders(queued, monkeypatch, settings):
    where = Path(settings.MEDIA_ROOT) / "reports" / "2023" / "report.xlsx"
    error = FileNotFoundError(f"[Errno 2] No such file or directory: '{where}' (from {settings.BASE_DIR})")

    run = failed_run(monkeypatch, error)

    assert run.status == "failed"
    assert run.error == "FileNotFoundError: [Errno 2] No such file or directory: '…/reports/2023/report.xlsx' (from …)"


def test_a_failed_run_can_be_run_again(queued):
    run = start(user("admin"), district(), ["json"])
    ReportRun.objects.filter(pk=run.pk).update(status="failed", error="boom")
    run.refresh_from_db()

    again = runs.report_run_retry(actor=user("staff"), run=run)

    assert again.pk != run.pk
    assert (again.scope, again.formats, again.status) == (run.scope, run.formats, "queued")


def test_a_finished_run_is_not_executed_twice(queued):
    run = start(user("admin"), district())
    runs.report_run_execute(run)

    runs.report_run_execute(run)

    assert run.files.count() == 1


def test_a_missing_builder_is_skipped(queued, monkeypatch):
    original = runs.builder_for
    monkeypatch.setattr(runs, "builder_for", lambda fmt: None if fmt == "html" else original(fmt))
    run = start(user("admin"), district(), ["html"])

    result = runs.report_run_execute(run)

    assert result.skipped == ["html"]
    assert run.status == "done" and [f.format for f in run.files.all()] == ["json"]

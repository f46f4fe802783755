"""Report runs: start one (checks the scope, queues the Celery task once the transaction commits)
and execute one (indicators → problems → the rows → each format's file), keeping the status,
progress and stage in the row so that a page can poll it. Any failure ends the run as failed
with its error text: a run never stays running.

The builders are looked up by name: surveys/report/{workbook,docx,html}.py, each exposing
build(report: ReportData) -> bytes; json_output always exists. A module that also exposes
write(report, out) (html: a province's page is tens of MB) is written to a temporary file
instead, which is stored from there: its file is never whole in memory.
"""

from __future__ import annotations

import datetime
import importlib
import json
import logging
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import heartbeat
from committees.models import TOWN_KINDS, UPPER_KINDS, Committee
from committees.scoping import Action, can
from committees.work_labels import failure_text
from evaluations.selectors import rectifications_as_of

from ..models import SurveyRound
from . import selectors, titles
from .campaign import report_campaigns
from .data import RectificationItem, ReportData
from .indicators import report_indicators, uncompared_forms
from .models import ReportFile, ReportFormat, ReportRun
from .problems import evaluate_problems, recommendations_for
from .standards import report_standards

logger = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = tuple(ReportFormat.values)  # xlsx, docx, html, json
BUILDERS: dict[str, str] = {
    ReportFormat.XLSX: "surveys.report.workbook",
    ReportFormat.DOCX: "surveys.report.docx",
    ReportFormat.HTML: "surveys.report.html",
    ReportFormat.JSON: "surveys.report.json_output",
}
EXTENSIONS: dict[str, str] = {"xlsx": "xlsx", "docx": "docx", "html": "html", "json": "json"}

Progress = Callable[[int, str], None]
Builder = Callable[[ReportData], bytes | File]


@dataclass
class ExecuteResult:
    run: ReportRun
    skipped: list[str] = field(default_factory=list)  # formats whose builder does not exist yet


def parse_formats(formats: Iterable[str] | str | None) -> list[str]:
    """The formats asked for, known ones only, in the canonical order; JSON is always made."""
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",")]
    asked = {f.strip().lower() for f in formats or () if f and f.strip()}
    unknown = sorted(asked - set(FORMATS))
    if unknown:
        raise ValidationError(
            _("Unknown report format: %(formats)s (choose from %(known)s).")
            % {"formats": ", ".join(unknown), "known": ", ".join(FORMATS)}
        )
    asked.add(ReportFormat.JSON)
    return [f for f in FORMATS if f in asked]


def file_name(run: ReportRun, fmt: str) -> str:
    return f"report-{run.survey_round.year}-{run.scope.code}.{EXTENSIONS[fmt]}"


def builder_for(fmt: str) -> Builder | None:
    """The format's build function (bytes, or a temporary File for a module that writes its file
    piece by piece), or None while its module is not written yet."""
    module_name = BUILDERS[fmt]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise  # the module exists but one of its imports is missing: a real error
        return None
    write = getattr(module, "write", None)
    if write is not None:
        return partial(written, write)
    return getattr(module, "build", None)


def written(write: Callable[[ReportData, BinaryIO], None], report: ReportData) -> File:
    """What write(report, out) writes, in a temporary file (gone once closed)."""
    handle = tempfile.TemporaryFile()
    try:
        write(report, handle)
    except BaseException:
        handle.close()
        raise
    content = File(handle)
    content.size = handle.tell()
    handle.seek(0)
    return content


@contextmanager
def built(content: bytes | File) -> Iterator[File]:
    """A builder's result as a File to store, closed (a temporary file: removed) afterwards."""
    file = content if isinstance(content, File) else ContentFile(content)
    try:
        yield file
    finally:
        file.close()


def _check_scope(scope: Committee, survey_round: SurveyRound) -> None:
    if scope.kind not in UPPER_KINDS and scope.kind not in TOWN_KINDS:
        raise ValidationError(_("A report covers the district or one town."))
    if not scope.path.startswith(survey_round.scope.path):
        raise ValidationError(
            _("The %(year)d round of %(round)s does not ask the towns of %(scope)s.")
            % {"year": survey_round.year, "round": survey_round.scope.name, "scope": scope.name}
        )


@transaction.atomic
def report_run_start(
    *,
    actor,
    survey_round: SurveyRound,
    scope: Committee,
    formats: Iterable[str] | str,
    queue: bool = True,
    title: str = "",
    report_date: datetime.date | None = None,
) -> ReportRun:
    """Record a run and queue its compilation once the transaction commits (the worker must see the row).

    The actor needs the compile right on the scope: a town secretary compiles only their own town.
    `queue=False` records it only, for a caller that executes it at once (the compile_report command).
    `title` and `report_date` are the Word draft's (empty: surveys.report.titles' defaults).
    """
    if not can(actor, Action.COMPILE, scope):
        raise PermissionDenied(_("You are not allowed to compile this report."))
    _check_scope(scope, survey_round)
    run = ReportRun(
        survey_round=survey_round,
        scope=scope,
        started_by=actor,
        formats=parse_formats(formats),
        title=title.strip(),
        report_date=report_date,
    )
    run.full_clean()
    run.save()
    if queue:
        from .tasks import compile_report

        heartbeat.queue_on_commit(compile_report, ReportRun, run.pk)
    return run


def report_run_retry(*, actor, run: ReportRun) -> ReportRun:
    """Start a new run with the same round, scope and formats (after a failure, or to refresh)."""
    return report_run_start(
        actor=actor,
        survey_round=run.survey_round,
        scope=run.scope,
        formats=run.formats,
        title=run.title,
        report_date=run.report_date,
    )


# The stages report_run_execute records, as the run's page shows them (SurveysConfig.ready
# registers them with work_labels).
STAGE_LABELS = {
    "indicators": gettext_lazy("computing the indicators"),
    "problems": gettext_lazy("finding the problems"),
    "rows": gettext_lazy("gathering the forms' rows"),
    ReportFormat.XLSX.value: gettext_lazy("writing the Excel workbook"),
    ReportFormat.DOCX.value: gettext_lazy("writing the Word draft"),
    ReportFormat.HTML.value: gettext_lazy("writing the web page"),
    ReportFormat.JSON.value: gettext_lazy("writing the JSON data"),
    # A run fanned out over the workers (surveys/report/parts.py): the page lists its parts.
    "parts": gettext_lazy("writing the files, one part per worker"),
    "merging": gettext_lazy("putting the parts together"),
}


def run_update(run: ReportRun, **fields) -> None:
    # update() rather than save(): a page polling the run sees each stage at once, and a stale
    # copy of the row can't overwrite what another process wrote.
    ReportRun.objects.filter(pk=run.pk).update(**fields)
    for name, value in fields.items():
        setattr(run, name, value)


def report_data_build(
    *, survey_round: SurveyRound, scope: Committee, step: Progress | None = None, run: ReportRun | None = None
) -> ReportData:
    """Compile the data every builder takes: indicators (with last round's), problems,
    recommendations, what is missing, and the approved rows; the draft's title and date are
    the run's, or the defaults (surveys.report.titles)."""
    step = step or (lambda percent, stage: None)
    step(10, "indicators")
    uncompared = uncompared_forms(survey_round, scope)
    report_date = (run.report_date if run else None) or titles.default_report_date(survey_round)
    indicators = report_indicators(survey_round, scope, uncompared, on=report_date)
    missing = selectors.missing_forms(survey_round, scope)
    step(35, "problems")
    rules = selectors.enabled_rules()
    report_date = (run.report_date if run else None) or titles.default_report_date(survey_round)
    problems = evaluate_problems(
        survey_round=survey_round,
        scope=scope,
        indicators=indicators,
        missing=missing,
        rules=rules,
        report_date=report_date,
    )
    step(45, "rows")
    forms = selectors.form_data(survey_round, scope)
    return ReportData(
        year=survey_round.year,
        data_year=survey_round.data_year,
        title=(run.title if run else "") or titles.default_title(survey_round, scope),
        report_date=report_date,
        rectifications=rectification_items(scope, report_date),
        scope=scope.code,
        scope_name=scope.name,
        scope_kind=scope.kind,
        # The run's own time, not the clock's: a run gives the same files whichever worker, attempt
        # or part compiled them (surveys/report/parts.py).
        generated_at=run.created_at if run else timezone.now(),
        indicators=indicators,
        problems=problems,
        recommendations=recommendations_for(rules, problems),
        missing=missing,
        forms=forms,
        standards=report_standards(survey_round, survey_round.data_year),
        campaigns=report_campaigns(scope, survey_round.data_year),
        round_towns=len(selectors.scope_towns(survey_round, scope)),
        uncompared_forms=uncompared,
    )


def rectification_items(scope: Committee, on: datetime.date) -> list[RectificationItem]:
    """The 五有五好 rectifications of the scope open on the report's date (evaluations' selectors)."""
    return [
        RectificationItem(
            committee=line.committee,
            committee_name=line.committee_name,
            town_name=line.town_name,
            items=line.items,
            opened_on=line.opened_on,
            due_date=line.due_date,
            overdue=line.overdue,
            age_days=line.age_days,
        )
        for line in rectifications_as_of(scope.path, on)
    ]


@dataclass(frozen=True)
class RunCoverage:
    """How complete the round was when a run compiled it, as its JSON file records it."""

    round_towns: int
    incomplete_towns: int  # towns of the scope with a form not approved
    missing_forms: int
    uncompared_forms: tuple[int, ...]

    @property
    def is_complete(self) -> bool:
        return self.missing_forms == 0


def run_coverage(run: ReportRun) -> RunCoverage | None:
    """What a finished run's report covered (from its JSON file, which every run writes); None
    when the file is not there."""
    stored = next((f for f in run.files.all() if f.format == ReportFormat.JSON), None)
    if stored is None:
        return None
    try:
        with stored.file.open("rb") as handle:
            found = json.load(handle)
    except (OSError, ValueError):
        return None
    missing = found.get("missing") or []
    return RunCoverage(
        round_towns=int(found.get("round_towns") or 0),
        incomplete_towns=len({m.get("town") for m in missing}),
        missing_forms=len(missing),
        uncompared_forms=tuple(found.get("uncompared_forms") or ()),
    )


def file_store(run: ReportRun, fmt: str, content: File) -> ReportFile:
    """Store the file (the storage copies it chunk by chunk) as the run's file of the format."""
    stored = ReportFile(run=run, format=fmt, size=content.size)
    stored.file.save(file_name(run, fmt), content, save=False)
    stored.save()
    return stored


def files_delete(run: ReportRun) -> None:
    for stored in run.files.all():
        stored.file.delete(save=False)
        stored.delete()


def error_text(exc: BaseException) -> str:
    """The failure as the run page shows it: the exception's type and message, with the server's
    own folders (the project, the media and temporary folders, the virtualenv) cut to "…"."""
    text = failure_text(exc)
    folders = {str(settings.BASE_DIR), str(settings.MEDIA_ROOT), tempfile.gettempdir(), sys.prefix}
    for folder in sorted((f.rstrip("/") for f in folders if f and f != "/"), key=len, reverse=True):
        text = text.replace(folder + "/", "…/").replace(folder, "…")
    return text


def run_step(run: ReportRun, progress: Progress | None = None) -> Progress:
    """A progress callback that records the run's progress, stage and heartbeat (and tells `progress`)."""

    def step(percent: int, stage: str) -> None:
        run_update(run, progress=min(percent, 100), stage=stage[:100], heartbeat_at=timezone.now())
        if progress is not None:
            progress(percent, stage)

    return step


def run_fail(run: ReportRun, exc: BaseException, *, progress: Progress | None = None) -> bool:
    """End a running run as failed with the exception's text (the first failure wins); False when
    it had already ended."""
    logger.error("report run %s failed", run.pk, exc_info=exc)
    fields = {"status": ReportRun.Status.FAILED, "error": error_text(exc), "finished_at": timezone.now()}
    ended = ReportRun.objects.filter(pk=run.pk, status=ReportRun.Status.RUNNING).update(**fields)
    if ended:
        for name, value in fields.items():
            setattr(run, name, value)
    if progress is not None:
        progress(run.progress, "failed")
    return bool(ended)


def run_begin(run: ReportRun) -> bool:
    """Mark the run running for this attempt (heartbeat.running_start); False when it must not run."""
    if run.is_finished or not heartbeat.running_start(ReportRun, run.pk, error=""):
        return False  # ended meanwhile (failed by the sweep: run again as a new run), or tried enough
    run.refresh_from_db(fields=["status", "started_at", "heartbeat_at", "attempts", "error"])
    return True


def report_run_execute(run: ReportRun, *, progress: Progress | None = None) -> ExecuteResult:
    """Compile a run's report and store its files, reporting each stage (and to `progress`).

    Never raises for a failure of the compilation: the run ends failed with the error text.
    """
    result = ExecuteResult(run=run)
    if not run_begin(run):
        return result
    step = run_step(run, progress)
    try:
        with heartbeat.heartbeat(ReportRun, run.pk):
            files_delete(run)  # of an attempt whose worker died
            data = report_data_build(survey_round=run.survey_round, scope=run.scope, step=step, run=run)
            formats = parse_formats(run.formats)
            for n, fmt in enumerate(formats):
                step(50 + 45 * n // len(formats), fmt)
                build = builder_for(fmt)
                if build is None:
                    result.skipped.append(fmt)
                    continue
                with built(build(data)) as content:
                    file_store(run, fmt, content)
    except Exception as exc:  # noqa: BLE001 - any failure must reach the user, not spin forever
        run_fail(run, exc, progress=progress)
        return result
    # A format whose builder is missing has no file: the run's page lists the files there are.
    run_update(run, status=ReportRun.Status.DONE, progress=100, stage="done", finished_at=timezone.now())
    if progress is not None:
        progress(100, "done")
    return result

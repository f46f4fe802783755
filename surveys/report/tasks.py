"""Background work of the report: compile one run (queued by runs.report_run_start), fanned out
over the workers one part per format (surveys/report/parts.py)."""

import logging

from celery import shared_task

from .models import ReportRun
from .parts import part_keys, report_part_execute, report_run_fan_out
from .runs import FORMATS, builder_for, report_run_execute

logger = logging.getLogger(__name__)

# The builders (openpyxl, python-docx and their templates) are imported with the tasks, in the
# worker's main process: its pool processes, forked after, start a part without importing them.
for _fmt in FORMATS:
    builder_for(_fmt)

# The soft limit raises inside the compilation, which then ends the run failed with the error
# (a worker killed outright leaves nothing to record it: beat's sweep of stale heartbeats does).
SOFT_TIME_LIMIT = 600
TASK_OPTIONS = {
    "bind": True,
    "soft_time_limit": SOFT_TIME_LIMIT,
    "time_limit": SOFT_TIME_LIMIT + 60,
    "acks_late": True,
    "reject_on_worker_lost": True,
}


# Safe to repeat (acks_late, reject_on_worker_lost: a message whose worker died is delivered
# again): a run compiles only while queued or running, and drops the files of an earlier attempt.
@shared_task(**TASK_OPTIONS)
def compile_report(self, run_id: int) -> None:
    """Compile a report run: its status, progress and files are kept in the run's row.

    A run of more than one format is fanned out: one task per format, so that the workers build
    them side by side. Called as a plain function (a test, a shell), it compiles in this process."""
    run = ReportRun.objects.select_related("survey_round__fhfg_standard", "scope").get(pk=run_id)
    if not self.request.called_directly and len(part_keys(run)) > 1:
        sent = report_run_fan_out(run, send=compile_report_part.delay)
        logger.info("report run %s: %s parts sent", run_id, len(sent))
        return
    result = report_run_execute(run)
    logger.info("report run %s: %s", run_id, result.run.status)


# Safe to repeat, as compile_report: a part builds only while its run is running and it is not done.
@shared_task(**TASK_OPTIONS)
def compile_report_part(self, part_id: int) -> None:
    """Build one part of a fanned-out run; the run's last part merges them (parts.py)."""
    part = report_part_execute(part_id, worker=self.request.hostname or "")
    if part is not None:
        logger.info("report part %s (%s of run %s) built", part_id, part.key, part.run_id)

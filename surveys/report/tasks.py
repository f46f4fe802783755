"""Background work of the report: compile one run (queued by runs.report_run_start)."""

import logging

from celery import shared_task

from .models import ReportRun
from .runs import report_run_execute

logger = logging.getLogger(__name__)

# The soft limit raises inside the compilation, which then ends the run failed with the error
# (a worker killed outright leaves nothing to record it: beat's sweep of stale heartbeats does).
SOFT_TIME_LIMIT = 600


# Safe to repeat (acks_late, reject_on_worker_lost: a message whose worker died is delivered
# again): a run compiles only while queued or running, and drops the files of an earlier attempt.
@shared_task(
    soft_time_limit=SOFT_TIME_LIMIT, time_limit=SOFT_TIME_LIMIT + 60, acks_late=True, reject_on_worker_lost=True
)
def compile_report(run_id: int) -> None:
    """Compile a report run: its status, progress and files are kept in the run's row."""
    run = ReportRun.objects.select_related("survey_round__fhfg_standard", "scope").get(pk=run_id)
    result = report_run_execute(run)
    logger.info("report run %s: %s", run_id, result.run.status)

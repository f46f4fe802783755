import logging

from celery import shared_task
from django.utils import timezone

from . import heartbeat, services
from .jobs import HANDLERS
from .models import Job
from .work_labels import failure_text

logger = logging.getLogger(__name__)


# Safe to repeat, so a message whose worker died is delivered again (acks_late,
# reject_on_worker_lost): a job runs only while queued or running, and an import's writes
# commit together with its done status, so a second delivery writes nothing twice.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_job(job_id: int) -> None:
    """Run one recorded job through its registered handler, keeping its status in the row."""
    job = Job.objects.select_related("committee").filter(pk=job_id).first()
    if job is None or not heartbeat.running_start(Job, job.pk):
        return  # gone, finished, failed by the sweep (run again as a new job), or tried enough
    with heartbeat.heartbeat(Job, job.pk):
        try:
            result = HANDLERS[job.kind](job)
        except Exception as exc:  # noqa: BLE001 - any failure must reach the user, not spin forever
            logger.exception("job %s failed", job.pk)
            Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                status=Job.Status.FAILED, error=failure_text(exc), finished_at=timezone.now()
            )
            return
    services.job_finish(job=job, result=result)


@shared_task
def sweep_stale_work() -> None:
    """End as failed the jobs and report runs whose worker died (run by beat, JOB_SWEEP_EVERY)."""
    ended = heartbeat.stale_sweep()
    if ended:
        logger.warning("marked %d jobs or report runs failed: their worker stopped", ended)

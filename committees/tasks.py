import logging

from celery import shared_task
from django.utils import timezone

from .jobs import HANDLERS
from .models import Job

logger = logging.getLogger(__name__)


@shared_task
def run_job(job_id: int) -> None:
    """Run one recorded job through its registered handler, keeping its status in the row."""
    job = Job.objects.select_related("committee").get(pk=job_id)
    if job.is_finished:
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = HANDLERS[job.kind](job)
    except Exception as exc:  # noqa: BLE001 - any failure must reach the user, not spin forever
        logger.exception("job %s failed", job.pk)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now()
        )
        return
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, progress=100, result=result, finished_at=timezone.now()
    )

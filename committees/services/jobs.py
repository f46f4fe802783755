"""Background jobs: start, retry, progress, finish."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import heartbeat
from ..models import Committee, Job


def job_start(*, actor, kind: str, committee: Committee, params: dict | None = None) -> Job:
    """Record a job and queue it once the transaction commits (the worker must see the row)."""
    from ..tasks import run_job

    job = Job.objects.create(kind=kind, committee=committee, params=params or {}, created_by=actor)
    heartbeat.queue_on_commit(run_job, Job, job.pk)
    return job


def job_retry(*, actor, job: Job) -> Job:
    """Start a failed job again as a new one: the same kind, scope and parameters."""
    if job.status != Job.Status.FAILED:
        raise ValidationError(_("Only a failed job can be run again."))
    return job_start(actor=actor, kind=job.kind, committee=job.committee, params=job.params)


def job_progress(*, job: Job, progress: int, stage: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(progress=min(progress, 100), stage=stage[:100], heartbeat_at=timezone.now())


def job_finish(*, job: Job, result: dict) -> bool:
    """Mark a running job done with its result; False when it no longer runs (the sweep failed it).

    A handler that writes calls it inside its own transaction, so that the writes and the done
    status commit together: a worker lost before the commit leaves nothing written."""
    now = timezone.now()
    finished = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.DONE, progress=100, result=result, finished_at=now, heartbeat_at=now
    )
    return bool(finished)

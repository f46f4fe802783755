"""Imports of more than JOB_ROWS data rows run in a background job: the preview and the confirm.

The plan job reads the kept upload and stores the preview in the job's result; the apply job
plans the same file again (the registry may have changed since the preview) and writes it.
The planning reports its progress as it goes; the writes are one transaction, so what they
report becomes visible only when they are done, together with the job's done status.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .. import scoping, services
from ..models import Job
from ..scoping import Action
from .common import Progress, Table, import_apply, import_plan
from .uploads import upload_delete, upload_read

JOB_ROWS = 1000
PLAN_KIND = "import_plan"
APPLY_KIND = "import_apply"
KINDS = (PLAN_KIND, APPLY_KIND)


class JobNotRunning(Exception):
    """The job was ended (failed by the sweep) while it ran: its writes are rolled back."""


def import_job_start(*, actor, table: Table, file: str, kind: str, language: str = "") -> Job:
    """Queue the plan or the apply of a kept upload, on the top committee the actor may write.

    The job's messages are in `language`, the uploader's, whatever the worker's default."""
    scope = scoping.committees_for(actor, Action.EDIT_REGISTRY).order_by("depth", "path").first()
    params = {"table": table.slug, "file": file, "language": language or settings.LANGUAGE_CODE}
    return services.job_start(actor=actor, kind=kind, committee=scope, params=params)


def _reporter(job: Job, start: int, end: int) -> Progress:
    last = -1

    def report(percent: int, stage: str) -> None:
        nonlocal last
        value = start + (end - start) * max(0, min(percent, 100)) // 100
        if value != last:
            services.job_progress(job=job, progress=value, stage=str(stage))
            last = value

    return report


def _gone() -> dict:
    counts = {"new": 0, "changed": 0, "unchanged": 0, "errors": 1}
    return {"ok": False, "counts": counts, "errors": [_("Nothing to import; upload the file again.")]}


def import_job_plan(job: Job, tables: dict[str, Table]) -> dict:
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        return _plan_job(job, tables[job.params["table"]], job.params["file"])


def import_job_apply(job: Job, tables: dict[str, Table]) -> dict:
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        return _apply_job(job, tables[job.params["table"]], job.params["file"])


def _plan_job(job: Job, table: Table, name: str) -> dict:
    data = upload_read(name)
    if data is None:
        return {"step": "plan", "table": table.slug, "summary": _gone()}
    plan = import_plan(table, user=job.created_by, data=data, progress=_reporter(job, 0, 99))
    if not plan.ok:
        upload_delete(name)  # nothing to confirm
    return {"step": "plan", "table": table.slug, "summary": plan.summary()}


def _apply_job(job: Job, table: Table, name: str) -> dict:
    data = upload_read(name)
    if data is None:
        return {"step": "apply", "table": table.slug, "applied": False, "summary": _gone()}
    plan = import_plan(table, user=job.created_by, data=data, progress=_reporter(job, 0, 60))
    saving = _reporter(job, 60, 99)
    saving(0, _("Saving"))  # shown while the transaction below writes
    # The writes and the job's done status commit together: a worker lost before the commit
    # leaves nothing written (the sweep fails the job), one lost after it leaves the job done.
    with transaction.atomic():
        if plan.ok:
            import_apply(table, user=job.created_by, plan=plan, progress=saving)
        result = {"step": "apply", "table": table.slug, "applied": plan.ok, "summary": plan.summary()}
        if not services.job_finish(job=job, result=result):
            raise JobNotRunning(job.pk)  # failed by the sweep meanwhile: write nothing
    upload_delete(name)
    return result

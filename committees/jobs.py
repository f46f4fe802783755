"""Background job kinds: each app registers the function that does the work.

A handler takes the Job and returns its result (a JSON-able dict); it may report progress
with services.job_progress. committees knows no other app: apps register in ready().
"""

from __future__ import annotations

from collections.abc import Callable

from .models import Job

Handler = Callable[[Job], dict]
HANDLERS: dict[str, Handler] = {}


def register(kind: str) -> Callable[[Handler], Handler]:
    def decorator(func: Handler) -> Handler:
        HANDLERS[kind] = func
        return func

    return decorator


@register("district_summary")
def district_summary_job(job: Job) -> dict:
    from .selectors import subtree_summary

    return subtree_summary(job.committee)


@register("import_plan")
def import_plan_job(job: Job) -> dict:
    """Check a big uploaded workbook and keep its preview in the job's result."""
    from .imports import TABLES
    from .imports.background import import_job_plan

    return import_job_plan(job, TABLES)


@register("import_apply")
def import_apply_job(job: Job) -> dict:
    """Check a big uploaded workbook again and write it, all or nothing."""
    from .imports import TABLES
    from .imports.background import import_job_apply

    return import_job_apply(job, TABLES)

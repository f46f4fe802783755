"""Start a background job on a committee, follow its progress, and run it again if it failed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from .. import scoping, selectors, services
from ..imports.background import KINDS as IMPORT_KINDS
from ..imports.background import PLAN_KIND
from ..models import Job
from ..scoping import Action
from .imports import _session_key, _table


@login_required
@require_POST
def summary_job_start(request, pk: int):
    committee = scoping.get_committee(request.user, pk, Action.COMPILE)
    job = services.job_start(actor=request.user, kind="district_summary", committee=committee)
    return redirect("committees:job_detail", pk=job.pk)


@require_safe
@login_required
def job_detail(request, pk: int):
    """The job's status and result; htmx polls it for the progress part alone."""
    job = scoping.get_scoped_object(Job.objects.select_related("committee", "created_by"), request.user, pk)
    if job.kind in IMPORT_KINDS:
        # An import's preview shows the uploader's file: only the uploader follows it.
        if job.created_by_id != request.user.pk:
            raise Http404
        return redirect("imports:job", pk=job.pk)
    if request.headers.get("HX-Request"):
        response = render(request, "committees/imports/_job_progress.html", {"job": job})
        if job.is_finished:
            response["HX-Refresh"] = "true"
        return response
    context = {
        "job": job,
        "may_retry": scoping.can(request.user, Action.COMPILE, job.committee),
        "result_rows": selectors.summary_rows(job.result) if job.kind == "district_summary" else [],
    }
    return render(request, "committees/job_detail.html", context)


@login_required
@require_POST
def job_retry(request, pk: int):
    """Run a failed job again as a new job (an import: its uploader, with the kept file)."""
    job = scoping.get_scoped_object(Job.objects.select_related("committee"), request.user, pk)
    importing = job.kind in IMPORT_KINDS
    if importing and job.created_by_id != request.user.pk:
        raise Http404
    scoping.check(request.user, Action.EDIT_REGISTRY if importing else Action.COMPILE, job.committee)
    try:
        again = services.job_retry(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("committees:job_detail", pk=job.pk)
    if again.kind == PLAN_KIND:
        # The confirm step follows the preview the session names: the new one.
        key = _session_key(_table(job.params.get("table", "")))
        kept = request.session.get(key) or {}
        if kept.get("job") == job.pk:
            request.session[key] = {**kept, "job": again.pk}
    return redirect("committees:job_detail", pk=again.pk)

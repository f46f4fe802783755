"""Start a background job on a committee and follow its progress."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from .. import scoping, services
from ..imports.background import KINDS as IMPORT_KINDS
from ..models import Job
from ..scoping import Action


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
    return render(request, "committees/job_detail.html", {"job": job})

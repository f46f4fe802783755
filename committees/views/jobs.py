"""Start a background job on a committee and follow its progress."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import scoping, services
from ..models import Job
from ..scoping import Action


@login_required
@require_POST
def summary_job_start(request, pk: int):
    committee = scoping.get_committee(request.user, pk, Action.COMPILE)
    job = services.job_start(actor=request.user, kind="district_summary", committee=committee)
    return redirect("committees:job_detail", pk=job.pk)


@login_required
def job_detail(request, pk: int):
    job = scoping.get_scoped_object(Job.objects.select_related("committee", "created_by"), request.user, pk)
    return render(request, "committees/job_detail.html", {"job": job})

"""Five-old volunteers in and out of Excel: download, upload → preview → confirm."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import scoping
from ..excel import MAX_UPLOAD_BYTES, CellError
from ..imports import ImportPlan, apply_volunteer_import, export_volunteers, plan_volunteer_import
from ..scoping import Action

SESSION_KEY = "volunteer_import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def volunteers_export(request, pk: int):
    """Download a committee's volunteers; phones are masked where the user may not edit."""
    committee = scoping.get_committee(request.user, pk)
    response = HttpResponse(export_volunteers(committee, user=request.user), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="volunteers-{committee.code}.xlsx"'
    return response


@login_required
def volunteers_upload(request):
    """Show the upload form; on a file, keep it for the confirm step and preview the import."""
    scoping.require_anywhere(request.user, Action.EDIT_REGISTRY)
    if request.method != "POST":
        return render(request, "committees/imports/upload.html")
    upload = request.FILES.get("file")
    if upload is None:
        return render(request, "committees/imports/upload.html", {"error": _("Choose a file.")})
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    plan = plan_volunteer_import(user=request.user, data=data)
    if plan.ok:
        request.session[SESSION_KEY] = base64.b64encode(data).decode("ascii")
    else:
        request.session.pop(SESSION_KEY, None)
    return _preview(request, plan)


@login_required
@require_POST
def volunteers_confirm(request):
    """Re-check the kept file and apply it in one transaction."""
    scoping.require_anywhere(request.user, Action.EDIT_REGISTRY)
    encoded = request.session.get(SESSION_KEY)
    if not encoded:
        messages.error(request, _("Nothing to import; upload the file again."))
        return redirect("imports:volunteers_upload")
    plan = plan_volunteer_import(user=request.user, data=base64.b64decode(encoded))
    if not plan.ok:
        return _preview(request, plan)
    apply_volunteer_import(user=request.user, plan=plan)
    del request.session[SESSION_KEY]
    messages.success(
        request,
        _("Imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.")
        % {"new": len(plan.new), "changed": len(plan.changed), "unchanged": len(plan.unchanged)},
    )
    return redirect("imports:volunteers_upload")


def _preview(request, plan: ImportPlan):
    errors: list[CellError] = plan.errors
    return render(request, "committees/imports/preview.html", {"plan": plan, "errors": [str(e) for e in errors]})

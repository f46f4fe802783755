"""Registry tables in and out of Excel: export, blank template, upload → preview → confirm.

Every view takes the table's slug (volunteers, people, teams, stations) from the URLconf.
Files of more than background.JOB_ROWS data rows are checked and written by a background
job; the job page shows its progress, then the preview with the confirm button.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from .. import imports, scoping
from ..downloads import XLSX, download_name, file_response
from ..excel import count_data_rows
from ..imports import TABLES, Table, import_apply, import_plan
from ..imports.background import APPLY_KIND, JOB_ROWS, KINDS, PLAN_KIND, import_job_start
from ..imports.uploads import SizeLimitHandler, upload_delete, upload_keep, upload_read, uploads_prune
from ..models import Job
from ..scoping import Action
from ..xlsx_open import max_upload_bytes, too_large_message


def _table(slug: str) -> Table:
    if slug not in TABLES:
        raise Http404
    return TABLES[slug]


def _urls(table: Table) -> dict[str, str]:
    return {f"{step}_url": f"imports:{table.slug}_{step}" for step in ("export", "template", "upload", "confirm")}


def _session_key(table: Table) -> str:
    return f"import:{table.slug}"


@require_safe
@login_required
def table_export(request, pk: int, table: str):
    """Download a committee subtree's rows; phones are masked where the user may not edit."""
    spec = _table(table)
    committee = scoping.get_committee(request.user, pk)
    data = imports.table_export(spec, committee, user=request.user)
    name = download_name(committee, str(spec.title), extension="xlsx")
    return file_response(request, data, name, XLSX, committee=committee)


@login_required
def table_template(request, pk: int, table: str):
    """Download the blank form, with the codes of the committees the user may fill in."""
    spec = _table(table)
    committee = scoping.get_committee(request.user, pk, Action.EDIT_REGISTRY)
    data = imports.table_template(spec, committee, user=request.user)
    what = _("%(table)s import template") % {"table": spec.title}
    return file_response(request, data, download_name(committee, what, extension="xlsx"), XLSX, committee=committee)


@login_required
@csrf_exempt  # the handler must be in place before the CSRF check reads the body; checked below
def table_upload(request, table: str):
    request.upload_handlers.insert(0, SizeLimitHandler(request, max_upload_bytes()))
    return _table_upload(request, table)


@csrf_protect
def _table_upload(request, table: str):
    """Show the upload form; on a file, keep it for the confirm step and preview the import."""
    spec = _table(table)
    scoping.require_anywhere(request.user, Action.EDIT_REGISTRY)
    context = {"table": spec, **_urls(spec)}
    if request.method != "POST":
        context |= {
            "roots": _writable_roots(request.user),
            "max_mb": max_upload_bytes() // (1024 * 1024),
            "job_rows": JOB_ROWS,
        }
        return render(request, "committees/imports/upload.html", context)
    upload = request.FILES.get("file")  # parses the body, through SizeLimitHandler
    if getattr(request, "upload_too_large", False):
        error = too_large_message()
        return render(request, "committees/imports/upload.html", {**context, "error": error}, status=413)
    if upload is None:
        return render(request, "committees/imports/upload.html", {**context, "error": _("Choose a file.")})
    data = upload.read(max_upload_bytes() + 1)
    _forget(request, spec)
    uploads_prune()
    rows = count_data_rows(data, spec.spec().name, stop_after=JOB_ROWS)
    if rows is not None and rows > JOB_ROWS:
        name = upload_keep(data)
        job = import_job_start(
            actor=request.user, table=spec, file=name, kind=PLAN_KIND, language=request.LANGUAGE_CODE
        )
        request.session[_session_key(spec)] = {"file": name, "job": job.pk}
        return redirect("imports:job", pk=job.pk)
    plan = import_plan(spec, user=request.user, data=data)
    if plan.ok:
        request.session[_session_key(spec)] = {"file": upload_keep(data), "job": None}
    return _preview(request, spec, plan.summary())


def _writable_roots(user) -> list:
    """The top committees the user may write: where the downloads start."""
    writable = list(scoping.committees_for(user, Action.EDIT_REGISTRY).order_by("depth", "path")[:50])
    return [c for c in writable if not any(o is not c and c.path.startswith(o.path) for o in writable)]


def _forget(request, spec: Table) -> None:
    """Drop the file kept by an earlier upload of the same table."""
    kept = request.session.pop(_session_key(spec), None)
    if kept:
        upload_delete(kept.get("file", ""))


@login_required
@require_POST
def table_confirm(request, table: str):
    """Check the kept file again and write it in one transaction (a big one in a background job)."""
    spec = _table(table)
    scoping.require_anywhere(request.user, Action.EDIT_REGISTRY)
    kept = request.session.get(_session_key(spec)) or {}
    data = upload_read(kept.get("file", ""))
    if data is None:
        request.session.pop(_session_key(spec), None)
        messages.error(request, _("Nothing to import; upload the file again."))
        return redirect(f"imports:{spec.slug}_upload")
    if kept.get("job"):
        previewed = Job.objects.filter(pk=kept["job"], created_by=request.user, kind=PLAN_KIND).first()
        if previewed is None or not previewed.result.get("summary", {}).get("ok"):
            messages.error(request, _("Nothing to import; upload the file again."))
            return redirect(f"imports:{spec.slug}_upload")
        del request.session[_session_key(spec)]
        job = import_job_start(
            actor=request.user, table=spec, file=kept["file"], kind=APPLY_KIND, language=request.LANGUAGE_CODE
        )
        return redirect("imports:job", pk=job.pk)
    plan = import_plan(spec, user=request.user, data=data)
    del request.session[_session_key(spec)]
    upload_delete(kept["file"])
    if not plan.ok:
        return _preview(request, spec, plan.summary())
    import_apply(spec, user=request.user, plan=plan)
    messages.success(request, _imported_message(plan.summary()))
    return redirect(f"imports:{spec.slug}_upload")


def _imported_message(summary: dict) -> str:
    return _("Imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.") % summary["counts"]


def _preview(request, spec: Table, summary: dict):
    context = {"table": spec, "summary": summary, "confirm": summary["ok"], **_urls(spec)}
    return render(request, "committees/imports/preview.html", context)


@login_required
def import_job(request, pk: int):
    """A big import's job: its progress, then its preview and confirm button, or what it wrote."""
    # The uploader's own job, and only while its committee is still in the uploader's scope.
    jobs = scoping.scope_queryset(Job.objects.select_related("committee"), request.user, Action.EDIT_REGISTRY)
    job = get_object_or_404(jobs, pk=pk, kind__in=KINDS, created_by=request.user)
    spec = _table(job.params.get("table", ""))
    if request.headers.get("HX-Request"):
        response = render(request, "committees/imports/_job_progress.html", {"job": job})
        if job.is_finished:
            response["HX-Refresh"] = "true"  # the whole page shows the result
        return response
    summary = job.result.get("summary") if job.status == Job.Status.DONE else None
    kept = request.session.get(_session_key(spec)) or {}
    context = {
        "table": spec,
        **_urls(spec),
        "job": job,
        "summary": summary,
        "applied": job.kind == APPLY_KIND and job.result.get("applied"),
        "confirm": job.kind == PLAN_KIND and summary and summary["ok"] and kept.get("job") == job.pk,
        "imported": _imported_message(summary) if summary and job.result.get("applied") else "",
    }
    return render(request, "committees/imports/job.html", context)

"""The ledger in and out of Excel: a year's budgets or entries (of the reader's scope, or of one
town) as a workbook, and upload → preview → confirm, as the registry's imports do it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.downloads import XLSX, download_name, file_response
from committees.imports.common import Table, import_apply, import_plan
from committees.imports.uploads import SizeLimitHandler, upload_delete, upload_keep, upload_read, uploads_prune
from committees.scoping import Action
from committees.xlsx_open import max_upload_bytes, too_large_message

from ..excel import TABLES, ledger_export
from .common import check_year, default_year

UPLOAD_TEMPLATE = "funding/import_upload.html"


def _table(slug: str) -> Table:
    if slug not in TABLES:
        raise Http404
    return TABLES[slug]


def _urls(table: Table) -> dict[str, str]:
    return {f"{step}_url": f"funding:{table.slug}_{step}" for step in ("export", "upload", "confirm")}


def _session_key(table: Table) -> str:
    return f"funding-import:{table.slug}"


def _export(request, table: Table, year: int, town_pk: int | None):
    check_year(year)
    town = scoping.get_committee(request.user, town_pk) if town_pk is not None else None
    title = " · ".join(part for part in (town.name if town else "", table.spec().name, str(year)) if part)
    data = ledger_export(table, request.user, year, town, title=title)
    name = download_name(town, str(table.title), extension="xlsx", year=year)
    return file_response(request, data, name, XLSX, committee=town)


@require_safe
@login_required
def ledger_export_view(request, year: int, table: str):
    """A year's budgets or entries of every committee the reader may see."""
    return _export(request, _table(table), year, None)


@require_safe
@login_required
def town_export_view(request, year: int, town_pk: int, table: str):
    """A year's budgets or entries of one town's committees."""
    return _export(request, _table(table), year, town_pk)


@login_required
@csrf_exempt  # the handler must be in place before the CSRF check reads the body; checked below
def ledger_upload(request, table: str):
    request.upload_handlers.insert(0, SizeLimitHandler(request, max_upload_bytes()))
    return _ledger_upload(request, table)


@csrf_protect
def _ledger_upload(request, table: str):
    """Show the upload form; on a file, keep it for the confirm step and preview the import."""
    spec = _table(table)
    scoping.require_anywhere(request.user, Action.MANAGE_FUNDS)
    context = {"table": spec, "year": default_year(), "max_mb": max_upload_bytes() // (1024 * 1024), **_urls(spec)}
    if request.method != "POST":
        return render(request, UPLOAD_TEMPLATE, context)
    upload = request.FILES.get("file")  # parses the body, through SizeLimitHandler
    if getattr(request, "upload_too_large", False):
        return render(request, UPLOAD_TEMPLATE, {**context, "error": too_large_message()}, status=413)
    if upload is None:
        return render(request, UPLOAD_TEMPLATE, {**context, "error": _("Choose a file.")})
    data = upload.read(max_upload_bytes() + 1)
    kept = request.session.pop(_session_key(spec), None)
    if kept:
        upload_delete(kept.get("file", ""))
    uploads_prune()
    plan = import_plan(spec, user=request.user, data=data)
    if plan.ok:
        request.session[_session_key(spec)] = {"file": upload_keep(data)}
    return _preview(request, spec, plan.summary())


@login_required
@require_POST
def ledger_confirm(request, table: str):
    """Check the kept file again and write it in one transaction."""
    spec = _table(table)
    scoping.require_anywhere(request.user, Action.MANAGE_FUNDS)
    kept = request.session.pop(_session_key(spec), None) or {}
    data = upload_read(kept.get("file", ""))
    if data is None:
        messages.error(request, _("Nothing to import; upload the file again."))
        return redirect(f"funding:{spec.slug}_upload")
    upload_delete(kept["file"])
    plan = import_plan(spec, user=request.user, data=data)
    if not plan.ok:
        return _preview(request, spec, plan.summary())
    import_apply(spec, user=request.user, plan=plan)
    counts = plan.summary()["counts"]
    messages.success(request, _("Imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.") % counts)
    return redirect(f"funding:{spec.slug}_upload")


def _preview(request, spec: Table, summary: dict):
    context = {"table": spec, "summary": summary, "confirm": summary["ok"], **_urls(spec)}
    return render(request, "committees/imports/preview.html", context)

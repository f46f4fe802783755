"""The funding tables in and out of Excel: a table's records (a year's, for the yearly tables) of the
reader's scope, or of one town, as a workbook, and upload → preview → confirm, as the registry's
imports do it. The tables are funding.excel.TABLES: budgets, entries, subsidies, donors,
programmes, sessions, donations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.downloads import XLSX, download_name, file_response
from committees.imports.common import import_apply, import_plan
from committees.imports.uploads import SizeLimitHandler, upload_delete, upload_keep, upload_read, uploads_prune
from committees.scoping import Action
from committees.xlsx_open import max_upload_bytes, too_large_message

from ..excel import TABLES, FundTable, ledger_export
from .common import check_year

UPLOAD_TEMPLATE = "funding/import_upload.html"
YEARLY_EXPORTS = {"subsidies": "funding:subsidy_export"}  # the others: funding:<table>_export


def _table(slug: str) -> FundTable:
    if slug not in TABLES:
        raise Http404
    return TABLES[slug]


def _urls(table: FundTable) -> dict[str, str]:
    return {f"{step}_url": f"funding:{table.slug}_{step}" for step in ("upload", "confirm")}


def _latest_year(table: FundTable) -> int:
    """The latest year the table holds, or this year when it holds none."""
    latest = table.model.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year


def _download(table: FundTable) -> tuple[str, int | None]:
    """The export to offer on the upload page (the latest year's, for a yearly table)."""
    name = YEARLY_EXPORTS.get(table.slug, f"funding:{table.slug}_export")
    if not table.yearly:
        return reverse(name), None
    year = _latest_year(table)
    return reverse(name, kwargs={"year": year}), year


def _session_key(table: FundTable) -> str:
    return f"funding-import:{table.slug}"


def export_response(request, table: FundTable, year: int | None, town=None):
    """The table's export (of the year) for the reader, optionally of one committee's subtree."""
    if year is not None:
        check_year(year)
    title = " · ".join(part for part in (town.name if town else "", table.spec().name, str(year or "")) if part)
    data = ledger_export(table, request.user, year, town, title=title)
    day = timezone.localdate() if year is None else None
    name = download_name(town, str(table.title), extension="xlsx", year=year, day=day)
    return file_response(request, data, name, XLSX, committee=town)


def _export(request, table: FundTable, year: int, town_pk: int | None):
    town = scoping.get_committee(request.user, town_pk) if town_pk is not None else None
    return export_response(request, table, year, town)


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


@require_safe
@login_required
def aid_export_view(request, table: str):
    """Every donor or study-aid programme the reader may see."""
    return export_response(request, _table(table), None)


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
    export_href, year = _download(spec)
    context = {"table": spec, "year": year, "export_href": export_href, "max_mb": max_upload_bytes() // (1024 * 1024)}
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
    try:
        import_apply(spec, user=request.user, plan=plan)
    except ValidationError as exc:  # a payment confirmed between the preview and the confirm
        messages.error(request, " ".join(exc.messages))
        return redirect(f"funding:{spec.slug}_upload")
    counts = plan.summary()["counts"]
    messages.success(request, _("Imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.") % counts)
    return redirect(f"funding:{spec.slug}_upload")


def _preview(request, spec: FundTable, summary: dict):
    context = {"table": spec, "summary": summary, "confirm": summary["ok"], **_urls(spec)}
    return render(request, "committees/imports/preview.html", context)

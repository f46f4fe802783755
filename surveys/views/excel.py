"""A town's survey workbook: download the template, upload → preview → confirm.

The town is reached through committees.scoping: out of the reader's scope is 404, readable but
not allowed is 403 (a download is a read; an upload enters the forms). The uploaded file is
kept between the preview and the confirm as the registry imports keep theirs, with the versions
of the forms it was previewed against and the forms whose sheets it skips (submitted or approved);
the confirm plans it again and writes under one lock of the town's forms, all or nothing, and
refuses it when someone changed those forms meanwhile.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.downloads import XLSX, file_response
from committees.imports.uploads import SizeLimitHandler, upload_delete, upload_keep, upload_read, uploads_prune
from committees.scoping import Action
from committees.xlsx_open import max_upload_bytes, too_large_message

from .. import imports, selectors
from ..models import Submission

PREVIEW = "surveys/excel/preview.html"
UPLOAD = "surveys/excel/upload.html"


def _town_round(user, year: int, town_pk: int, action: Action):
    """The round and the town, when the user may do `action` on it and the round surveys it."""
    town = scoping.get_committee(user, town_pk, action)
    survey_round = selectors.round_for_year(year, within=town)
    if survey_round is None or not Submission.objects.filter(survey_round=survey_round, town=town).exists():
        raise Http404(_("This town has no forms in this round."))
    return survey_round, town


def _session_key(survey_round, town) -> str:
    return f"survey-upload:{survey_round.pk}:{town.pk}"


@require_safe
@login_required
def template_download(request, year: int, town_pk: int):
    """Download the town's workbook of the round, filled with what its forms hold now."""
    survey_round, town = _town_round(request.user, year, town_pk, Action.VIEW)
    data = imports.survey_template(survey_round, town)
    return file_response(request, data, imports.template_filename(survey_round, town), XLSX, committee=town)


@login_required
@csrf_exempt  # the size limit must be in place before the CSRF check reads the body; checked below
def upload(request, year: int, town_pk: int):
    request.upload_handlers.insert(0, SizeLimitHandler(request, max_upload_bytes()))
    return _upload(request, year, town_pk)


@csrf_protect
def _upload(request, year: int, town_pk: int):
    """Show the upload form; on a file, preview what it changes and keep it for the confirm."""
    survey_round, town = _town_round(request.user, year, town_pk, Action.ENTER_FORMS)
    context = {"survey_round": survey_round, "town": town, "max_mb": max_upload_bytes() // (1024 * 1024)}
    if request.method != "POST":
        return render(request, UPLOAD, context)
    file = request.FILES.get("file")  # parses the body, through SizeLimitHandler
    if getattr(request, "upload_too_large", False):
        error = too_large_message()
        return render(request, UPLOAD, {**context, "error": error}, status=413)
    if file is None:
        return render(request, UPLOAD, {**context, "error": _("Choose a file.")})
    data = file.read(max_upload_bytes() + 1)
    _forget(request, survey_round, town)
    uploads_prune()
    plan = imports.upload_plan(actor=request.user, survey_round=survey_round, town=town, data=data)
    confirm = plan.ok and plan.changed  # a file that changes nothing has nothing to confirm
    if confirm:
        # The versions previewed: the confirm is refused if someone changes these forms meanwhile.
        versions = {str(pk): version for pk, version in plan.versions.items()}
        request.session[_session_key(survey_round, town)] = {
            "file": upload_keep(data),
            "versions": versions,
            "skipped": plan.skipped_forms,  # the confirm refuses if these change meanwhile
        }
    return render(request, PREVIEW, {**context, "plan": plan, "confirm": confirm})


def _forget(request, survey_round, town) -> None:
    """Drop the file kept by an earlier upload for the same town and round."""
    kept = request.session.pop(_session_key(survey_round, town), None)
    if kept:
        upload_delete(kept.get("file", ""))


@login_required
@require_POST
def upload_confirm(request, year: int, town_pk: int):
    """Check the kept file again and save it to the town's forms, all or nothing."""
    survey_round, town = _town_round(request.user, year, town_pk, Action.ENTER_FORMS)
    kept = request.session.pop(_session_key(survey_round, town), None) or {}
    data = upload_read(kept.get("file", ""))
    if data is None:
        messages.error(request, _("Nothing to import; upload the file again."))
        return redirect("surveys:upload", year=year, town_pk=town.pk)
    upload_delete(kept["file"])
    versions = {int(pk): version for pk, version in kept.get("versions", {}).items()}
    try:
        plan = imports.upload_confirm(
            actor=request.user,
            survey_round=survey_round,
            town=town,
            data=data,
            versions=versions or None,
            skipped=kept.get("skipped"),
        )
    except imports.UploadRefused as exc:
        context = {"survey_round": survey_round, "town": town, "plan": exc.plan, "confirm": False}
        return render(request, PREVIEW, {**context, "refused": exc.messages})
    if plan.changed:
        messages.success(request, _("The workbook was imported into the forms."))
    else:
        messages.info(request, _("The workbook changes nothing; nothing was saved."))
    return redirect("surveys:town_round", year=year, town_pk=town.pk)

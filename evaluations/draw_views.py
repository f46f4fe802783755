"""The pages of spot-check draws (抽查): the draws in the reader's scope, a new draw, a draw with
its picks by town and the check that it draws again the same, and its checklist workbook (download,
upload → preview → confirm). Reading goes through committees.scoping (VIEW on the draw's scope);
drawing and recording need Action.EVALUATE there."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.downloads import XLSX, download_name, file_response
from committees.forms import save_form
from committees.imports.uploads import SizeLimitHandler, upload_delete, upload_keep, upload_read, uploads_prune
from committees.pagination import paginate
from committees.scoping import Action
from committees.xlsx_open import max_upload_bytes, too_large_message

from . import draw_import, draw_services
from .draw_forms import DrawForm
from .draw_models import SpotCheckDraw
from .draws import by_town


def _draws(user):
    qs = SpotCheckDraw.objects.select_related("committee", "standard", "made_by")
    return scoping.scope_queryset(qs, user)


def _get(request, pk: int, action: Action = Action.VIEW) -> SpotCheckDraw:
    return scoping.get_scoped_object(_draws(request.user), request.user, pk, action)


@require_safe
@login_required
def draw_list(request):
    """The draws in the reader's scope, newest first."""
    page, base = paginate(request, _draws(request.user).order_by("-year", "-made_at", "-pk"))
    context = {"page_obj": page, "querystring_base": base, "may_draw": draw_services.draw_scopes(request.user).exists()}
    return render(request, "evaluations/draws/list.html", context)


@login_required
def draw_create(request):
    """Draw the villages of the district or a town for a spot check."""
    scoping.require_anywhere(request.user, Action.EVALUATE)
    form = DrawForm(request.POST or None, user=request.user)

    def save(data):
        committee = scoping.check(request.user, Action.EVALUATE, data.pop("committee"))
        return draw_services.draw_make(actor=request.user, committee=committee, **data)

    draw = save_form(request, form, save, _("Drawn."))
    if draw is not None:
        return redirect("draws:detail", pk=draw.pk)
    context = {"form": form, "title": _("A new spot-check draw"), "cancel_url": reverse("draws:list")}
    return render(request, "form_page.html", context)


@require_safe
@login_required
def draw_detail(request, pk: int):
    """A draw's parameters, frame, picks by town, the reviews recorded and the reproduce check."""
    draw = _get(request, pk)
    reviews = draw_import.draw_reviews(draw)
    picked = set(draw.picks)
    towns = [
        {
            "name": villages[0]["town"],
            "candidates": len(villages),
            "picks": [{**v, "review": reviews.get(v["id"])} for v in villages if v["id"] in picked],
        }
        for villages in by_town(draw.frame).values()
    ]
    context = {
        "draw": draw,
        "towns": towns,
        "check": draw_services.draw_reproduce(draw),
        "may_record": scoping.can(request.user, Action.EVALUATE, draw.committee),
    }
    return render(request, "evaluations/draws/detail.html", context)


@require_safe
@login_required
def checklist_download(request, pk: int):
    """The inspectors' checklist workbook: a sheet per picked village."""
    draw = _get(request, pk)
    name = download_name(draw.committee, _("spot check checklist"), extension="xlsx", year=draw.year)
    return file_response(request, draw_import.checklist_download(draw), name, XLSX, committee=draw.committee)


def _session_key(draw: SpotCheckDraw) -> str:
    return f"draw-checklist:{draw.pk}"


@login_required
@csrf_exempt  # the handler must be in place before the CSRF check reads the body; checked below
def checklist_upload(request, pk: int):
    request.upload_handlers.insert(0, SizeLimitHandler(request, max_upload_bytes()))
    return _checklist_upload(request, pk)


@csrf_protect
def _checklist_upload(request, pk: int):
    """Show the upload form; on a file, keep it for the confirm step and preview the import."""
    draw = _get(request, pk, Action.EVALUATE)
    context = {"draw": draw, "max_mb": max_upload_bytes() // (1024 * 1024)}
    template = "evaluations/draws/upload.html"
    if request.method != "POST":
        return render(request, template, context)
    upload = request.FILES.get("file")
    if getattr(request, "upload_too_large", False):
        return render(request, template, {**context, "error": too_large_message()}, status=413)
    if upload is None:
        return render(request, template, {**context, "error": _("Choose a file.")})
    data = upload.read(max_upload_bytes() + 1)
    kept = request.session.pop(_session_key(draw), None)
    if kept:
        upload_delete(kept.get("file", ""))
    uploads_prune()
    plan = draw_import.checklist_plan(draw, user=request.user, data=data)
    if plan.ok and plan.to_record:
        request.session[_session_key(draw)] = {"file": upload_keep(data)}
    return render(request, "evaluations/draws/preview.html", {"draw": draw, "plan": plan})


@login_required
@require_POST
def checklist_confirm(request, pk: int):
    """Check the kept file again and record its reviews in one transaction."""
    draw = _get(request, pk, Action.EVALUATE)
    kept = request.session.pop(_session_key(draw), None) or {}
    data = upload_read(kept.get("file", ""))
    if data is None:
        messages.error(request, _("Nothing to import; upload the file again."))
        return redirect("draws:upload", pk=draw.pk)
    upload_delete(kept["file"])
    plan = draw_import.checklist_plan(draw, user=request.user, data=data)
    if plan.ok:
        try:
            reviews = draw_import.checklist_apply(draw, user=request.user, plan=plan)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("draws:upload", pk=draw.pk)
        messages.success(request, _("Reviews recorded: %(n)d.") % {"n": len(reviews)})
        return redirect("draws:detail", pk=draw.pk)
    return render(request, "evaluations/draws/preview.html", {"draw": draw, "plan": plan})

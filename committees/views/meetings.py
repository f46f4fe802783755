"""The meetings and visits log: the log a page at a time (filtered by kind, year and convenor), its
Excel file, a year's meetings against the expected counts (district and each town), and the forms
to log, change and remove an entry. Reading goes through committees.scoping (VIEW on the
convening committee); writing needs LOG_MEETINGS on it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import scoping, selectors, services
from ..downloads import XLSX, download_name, file_response
from ..forms import save_form
from ..forms_meetings import MeetingFilterForm, MeetingForm, convenors_for
from ..meetings_export import meetings_workbook
from ..models import Meeting
from ..pagination import paginate
from ..scoping import Action

FIRST_YEAR = 2001


def _this_year() -> int:
    return timezone.localdate().year


def _readable(user):
    return scoping.scope_queryset(Meeting.objects.all(), user, Action.VIEW, field="convenor")


def _filtered(request):
    """The reader's log under the page's filter, and the filter form."""
    readable = _readable(request.user)
    years = selectors.meeting_years(readable, _this_year())
    form = MeetingFilterForm(request.GET or None, user=request.user, years=years)
    chosen = form.cleaned_data if form.is_valid() else {}
    log = selectors.meeting_log(
        readable, kind=chosen.get("kind") or "", year=chosen.get("year"), convenor=chosen.get("convenor")
    )
    return log, form, chosen


def _writable_convenors(user, meetings) -> set[int]:
    """The convenors of these meetings whose log the user may write (convenors_for(user), asked of
    the page's rows by their paths: no query)."""
    return {
        m.convenor_id
        for m in meetings
        if m.convenor.kind in selectors.CONVENOR_KINDS and scoping.can(user, Action.LOG_MEETINGS, m.convenor)
    }


@require_safe
@login_required
def meeting_list(request):
    """The log in the reader's scope, filtered, a page at a time."""
    log, form, chosen = _filtered(request)
    page, base = paginate(request, log)
    page.object_list = list(page.object_list)
    selectors.with_participant_names(page.object_list)
    may_log = scoping.can_anywhere(request.user, Action.LOG_MEETINGS)
    context = {
        "filter_form": form,
        "page_obj": page,
        "querystring_base": base,
        "this_year": _this_year(),
        "may_log": may_log,
        "writable": _writable_convenors(request.user, page.object_list) if may_log else set(),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "committees/meetings/list.html", context)


@require_safe
@login_required
def meeting_export(request):
    """The log as an Excel file (the same scope and filter as the page)."""
    log, _form, chosen = _filtered(request)
    what = _("meetings and visits")
    convenor = chosen.get("convenor")
    title = f"{convenor.name if convenor else ''}{what}"
    year = chosen.get("year")
    name = download_name(convenor, what, extension="xlsx", year=year, day=None if year else timezone.localdate())
    return file_response(request, meetings_workbook(log, title=title), name, XLSX, committee=convenor)


@require_safe
@login_required
def meeting_year(request, year: int):
    """A year's meetings by kind against the expected counts: the district's and each town's."""
    if not FIRST_YEAR <= year <= _this_year() + 1:
        raise Http404(_("No such year."))
    overview = selectors.year_overview(convenors_for(request.user, Action.VIEW), year)
    context = {
        "year": year,
        "years": selectors.meeting_years(_readable(request.user), max(year, _this_year())),
        "overview": overview,
        "kinds": overview[0].counts if overview else [],
        "research_month": selectors.RESEARCH_MONTH,
    }
    return render(request, "committees/meetings/year.html", context)


def _form_page(request, form, title: str):
    cancel = reverse("meetings:list")
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel})


def _save(request, form, meeting: Meeting):
    def save(data):
        convenor = scoping.check(request.user, Action.LOG_MEETINGS, data.pop("convenor"))
        return services.meeting_save(actor=request.user, meeting=meeting, convenor=convenor, **data)

    return save_form(request, form, save, _("Saved."))


@login_required
def meeting_create(request):
    scoping.require_anywhere(request.user, Action.LOG_MEETINGS)
    form = MeetingForm(request.POST or None, user=request.user)
    if _save(request, form, Meeting()):
        return redirect("meetings:list")
    return _form_page(request, form, _("Log a meeting or visit"))


def _writable(request, pk: int) -> Meeting:
    qs = Meeting.objects.select_related("convenor")
    return scoping.get_scoped_object(qs, request.user, pk, Action.LOG_MEETINGS, field="convenor")


@login_required
def meeting_edit(request, pk: int):
    meeting = _writable(request, pk)
    initial = {f: getattr(meeting, f) for f in (*services.MEETING_FIELDS, "convenor")}
    initial["participants"] = list(meeting.participants.all())
    form = MeetingForm(request.POST or None, initial=initial, user=request.user)
    if _save(request, form, meeting):
        return redirect("meetings:list")
    history = selectors.history_of(meeting)
    context = {"form": form, "title": _("Change %(name)s") % {"name": meeting}, "history": history}
    context["cancel_url"] = reverse("meetings:list")
    return render(request, "committees/meetings/edit.html", context)


@login_required
def meeting_delete(request, pk: int):
    meeting = _writable(request, pk)
    if request.method == "POST":
        services.meeting_delete(actor=request.user, meeting=meeting)
        messages.success(request, _("Removed from the log."))
        return redirect("meetings:list")
    return render(request, "committees/meetings/delete.html", {"meeting": meeting})

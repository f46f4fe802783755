"""The pages of donations and study-aid programmes (捐资助学): the programmes with their
cumulative figures, a programme's sessions, a year's donations with the study aid by town, the
donors; and their forms. Reading goes through committees.scoping (VIEW), writing needs
MANAGE_FUNDS on the committee concerned."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from committees import scoping
from committees.forms import save_form
from committees.models import TOWN_KINDS
from committees.pagination import paginate
from committees.scoping import Action

from .. import donation_services as services
from .. import selectors
from ..donation_forms import DonationForm, DonorForm, ProgrammeForm, SessionForm
from ..donation_models import AidProgramme, AidSession, Donation, Donor
from ..selectors.ledger import ZERO, money
from .common import check_year


def _this_year() -> int:
    return timezone.localdate().year


def _years(year: int) -> list[int]:
    first = Donation.objects.order_by("year").values_list("year", flat=True).first() or year
    return list(range(max(_this_year(), year), min(first, year) - 1, -1))


@require_safe
@login_required
def aid_index(request):
    latest = Donation.objects.order_by("-year").values_list("year", flat=True).first()
    return redirect("funding:donations", year=latest or _this_year())


@require_safe
@login_required
def aid_programmes(request, year: int):
    """The programmes in the reader's scope, with their cumulative figures to the year."""
    check_year(year)
    programmes = scoping.scope_queryset(AidProgramme.objects.select_related("committee"), request.user)
    page, base = paginate(request, selectors.with_cumulative(programmes, year).order_by("committee__path", "pk"))
    context = {
        "year": year,
        "years": _years(year),
        "page_obj": page,
        "querystring_base": base,
        "may_manage": scoping.can_anywhere(request.user, Action.MANAGE_FUNDS),
    }
    return render(request, "funding/aid_programmes.html", context)


@require_safe
@login_required
def aid_programme(request, pk: int):
    """A programme: its cumulative figures and its sessions, a page at a time."""
    programme = scoping.get_scoped_object(AidProgramme.objects.select_related("committee"), request.user, pk)
    sessions = programme.sessions.prefetch_related("donors").order_by("-year", "-number")
    page, base = paginate(request, sessions)
    context = {
        "programme": programme,
        "year": _this_year(),
        "totals": selectors.cumulative(programme, _this_year()),
        "page_obj": page,
        "querystring_base": base,
        "may_manage": scoping.can(request.user, Action.MANAGE_FUNDS, programme.committee),
    }
    return render(request, "funding/aid_programme.html", context)


def _form_page(request, form, title: str, cancel_url: str):
    return render(request, "funding/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


def _programme_url(pk: int) -> str:
    return reverse("funding:aid_programme", kwargs={"pk": pk})


@login_required
def aid_programme_create(request):
    scoping.require_anywhere(request.user, Action.MANAGE_FUNDS)
    form = ProgrammeForm(request.POST or None, user=request.user)

    def save(data):
        committee = scoping.check(request.user, Action.MANAGE_FUNDS, data.pop("committee"))
        return services.programme_save(actor=request.user, programme=AidProgramme(committee=committee), **data)

    programme = save_form(request, form, save, _("Saved."))
    if programme:
        return redirect(_programme_url(programme.pk))
    cancel = reverse("funding:aid_programmes", kwargs={"year": _this_year()})
    return _form_page(request, form, _("New study-aid programme"), cancel)


@login_required
def aid_programme_edit(request, pk: int):
    programme = scoping.get_scoped_object(AidProgramme.objects.all(), request.user, pk, Action.MANAGE_FUNDS)
    initial = {f: getattr(programme, f) for f in ("name", "first_year", "description")}
    form = ProgrammeForm(request.POST or None, initial=initial, user=request.user, editing=True)

    def save(data):
        return services.programme_save(actor=request.user, programme=programme, **data)

    if save_form(request, form, save, _("Saved.")):
        return redirect(_programme_url(programme.pk))
    return _form_page(request, form, _("Change %(name)s") % {"name": programme.name}, _programme_url(programme.pk))


SESSION_FIELDS = ("year", "number", "date", "amount", "students", "awards")


def _session_form(request, programme: AidProgramme, session: AidSession, title: str):
    initial = {f: getattr(session, f) for f in SESSION_FIELDS}
    if session.pk:
        initial["donors"] = list(session.donors.all())
    else:
        initial.update(year=_this_year(), amount=None, students=None, awards=0)
    form = SessionForm(request.POST or None, initial=initial, user=request.user, programme=programme)

    def save(data):
        return services.session_save(actor=request.user, session=session, **data)

    if save_form(request, form, save, _("Saved.")):
        return redirect(_programme_url(programme.pk))
    return _form_page(request, form, title, _programme_url(programme.pk))


@login_required
def aid_programme_session_create(request, pk: int):
    programme = scoping.get_scoped_object(AidProgramme.objects.all(), request.user, pk, Action.MANAGE_FUNDS)
    last = programme.sessions.order_by("-number").values_list("number", flat=True).first() or 0
    session = AidSession(programme=programme, number=last + 1)
    request_form = _session_form(request, programme, session, _("New session of %(name)s") % {"name": programme.name})
    return request_form


@login_required
def aid_session_edit(request, pk: int):
    session = scoping.get_scoped_object(
        AidSession.objects.select_related("programme__committee"),
        request.user,
        pk,
        Action.MANAGE_FUNDS,
        field="programme__committee",
    )
    title = _("Session %(number)s of %(name)s") % {"number": session.number, "name": session.programme.name}
    return _session_form(request, session.programme, session, title)


@require_safe
@login_required
def donations(request, year: int):
    """A year's donations in the reader's scope, a page at a time, under the study aid by town."""
    check_year(year)
    readable = scoping.scope_queryset(Donation.objects.filter(year=year), request.user)
    towns = scoping.committees_for(request.user).filter(kind__in=TOWN_KINDS)
    total = readable.aggregate(total=Sum("amount"))["total"]
    rows = readable.select_related("donor", "committee", "programme").order_by("committee__path", "date", "pk")
    page, base = paginate(request, rows)
    context = {
        "year": year,
        "years": _years(year),
        "by_town": selectors.study_aid(towns, year),
        "total": money(total) if total is not None else ZERO,
        "page_obj": page,
        "querystring_base": base,
        "may_manage": scoping.can_anywhere(request.user, Action.MANAGE_FUNDS),
    }
    return render(request, "funding/donations.html", context)


@login_required
def donation_create(request, year: int):
    check_year(year)
    scoping.require_anywhere(request.user, Action.MANAGE_FUNDS)
    form = DonationForm(request.POST or None, user=request.user)

    def save(data):
        committee = scoping.check(request.user, Action.MANAGE_FUNDS, data.pop("committee"))
        return services.donation_add(actor=request.user, committee=committee, year=year, **data)

    if save_form(request, form, save, _("Donation recorded.")):
        return redirect("funding:donations", year=year)
    title = _("A donation in %(year)s") % {"year": year}
    return _form_page(request, form, title, reverse("funding:donations", kwargs={"year": year}))


@require_safe
@login_required
def donors(request):
    """The donors in the reader's scope, with what each gave in all."""
    readable = scoping.scope_queryset(Donor.objects.select_related("committee", "enterprise"), request.user)
    rows = readable.annotate(gifts=Count("donations"), given=Sum("donations__amount")).order_by(
        "committee__path", "name"
    )
    page, base = paginate(request, rows)
    context = {
        "page_obj": page,
        "querystring_base": base,
        "year": _this_year(),
        "may_manage": scoping.can_anywhere(request.user, Action.MANAGE_FUNDS),
    }
    return render(request, "funding/donors.html", context)


@login_required
def donor_create(request):
    scoping.require_anywhere(request.user, Action.MANAGE_FUNDS)
    form = DonorForm(request.POST or None, user=request.user)

    def save(data):
        committee = scoping.check(request.user, Action.MANAGE_FUNDS, data.pop("committee"))
        return services.donor_add(actor=request.user, committee=committee, **data)

    if save_form(request, form, save, _("Saved.")):
        return redirect("funding:donors")
    return _form_page(request, form, _("New donor"), reverse("funding:donors"))

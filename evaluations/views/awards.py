"""The pages of awards (评先创优): the schemes and their periods (a scheme and its categories edited
by the district's admins), a period's counts per category
and its nominations, the nominate form (a town secretary, in their town), the decision (district
staff) and the printable certificate of an awarded nomination. Every nomination is read through
committees.scoping by its nominating town."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.forms import save_form
from committees.pagination import paginate
from committees.scoping import Action

from .. import awards
from ..award_forms import CategoryFormSet, NominationForm, PeriodForm, SchemeForm
from ..award_models import AwardPeriod, AwardScheme, Nomination, NominationState

NOMINATION_RELATED = ("category", "committee", "station__committee", "awardee_committee", "person")


def _nominations(user):
    return scoping.scope_queryset(Nomination.objects.select_related(*NOMINATION_RELATED), user)


def _period_url(pk: int) -> str:
    return reverse("awards:period_detail", kwargs={"pk": pk})


@require_safe
@login_required
def award_index(request):
    """The award schemes, their categories and periods."""
    schemes = AwardScheme.objects.prefetch_related("categories", "periods")
    context = {"schemes": schemes, "may_manage": scoping.can_anywhere(request.user, Action.MANAGE_ROUNDS)}
    return render(request, "evaluations/award_index.html", context)


@require_safe
@login_required
def period_detail(request, pk: int):
    """A period: the awards per category, and the nominations in the reader's scope."""
    period = get_object_or_404(AwardPeriod.objects.select_related("scheme"), pk=pk)
    nominations = _nominations(request.user).filter(period=period)
    state = request.GET.get("state", "")
    shown = nominations.filter(state=state) if state in NominationState.values else nominations
    page, base = paginate(request, shown.order_by("category__order", "committee__code", "pk"))
    user = request.user
    context = {
        "period": period,
        "counts": awards.category_counts(period, nominations),
        "page_obj": page,
        "querystring_base": base,
        "state": state,
        "states": NominationState.choices,
        "may_nominate": period.nominations_open and scoping.can_anywhere(user, Action.NOMINATE_AWARDS),
        "may_decide": scoping.can_anywhere(user, Action.DECIDE_AWARDS),
        "may_manage": scoping.can_anywhere(user, Action.MANAGE_ROUNDS),
    }
    return render(request, "evaluations/period_detail.html", context)


def _form_page(request, form, title: str, cancel_url: str):
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url})


@login_required
def nominate(request, pk: int):
    """Nominate an awardee of one's town (out-of-town awardees are refused)."""
    scoping.require_anywhere(request.user, Action.NOMINATE_AWARDS)
    period = get_object_or_404(AwardPeriod.objects.select_related("scheme"), pk=pk)
    form = NominationForm(request.POST or None, period=period, user=request.user)

    def save(data):
        town = scoping.check(request.user, Action.NOMINATE_AWARDS, data.pop("town"))
        return awards.nominate(actor=request.user, period=period, town=town, **data)

    if save_form(request, form, save, _("Nominated.")):
        return redirect(_period_url(period.pk))
    return _form_page(request, form, _("Nominate for %(period)s") % {"period": period}, _period_url(period.pk))


@require_POST
@login_required
def decide(request, pk: int):
    """Award (decision=award) or turn down a nomination."""
    nomination = scoping.get_scoped_object(Nomination.objects.all(), request.user, pk, Action.DECIDE_AWARDS)
    awarded = request.POST.get("decision") == "award"
    awards.decide(actor=request.user, nomination=nomination, awarded=awarded)
    messages.success(request, _("Awarded.") if awarded else _("Not awarded."))
    return redirect(_period_url(nomination.period_id))


@require_safe
@login_required
def certificate(request, pk: int):
    """The printable certificate (荣誉证书) of an awarded nomination, A4 landscape."""
    qs = Nomination.objects.select_related("period__scheme", *NOMINATION_RELATED)
    nomination = scoping.get_scoped_object(qs, request.user, pk)
    if nomination.state != NominationState.AWARDED:
        raise Http404
    return render(request, "evaluations/certificate.html", {"nomination": nomination})


def _period_form(request, period: AwardPeriod, title: str, cancel_url: str):
    form = PeriodForm(request.POST or None, instance=period if period.pk else None)

    def save(data):
        return awards.period_save(actor=request.user, period=period, **data)

    saved = save_form(request, form, save, _("Saved."))
    if saved:
        return redirect(_period_url(saved.pk))
    return _form_page(request, form, title, cancel_url)


@login_required
def period_create(request):
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    return _period_form(request, AwardPeriod(), _("New award period"), reverse("awards:award_index"))


@login_required
def period_edit(request, pk: int):
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    period = get_object_or_404(AwardPeriod, pk=pk)
    return _period_form(request, period, _("Change %(name)s") % {"name": period}, _period_url(period.pk))


def _scheme_form(request, scheme: AwardScheme, title: str):
    data = request.POST if request.method == "POST" else None
    form = SchemeForm(data, instance=scheme)
    categories = CategoryFormSet(data, instance=scheme, prefix="categories")
    if data is not None and not categories.management_form.is_valid():
        # A post that did not come from this page: say so in words, show the page afresh.
        messages.error(request, _("The form was incomplete; please fill it in again."))
        form, categories = SchemeForm(instance=scheme), CategoryFormSet(instance=scheme, prefix="categories")
    elif data is not None and form.is_valid() and categories.is_valid():
        awards.scheme_save(actor=request.user, form=form, categories=categories)
        messages.success(request, _("Saved."))
        return redirect("awards:award_index")
    context = {"form": form, "categories": categories, "title": title, "cancel_url": reverse("awards:award_index")}
    return render(request, "evaluations/award_scheme_form.html", context)


@login_required
def scheme_create(request):
    """A new award scheme with its categories (district admins)."""
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    return _scheme_form(request, AwardScheme(), _("New award scheme"))


@login_required
def scheme_edit(request, pk: int):
    """A scheme's name, cycle and categories; a category in use stays, with its kind of awardee."""
    scoping.require_anywhere(request.user, Action.MANAGE_ROUNDS)
    scheme = get_object_or_404(AwardScheme, pk=pk)
    return _scheme_form(request, scheme, _("Change %(name)s") % {"name": scheme})

"""The five-old subsidies' pages: who is owed what for a year (scoped, filtered by town or
committee), the compute button, an unconfirmed amount's form, confirming, the Excel export (the
import's shape: funding.excel.subsidies; the upload is views/excel.py's).
Reading needs VIEW; computing, changing and confirming need MANAGE_FUNDS on the committee."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.forms import save_form
from committees.models import TOWN_KINDS, UPPER_KINDS
from committees.pagination import paginate
from committees.scoping import Action
from committees.selectors import PersonalData
from committees.selectors.registry import PICKER_AT_MOST

from .. import selectors, subsidies
from ..excel import TABLES
from ..forms import SubsidyAmountForm
from ..models import SubsidyPayment
from .common import check_year, years_offered
from .excel import export_response

TOWNS_AT_MOST = PICKER_AT_MOST  # towns the filter offers; past them the levels above, as the lists' picker

CENT = Decimal("0.01")


def _chosen(request):
    """The committee the list is narrowed to (?committee=, within the reader's scope), or None."""
    pk = request.GET.get("committee") or request.POST.get("committee") or ""
    return scoping.get_committee(request.user, int(pk)) if pk.isdigit() else None


def scoped_payments(request, year: int):
    payments = scoping.scope_queryset(SubsidyPayment.objects.all(), request.user)
    chosen = _chosen(request)
    if chosen is not None:
        payments = payments.filter(committee__path__startswith=chosen.path)
    return selectors.payments_of_year(payments, year), chosen


def _filter_options(user, chosen) -> tuple[list[tuple[int, str]], bool]:
    """The filter's committees as (id, name) pairs (written by town_options, not model instances),
    and whether they are the levels above the towns: the towns in the reader's scope; past
    TOWNS_AT_MOST (a province's 1,300: 76 of the page's 79 KB), the cities and districts, with the
    towns of the chosen district (or the chosen town's neighbours)."""
    readable = scoping.committees_for(user).order_by("path")
    towns = list(readable.filter(kind__in=TOWN_KINDS).values_list("pk", "name")[: TOWNS_AT_MOST + 1])
    if len(towns) <= TOWNS_AT_MOST:
        return towns, False
    offered = Q(kind__in=UPPER_KINDS)
    if chosen is not None and chosen.kind in (*UPPER_KINDS, *TOWN_KINDS):
        district = chosen.pk if chosen.kind in UPPER_KINDS else chosen.parent_id
        offered |= Q(kind__in=TOWN_KINDS, parent_id=district)
    return list(readable.filter(offered).values_list("pk", "name")), True


def list_url(year: int, chosen=None) -> str:
    url = reverse("funding:subsidies", kwargs={"year": year})
    return f"{url}?{urlencode({'committee': chosen.pk})}" if chosen is not None else url


def _totals(payments) -> dict:
    found = payments.order_by().aggregate(people=Count("person", distinct=True), amount=Sum("amount"))
    return {"people": found["people"], "amount": Decimal(found["amount"] or 0).quantize(CENT)}


@require_safe
@login_required
def subsidy_list(request, year: int):
    """Who is owed what for the year: computed and confirmed payments, a page at a time."""
    check_year(year)
    payments, chosen = scoped_payments(request, year)
    page, base = paginate(request, payments)
    shown = PersonalData.for_reader(request.user, [p.person_id for p in page.object_list])
    for payment in page.object_list:
        payment.phone_shown = shown.phone(payment.person)
        payment.may_manage = scoping.can(request.user, Action.MANAGE_FUNDS, payment.committee)
    computable = [chosen] if chosen is not None else list(scoping.scope_roots(request.user))
    towns, by_district = _filter_options(request.user, chosen)
    context = {
        "year": year,
        "years": years_offered(year),
        "chosen": chosen,
        "towns": towns,
        "by_district": by_district,
        "chosen_listed": chosen is not None and any(pk == chosen.pk for pk, _name in towns),
        "computable": [c for c in computable if scoping.can(request.user, Action.MANAGE_FUNDS, c)],
        "totals": _totals(payments),
        "may_manage": scoping.can_anywhere(request.user, Action.MANAGE_FUNDS),
        "page_obj": page,
        "querystring_base": base,
    }
    return render(request, "funding/subsidies.html", context)


@require_POST
@login_required
def subsidy_compute(request, year: int):
    """Compute the year's payments of a committee's subtree; confirmed payments stay as they are."""
    check_year(year)
    scoping.require_anywhere(request.user, Action.MANAGE_FUNDS)
    committee = _chosen(request)
    if committee is None:
        return redirect(list_url(year))
    scoping.check(request.user, Action.MANAGE_FUNDS, committee)
    subtree = scoping.committees_for(request.user, Action.MANAGE_FUNDS).filter(path__startswith=committee.path)
    result = subsidies.payments_compute(actor=request.user, committees=subtree, year=year)
    messages.success(
        request,
        _(
            "Computed: %(created)d new, %(updated)d changed, %(removed)d removed; %(confirmed)d confirmed left as they are."
        )
        % vars(result),
    )
    return redirect(list_url(year, committee))


def _payment(request, pk: int) -> SubsidyPayment:
    qs = SubsidyPayment.objects.select_related("person", "committee")
    return scoping.get_scoped_object(qs, request.user, pk, Action.MANAGE_FUNDS)


@login_required
def payment_edit(request, pk: int):
    """Change the amount of an unconfirmed payment."""
    payment = _payment(request, pk)
    form = SubsidyAmountForm(request.POST or None, initial={"amount": payment.amount, "note": payment.note})

    def save(data):
        return subsidies.payment_set_amount(actor=request.user, payment=payment, **data)

    back = list_url(payment.year, payment.committee)
    if save_form(request, form, save, _("Saved.")):
        return redirect(back)
    title = _("Subsidy of %(name)s for %(year)s") % {"name": payment.person.name, "year": payment.year}
    context = {"form": form, "title": title, "cancel_url": back, "payment": payment}
    return render(request, "funding/subsidy_form.html", context)


@require_POST
@login_required
def payment_confirm(request, pk: int):
    """Confirm a payment: it is locked from then on."""
    payment = _payment(request, pk)
    try:
        subsidies.payment_confirm(actor=request.user, payment=payment)
        messages.success(request, _("The payment is confirmed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(list_url(payment.year, _chosen(request)))


@require_safe
@login_required
def subsidy_export(request, year: int):
    """The list as an Excel file (the same scope and filter as the page), in the shape the import
    reads back: the amount and note of an unconfirmed payment may be changed and uploaded."""
    return export_response(request, TABLES["subsidies"], check_year(year), _chosen(request))

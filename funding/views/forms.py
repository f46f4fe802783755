"""The ledger's forms: a committee's budget for a year, an entry of funds in place, a correction
(a reversing entry with its reason), special funds. Each needs MANAGE_FUNDS on the committee."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from committees import scoping
from committees.forms import save_form
from committees.scoping import Action

from .. import services
from ..forms import BudgetForm, EntryForm, ReverseForm, SpecialFundForm
from ..models import Budget, FundEntry
from .common import check_year


def _ledger_url(committee_pk: int, year: int) -> str:
    return reverse("funding:committee", kwargs={"year": year, "committee_pk": committee_pk})


def _page(request, form, title: str, cancel_url: str, **extra):
    context = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    return render(request, "funding/form.html", context)


@login_required
def budget_edit(request, year: int, committee_pk: int):
    """Set a committee's budget for a year (its earlier figures stay in the history)."""
    check_year(year)
    committee = scoping.get_committee(request.user, committee_pk, Action.MANAGE_FUNDS)
    budget = Budget.objects.filter(committee=committee, year=year).first()
    initial = {}
    if budget is not None:
        initial = {f: getattr(budget, f) for f in ("amount", "in_fiscal_budget", "source", "notes")}
    form = BudgetForm(request.POST or None, initial=initial)

    def save(data):
        return services.budget_set(actor=request.user, committee=committee, year=year, **data)

    if save_form(request, form, save, _("Saved.")):
        return redirect(_ledger_url(committee.pk, year))
    title = _("Budget of %(name)s for %(year)s") % {"name": committee.name, "year": year}
    return _page(request, form, title, _ledger_url(committee.pk, year), committee=committee)


@login_required
def entry_create(request, year: int, committee_pk: int):
    """Record funds in place for a committee's year."""
    check_year(year)
    committee = scoping.get_committee(request.user, committee_pk, Action.MANAGE_FUNDS)
    form = EntryForm(request.POST or None)

    def save(data):
        return services.entry_add(actor=request.user, committee=committee, year=year, **data)

    if save_form(request, form, save, _("Entry recorded.")):
        return redirect(_ledger_url(committee.pk, year))
    title = _("Funds in place for %(name)s, %(year)s") % {"name": committee.name, "year": year}
    return _page(request, form, title, _ledger_url(committee.pk, year), committee=committee)


@login_required
def entry_reverse(request, pk: int):
    """Correct an entry: a new entry cancels it, with the reason; the entry itself is kept."""
    entry = scoping.get_scoped_object(
        FundEntry.objects.select_related("committee"), request.user, pk, Action.MANAGE_FUNDS
    )
    form = ReverseForm(request.POST or None)

    def save(data):
        return services.entry_reverse(actor=request.user, entry=entry, reason=data["reason"])

    if save_form(request, form, save, _("The entry has been reversed.")):
        return redirect(_ledger_url(entry.committee_id, entry.year))
    title = _("Reverse an entry of %(name)s") % {"name": entry.committee.name}
    return _page(request, form, title, _ledger_url(entry.committee_id, entry.year), entry=entry)


@login_required
def special_fund_create(request, year: int, committee_pk: int):
    """Record special funds approved for a committee (they count in the year of approval)."""
    check_year(year)
    committee = scoping.get_committee(request.user, committee_pk, Action.MANAGE_FUNDS)
    form = SpecialFundForm(request.POST or None)

    def save(data):
        return services.special_fund_add(actor=request.user, committee=committee, **data)

    fund = save_form(request, form, save, _("Special funds recorded."))
    if fund:
        return redirect(_ledger_url(committee.pk, fund.approved_on.year))
    title = _("Special funds for %(name)s") % {"name": committee.name}
    return _page(request, form, title, _ledger_url(committee.pk, year), committee=committee)

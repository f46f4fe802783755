"""The funding pages that read: the overview of a year by town, a town's committees, a committee's ledger."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from committees import scoping
from committees.models import TOWN_KINDS
from committees.pagination import paginate
from committees.scoping import Action

from .. import selectors
from ..models import Budget, FundEntry, SpecialFund, YearClose
from ..selectors.chart import town_chart
from .common import check_year, default_year, ledger_committees, years_offered


@require_safe
@login_required
def index(request):
    return redirect("funding:overview", year=default_year())


@require_safe
@login_required
def overview(request, year: int):
    """The year by town (the reader's towns), and every committee below the standard."""
    check_year(year)
    readable = scoping.committees_for(request.user)
    rows = selectors.year_figures(ledger_committees(readable, year), year)
    towns = [r.committee for r in rows if r.committee.kind in TOWN_KINDS]
    totals = selectors.by_town(rows, towns)
    context = {
        "year": year,
        "years": years_offered(year),
        "mid_year": selectors.mid_year(year),
        "towns": totals,
        "chart": town_chart(totals) if totals else None,
        "may_manage": scoping.can_anywhere(request.user, Action.MANAGE_FUNDS),
        "below": [r for r in rows if r.below_standard],
        **closed_context(request.user, rows, towns, year),
    }
    return render(request, "funding/overview.html", context)


def closed_context(user, rows, towns, year: int) -> dict:
    """The closed part of the year (one query): by town, the mid-year ratio of the committees
    whose year is closed, and whether the user may close the year."""
    closed = selectors.closed_committees([r.committee.pk for r in rows], year)
    closed_totals = selectors.by_town([r for r in rows if r.committee.pk in closed], towns)
    return {
        "closed_towns": [t for t in closed_totals if t.counted],
        "closed_count": len(closed),
        "may_settle": scoping.can_anywhere(user, Action.SETTLE_FUNDS),
    }


@require_safe
@login_required
def town_overview(request, year: int, town_pk: int):
    """A town's committees for the year, a page at a time, under the town's totals."""
    check_year(year)
    town = scoping.get_committee(request.user, town_pk)
    subtree = ledger_committees(scoping.committees_for(request.user).filter(path__startswith=town.path), year)
    totals = selectors.by_town(selectors.year_figures(subtree, year), [town])[0]
    page, base = paginate(request, selectors.with_year_figures(subtree, year))
    page.object_list = selectors.as_figures(page.object_list, year, selectors.standards_for_year(year))
    context = {
        "year": year,
        "years": years_offered(year),
        "mid_year": selectors.mid_year(year),
        "town": town,
        "totals": totals,
        "page_obj": page,
        "querystring_base": base,
    }
    return render(request, "funding/town.html", context)


@require_safe
@login_required
def committee_ledger(request, year: int, committee_pk: int):
    """A committee's year: its figures, budget, entries (a page at a time) and special funds."""
    check_year(year)
    committee = scoping.get_committee(request.user, committee_pk)
    figures = selectors.year_figures(scoping.committees_for(request.user).filter(pk=committee.pk), year)[0]
    entries = (
        FundEntry.objects.filter(committee=committee, year=year)
        .select_related("reverses", "created_by")
        .annotate(is_reversed=Exists(FundEntry.objects.filter(reverses=OuterRef("pk"))))
        .order_by("date", "pk")
    )
    page, base = paginate(request, entries)
    context = {
        "year": year,
        "years": years_offered(year),
        "mid_year": selectors.mid_year(year),
        "committee": committee,
        "figures": figures,
        "budget": Budget.objects.filter(committee=committee, year=year).first(),
        "special_funds": SpecialFund.objects.filter(committee=committee, approved_on__year=year).order_by(
            "approved_on", "pk"
        ),
        "page_obj": page,
        "querystring_base": base,
        "may_manage": scoping.can(request.user, Action.MANAGE_FUNDS, committee),
        "may_settle": scoping.can(request.user, Action.SETTLE_FUNDS, committee),
        "closed": YearClose.objects.filter(committee=committee, year=year).select_related("closed_by").first(),
    }
    return render(request, "funding/committee.html", context)

"""The funding pages that read: the overview of a year by town, a town's committees, a committee's ledger."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from committees import scoping
from committees.counting import PAGES_AT_MOST
from committees.models import TOWN_KINDS, Kind
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
    """The year by town (the reader's towns), and every committee below the standard; for a
    province's or a city's reader, by district (or city), the committees below a page at a time."""
    check_year(year)
    readable = scoping.committees_for(request.user)
    groups = selectors.grouping_committees(readable)
    found = _by_town(readable, year) if groups is None else _by_group(request, readable, groups, year)
    context = {
        "year": year,
        "years": years_offered(year),
        "mid_year": selectors.mid_year(year),
        "chart": town_chart(found["towns"], found.get("level")) if found["towns"] else None,
        "may_manage": scoping.can_anywhere(request.user, Action.MANAGE_FUNDS),
        "may_settle": scoping.can_anywhere(request.user, Action.SETTLE_FUNDS),
        **found,
    }
    return render(request, "funding/overview.html", context)


def _by_town(readable, year: int) -> dict:
    """A district's reader: the figures summed by town in the database (one query over the
    ledger's tables, as for a province's reader), and every committee below the standard."""
    towns = list(readable.filter(kind__in=TOWN_KINDS).order_by("path"))
    standards = selectors.standards_for_year(year)
    totals, closed_totals = selectors.group_totals(readable, towns, year, standards)
    return {
        "towns": totals,
        "below": selectors.below_standard(readable, year, standards).rows(),
        **closed_context(closed_totals),
    }


def _by_group(request, readable, groups, year: int) -> dict:
    """A province's or a city's reader: the figures summed by group in the database, and the
    committees below the standard a page at a time (counted from the groups' sums)."""
    standards = selectors.standards_for_year(year)
    totals, closed_totals = selectors.group_totals(readable, groups, year, standards)
    below = selectors.below_standard(readable, year, standards)
    page, base = paginate(request, below, count=sum(t.below for t in totals), pages_at_most=PAGES_AT_MOST)
    return {
        "towns": totals,
        "level": Kind(groups[0].kind).label,
        "below": page.object_list,
        "page_obj": page,
        "querystring_base": base,
        **closed_context(closed_totals),
    }


def closed_context(closed_totals) -> dict:
    """The closed part of the year: by town (or group), the committees with a standard whose
    year is closed."""
    return {
        "closed_towns": [t for t in closed_totals if t.counted],
        "closed_count": sum(t.counted for t in closed_totals),
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

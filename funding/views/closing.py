"""Closing a ledger year (district staff, Action.SETTLE_FUNDS): one committee's from its ledger
page, or every committee's the user may settle from the year's overview. A closed year's totals
prefill form 2 as final; later corrections are reversing entries with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from committees import scoping
from committees.scoping import Action

from .. import services
from .common import check_year, ledger_committees


@login_required
@require_POST
def year_close_committee(request, year: int, committee_pk: int):
    """Close one committee's year."""
    check_year(year)
    committee = scoping.get_committee(request.user, committee_pk, Action.SETTLE_FUNDS)
    scope = scoping.committees_for(request.user, Action.SETTLE_FUNDS).filter(pk=committee.pk)
    if services.year_close(actor=request.user, committees=scope, year=year):
        messages.success(
            request, _("The ledger of %(name)s for %(year)s is closed.") % {"name": committee.name, "year": year}
        )
    else:
        messages.info(request, _("That year was already closed."))
    return redirect("funding:committee", year=year, committee_pk=committee.pk)


@login_required
@require_POST
def year_close_all(request, year: int):
    """Close the year of every committee with a standard or ledger rows the user may settle."""
    check_year(year)
    scoping.require_anywhere(request.user, Action.SETTLE_FUNDS)
    scope = ledger_committees(scoping.committees_for(request.user, Action.SETTLE_FUNDS), year)
    count = services.year_close(actor=request.user, committees=scope, year=year)
    messages.success(
        request,
        ngettext("Closed the year of %(count)d committee.", "Closed the year of %(count)d committees.", count)
        % {"count": count},
    )
    return redirect("funding:overview", year=year)

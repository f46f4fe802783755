"""The funding pages: the year's overview by town, a town's committees, a committee's ledger
(pages.py), and the ledger's forms (forms.py). Every committee is reached through
committees.scoping: reading needs VIEW, writing MANAGE_FUNDS."""

from .donations import (
    aid_index,
    aid_programme,
    aid_programme_create,
    aid_programme_edit,
    aid_programme_session_create,
    aid_programmes,
    aid_session_edit,
    donation_create,
    donations,
    donor_create,
    donors,
)
from .forms import budget_edit, entry_create, entry_reverse, special_fund_create
from .pages import committee_ledger, index, overview, town_overview

__all__ = [
    "aid_index",
    "aid_programme",
    "aid_programme_create",
    "aid_programme_edit",
    "aid_programme_session_create",
    "aid_programmes",
    "aid_session_edit",
    "donation_create",
    "donations",
    "donor_create",
    "donors",
    "budget_edit",
    "committee_ledger",
    "entry_create",
    "entry_reverse",
    "index",
    "overview",
    "special_fund_create",
    "town_overview",
]

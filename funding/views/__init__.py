"""The funding pages: the year's overview by town, a town's committees, a committee's ledger
(pages.py), and the ledger's forms (forms.py). Every committee is reached through
committees.scoping: reading needs VIEW, writing MANAGE_FUNDS."""

from .closing import year_close_all, year_close_committee
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
from .excel import aid_export_view, ledger_confirm, ledger_export_view, ledger_upload, town_export_view
from .forms import budget_edit, entry_create, entry_reverse, special_fund_create
from .pages import committee_ledger, index, overview, town_overview
from .subsidies import payment_confirm, payment_edit, subsidy_compute, subsidy_export, subsidy_list

__all__ = [
    "aid_export_view",
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
    "ledger_confirm",
    "ledger_export_view",
    "ledger_upload",
    "overview",
    "payment_confirm",
    "payment_edit",
    "special_fund_create",
    "town_export_view",
    "subsidy_compute",
    "subsidy_export",
    "subsidy_list",
    "town_overview",
    "year_close_all",
    "year_close_committee",
]

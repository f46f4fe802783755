"""The funding tables in and out of Excel: the ledger's budgets (upserted by committee and year, with
history) and funds-in-place entries (append-only: existing entry numbers read back unchanged, new
rows are added, a correction is a row that reverses an entry by its number, with the reason); a
year's five-old subsidy payments (an unconfirmed payment's amount and note change, a confirmed one
is locked); donors, study-aid programmes and sessions (upserted by their natural keys) and a
year's donations (by number, or new).

They are committees.imports tables: the same read → plan (the preview) → apply (the confirm),
cell errors and all-or-nothing write as the registry's imports; every committee code is looked
up in the uploader's scope for Action.MANAGE_FUNDS.
"""

from __future__ import annotations

from committees.imports.common import ImportPlan, Progress, import_apply, import_plan, no_progress

from .aid import DonorTable, ProgrammeTable, SessionTable
from .budgets import BudgetTable
from .common import FundTable
from .donations import DonationTable
from .entries import EntryTable
from .export import ledger_export
from .subsidies import SubsidyTable

TABLES: dict[str, FundTable] = {
    t.slug: t
    for t in (
        BudgetTable(),
        EntryTable(),
        SubsidyTable(),
        DonorTable(),
        ProgrammeTable(),
        SessionTable(),
        DonationTable(),
    )
}


def entry_import_plan(*, user, data: bytes, progress: Progress = no_progress) -> ImportPlan:
    return import_plan(TABLES["entries"], user=user, data=data, progress=progress)


def entry_import_apply(*, user, plan: ImportPlan, progress: Progress = no_progress) -> ImportPlan:
    return import_apply(TABLES["entries"], user=user, plan=plan, progress=progress)


__all__ = ["TABLES", "BudgetTable", "EntryTable", "entry_import_apply", "entry_import_plan", "ledger_export"]

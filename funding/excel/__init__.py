"""The ledger in and out of Excel: budgets (upserted by committee and year, with history) and
funds-in-place entries (append-only: existing entry numbers read back unchanged, new rows are
added, a correction is a row that reverses an entry by its number, with the reason).

They are committees.imports tables: the same read → plan (the preview) → apply (the confirm),
cell errors and all-or-nothing write as the registry's imports; every committee code is looked
up in the uploader's scope for Action.MANAGE_FUNDS.
"""

from __future__ import annotations

from committees.imports.common import ImportPlan, Progress, import_apply, import_plan, no_progress

from .budgets import BudgetTable
from .entries import EntryTable
from .export import ledger_export

TABLES = {t.slug: t for t in (BudgetTable(), EntryTable())}


def entry_import_plan(*, user, data: bytes, progress: Progress = no_progress) -> ImportPlan:
    return import_plan(TABLES["entries"], user=user, data=data, progress=progress)


def entry_import_apply(*, user, plan: ImportPlan, progress: Progress = no_progress) -> ImportPlan:
    return import_apply(TABLES["entries"], user=user, plan=plan, progress=progress)


__all__ = ["TABLES", "BudgetTable", "EntryTable", "entry_import_apply", "entry_import_plan", "ledger_export"]

"""Budgets in Excel: one row per committee and year, upserted with history."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees.cells import YES_LABELS
from committees.imports.common import INSERT_BATCH, ImportPlan, PlannedRow, Ticker, diff, model_errors, set_values

from ..models import Budget
from .common import FundTable, closed_years, funds_resolver, last_year, refuse_closed
from .specs import BUDGET_INSTRUCTIONS, budget_spec

BUDGET_FIELDS = ("amount", "in_fiscal_budget", "source", "notes")  # named as their columns
SHOW = {"in_fiscal_budget": lambda value: YES_LABELS[bool(value)]}


@dataclass(kw_only=True)
class BudgetRow(PlannedRow):
    budget: Budget | None  # None: a new budget
    year: int
    values: dict


class BudgetTable(FundTable):
    slug = "budgets"
    model = Budget
    order = ("committee__path",)
    title = gettext_lazy("Budgets")
    instructions = BUDGET_INSTRUCTIONS

    def spec(self):
        return budget_spec(last_year())

    def rows_of(self, budgets, user) -> list[dict]:
        return [
            {
                "committee_code": b.committee.code,
                "committee_name": b.committee.name,
                "year": b.year,
                "amount": b.amount,
                "in_fiscal_budget": b.in_fiscal_budget,
                "source": b.source,
                "notes": b.notes,
            }
            for b in budgets
        ]

    def plan_rows(self, plan: ImportPlan, rows: list[dict], *, user, progress: Ticker) -> None:
        committees = funds_resolver(user, (r["committee_code"] for r in rows))
        existing = {
            (b.committee_id, b.year): b
            for b in Budget.objects.filter(committee__in=committees.writable, year__in={r["year"] for r in rows})
        }
        headers = {f: plan.spec.column(f).header for f in BUDGET_FIELDS}
        closed = closed_years(rows)
        for row in progress.rows(rows):
            committee = committees.resolve(plan, row)
            if committee is None:
                continue
            values = {
                "amount": row["amount"],
                "in_fiscal_budget": row["in_fiscal_budget"],
                "source": (row.get("source") or "").strip(),
                "notes": (row.get("notes") or "").strip(),
            }
            try:
                Budget(committee=committee, year=row["year"], **values).clean_fields(exclude=["committee"])
            except ValidationError as exc:
                model_errors(plan, row, exc, {}, "amount")
                continue
            budget = existing.get((committee.pk, row["year"]))
            label = _("%(year)s budget") % {"year": row["year"]}
            planned = BudgetRow(
                row=row["_row"], committee=committee, label=label, budget=budget, year=row["year"], values=values
            )
            if budget is not None:
                planned.changes = diff(budget, values, headers, SHOW)
            if (committee.code, row["year"]) in closed and (budget is None or planned.changes):
                refuse_closed(plan, row, committee)
                continue
            plan.add(planned, is_new=budget is None)

    def apply(self, plan: ImportPlan, *, history: dict, progress) -> None:
        changed = [r.budget for r in plan.changed if set_values(r.budget, r.values)]
        if changed:
            bulk_update_with_history(changed, Budget, list(BUDGET_FIELDS), batch_size=500, **history)
        progress(50, _("Saving"))
        bulk_create_with_history(
            [Budget(committee=r.committee, year=r.year, **r.values) for r in plan.new],
            Budget,
            batch_size=INSERT_BATCH,
            **history,
        )

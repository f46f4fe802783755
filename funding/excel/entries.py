"""Funds-in-place entries in Excel, append-only.

A row with an entry number names an entry already in the ledger: read back unchanged, it plans
nothing; any change to it is an error telling the filler to enter a correction. A row without a
number is a new entry; with 冲销条目编号 and 更正原因 it reverses that entry (the same committee,
year, date and source, the amount negated, as the ledger's correction form makes it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from committees import scoping
from committees.imports.common import INSERT_BATCH, Duplicates, ImportPlan, PlannedRow, Ticker, model_errors
from committees.scoping import Action

from ..models import FundEntry
from .common import FundTable, closed_years, funds_resolver, last_year, refuse_closed
from .specs import ENTRY_INSTRUCTIONS, FUND_SOURCE_LABELS, entry_spec

FIELDS = ("year", "date", "amount", "source", "document", "note", "reason")  # compared with the file
SOURCES = {label: value for value, label in FUND_SOURCE_LABELS.items()}


@dataclass(kw_only=True)
class EntryRow(PlannedRow):
    entry: FundEntry


class EntryTable(FundTable):
    slug = "entries"
    model = FundEntry
    order = ("committee__path", "date", "pk")
    title = gettext_lazy("Funds in place")
    instructions = ENTRY_INSTRUCTIONS

    def spec(self):
        return entry_spec(last_year())

    def rows_of(self, entries, user) -> list[dict]:
        return [
            {
                "entry_id": e.pk,
                "committee_code": e.committee.code,
                "committee_name": e.committee.name,
                "year": e.year,
                "date": e.date,
                "amount": e.amount,
                "source": FUND_SOURCE_LABELS.get(e.source),
                "document": e.document,
                "note": e.note,
                "reverses": e.reverses_id,
                "reason": e.reason,
            }
            for e in entries
        ]

    def plan_rows(self, plan: ImportPlan, rows: list[dict], *, user, progress: Ticker) -> None:
        committees = funds_resolver(user, (r["committee_code"] for r in rows))
        named = {r["entry_id"] for r in rows if r.get("entry_id")} | {r["reverses"] for r in rows if r.get("reverses")}
        readable = scoping.scope_queryset(FundEntry.objects.all(), user, Action.VIEW)
        known = {e.pk: e for e in readable.filter(pk__in=named)} if named else {}
        reversed_ids = set(FundEntry.objects.filter(reverses__in=known).values_list("reverses_id", flat=True))
        seen = Duplicates()
        closed = closed_years(rows)
        for row in progress.rows(rows):
            committee = committees.resolve(plan, row)
            if committee is None:
                continue
            entry = _entry_of(plan, row, committee, user)
            if entry is None:
                continue
            if row.get("entry_id"):
                if seen.check(plan, row, ("entry", row["entry_id"]), ("entry_id",)):
                    _check_unchanged(plan, row, known, entry)
                continue
            if row.get("reverses"):
                if not seen.check(plan, row, ("reverses", row["reverses"]), ("reverses",)):
                    continue
                if not _reversal_ok(plan, row, known.get(row["reverses"]), entry, reversed_ids):
                    continue
            elif entry.amount <= 0:
                plan.error(row, "amount", _("The amount must be above zero; to correct an entry, reverse it."))
                continue
            elif (committee.code, entry.year) in closed:
                refuse_closed(plan, row, committee)
                continue
            label = f"{entry.date.isoformat()} · {entry.amount}"
            plan.add(EntryRow(row=row["_row"], committee=committee, label=label, entry=entry), is_new=True)

    def apply(self, plan: ImportPlan, *, history: dict, progress) -> None:
        progress(50, _("Saving"))
        bulk_create_with_history([r.entry for r in plan.new], FundEntry, batch_size=INSERT_BATCH, **history)


def _entry_of(plan: ImportPlan, row: dict, committee, user) -> FundEntry | None:
    """The row as an entry (not saved), or None after its cell errors."""
    entry = FundEntry(
        committee=committee,
        year=row["year"],
        date=row["date"],
        amount=row["amount"],
        source=SOURCES[row["source"]],
        document=(row.get("document") or "").strip(),
        note=(row.get("note") or "").strip(),
        reverses_id=row.get("reverses"),
        reason=(row.get("reason") or "").strip(),
        created_by=user,
    )
    try:
        entry.clean_fields(exclude=["committee", "reverses", "created_by"])
        entry.clean()
    except ValidationError as exc:
        model_errors(plan, row, exc, {}, "amount")
        return None
    return entry


def _check_unchanged(plan: ImportPlan, row: dict, known: dict, entry: FundEntry) -> None:
    """A row naming an existing entry must show it as it is."""
    existing = known.get(row["entry_id"])
    if existing is None:
        plan.error(row, "entry_id", _("No such entry, or it is outside your scope."))
        return
    if existing.committee_id != entry.committee.pk:
        plan.error(row, "committee_code", _("An entry cannot be moved to another committee; reverse it instead."))
        return
    if existing.amount != entry.amount:
        plan.error(row, "amount", _("An entry's amount cannot be changed; enter a correction (reverse it) instead."))
        return
    if existing.reverses_id != (row.get("reverses") or None):
        plan.error(row, "reverses", _("A ledger entry cannot be changed; enter a correction instead."))
        return
    for name in FIELDS:
        if getattr(existing, name) != getattr(entry, name):
            plan.error(row, name, _("A ledger entry cannot be changed; enter a correction instead."))
            return
    plan.unchanged.append(EntryRow(row=row["_row"], committee=entry.committee, entry=existing))


def _reversal_ok(plan: ImportPlan, row: dict, target: FundEntry | None, entry: FundEntry, reversed_ids: set) -> bool:
    """A new row reversing `target`: it must mirror the entry, which must not be reversed yet."""
    if target is None:
        plan.error(row, "reverses", _("No such entry, or it is outside your scope."))
        return False
    if target.reverses_id is not None:
        plan.error(row, "reverses", _("A correction cannot itself be reversed; enter a new entry instead."))
        return False
    if target.pk in reversed_ids:
        plan.error(row, "reverses", _("This entry has already been reversed."))
        return False
    same = (target.committee_id, target.year, target.date, target.source, -target.amount)
    if same != (entry.committee.pk, entry.year, entry.date, entry.source, entry.amount):
        message = _(
            "A correction has the committee, year, date and source of the entry it reverses, "
            "and its amount negated (%(amount)s)."
        ) % {"amount": format(-target.amount, "f")}
        plan.error(row, "amount", message)
        return False
    entry.document = entry.document or target.document
    return True

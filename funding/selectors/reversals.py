"""Form values below the ledger: accepting a form's figures never lowers the ledger by itself. Where
a figure of 实际到位, 社会筹措 or 专项经费 is below the ledger's, the ledger's own entries have to be
corrected first (a reversal with a reason, on the ledger's page); these reads say by how much and
which entries would be reversed (funding.services.accept_form_values refuses until then)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..models import IN_PLACE_SOURCES, FundEntry, FundSource
from .form2 import form2_figures
from .ledger import ZERO

# The form 2 keys a reversal can lower, with the sources of their entries (专项经费: none, a
# special fund is not an entry; it is corrected on the ledger's page).
LOWERED_BY_REVERSAL = {
    "in_place": IN_PLACE_SOURCES,
    "raised": (FundSource.SOCIAL,),
    "special_funds": (),
}


@dataclass(frozen=True)
class BelowLedger:
    """A form figure below the ledger's: the difference, and the entries whose reversal covers it
    (latest first, as few as cover it; a reversal cancels a whole entry, so the rest is entered again)."""

    key: str
    form: Decimal
    ledger: Decimal
    entries: list[FundEntry] = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        return self.ledger - self.form

    @property
    def reversed_total(self) -> Decimal:
        return sum((e.amount for e in self.entries), ZERO)

    @property
    def to_enter_again(self) -> Decimal:
        """What is entered again after the reversals, so the ledger comes to the form's figure."""
        return max(self.reversed_total - self.difference, ZERO)


def _open_entries(committee_ids: list[int], year: int) -> dict[int, list[FundEntry]]:
    """The year's entries not reversed and not reversals, latest first, by committee (one query)."""
    rows = (
        FundEntry.objects.filter(
            committee_id__in=committee_ids, year=year, reverses__isnull=True, reversed_by__isnull=True
        )
        .select_related("committee")
        .order_by("committee_id", "-date", "-pk")
    )
    found: dict[int, list[FundEntry]] = defaultdict(list)
    for entry in rows:
        found[entry.committee_id].append(entry)
    return found


def _covering(entries: list[FundEntry], sources, difference: Decimal) -> list[FundEntry]:
    chosen, total = [], ZERO
    for entry in entries:
        if total >= difference:
            break
        if entry.source in sources:
            chosen.append(entry)
            total += entry.amount
    return chosen


def below_ledger(values_by_committee: Mapping[int, dict], year: int) -> dict[int, list[BelowLedger]]:
    """By committee id, the form figures (form 2's keys, as Decimals; None = blank) below the
    ledger's of the year, with the entries to reverse; committees with none are left out. Two
    queries, whatever the number of committees."""
    ids = list(values_by_committee)
    ledger = form2_figures(ids, year)
    found: dict[int, list[BelowLedger]] = {}
    low = {}
    for pk, values in values_by_committee.items():
        current = ledger[pk].values if pk in ledger else {}
        keys = [k for k in LOWERED_BY_REVERSAL if values.get(k) is not None and values[k] < current.get(k, ZERO)]
        if keys:
            low[pk] = [(k, values[k], current[k]) for k in keys]
    entries = _open_entries(list(low), year) if low else {}
    for pk, items in low.items():
        found[pk] = [
            BelowLedger(key, form, now, _covering(entries.get(pk, []), LOWERED_BY_REVERSAL[key], now - form))
            for key, form, now in items
        ]
    return found

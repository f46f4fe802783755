"""Form 2's cells that come from the funding ledger: a changed one names the ledger's value (not
the registry's), and a committee whose ledger year is closed has its money cells marked final.
One query (the closed years), on form 2 only."""

from __future__ import annotations

from funding.selectors import FORM2_KEYS, closed_committees

from ..spec import MAIN
from .cells import SectionGrid

LEDGER_FORM = 2


def mark_ledger_cells(form_number: int, sections: list[SectionGrid], committees, data_year: int) -> None:
    """Mark, on form 2's main section, the cells prefilled from the ledger and the rows whose
    ledger year is closed (`committees`: the town's subtree, as Committee objects)."""
    if form_number != LEDGER_FORM:
        return
    main = next((s for s in sections if s.name == MAIN), None)
    if main is None or not main.rows:
        return
    ids = {c.code: c.pk for c in committees}
    closed = closed_committees(ids.values(), data_year)
    for row in main.rows:
        row.final = ids.get(row.code) in closed
        for cell in row.cells:
            if cell.key in FORM2_KEYS:
                cell.from_ledger = True
                cell.final = row.final

"""Form 2's cells that come from the funding ledger: a changed one names the ledger's value (not
the registry's), and a committee whose ledger year is closed has its money cells marked final and
its mid-year (30 June) funds in place and ratio to the standard's lower bound shown. One query
(the closed years), and one more (the standards) when a year is closed, on form 2 only."""

from __future__ import annotations

from django.utils.translation import gettext as _

from funding.selectors import FORM2_KEYS, ClosedYear, closed_years

from ..spec import MAIN
from .cells import SectionGrid

LEDGER_FORM = 2


def mid_year_text(closed: ClosedYear, year: int) -> str:
    """The row's mid-year line, e.g. 截至2022年6月30日到位1.50万元，为标准下限的50.0% (the sum only
    when the committee has no standard)."""
    if closed.ratio_by is None:
        return _("In place by 30 June %(year)s: %(amount)s") % {"year": year, "amount": closed.in_place_by}
    return _("In place by 30 June %(year)s: %(amount)s, %(ratio)s of the standard's lower bound") % {
        "year": year,
        "amount": closed.in_place_by,
        "ratio": f"{closed.ratio_by * 100:.1f}%",
    }


def mark_ledger_cells(form_number: int, sections: list[SectionGrid], committees, data_year: int) -> None:
    """Mark, on form 2's main section, the cells prefilled from the ledger and the rows whose
    ledger year is closed (`committees`: the town's subtree, as Committee objects)."""
    if form_number != LEDGER_FORM:
        return
    main = next((s for s in sections if s.name == MAIN), None)
    if main is None or not main.rows:
        return
    ids = {c.code: c.pk for c in committees}
    closed = closed_years(ids.values(), data_year)
    for row in main.rows:
        year = closed.get(ids.get(row.code))
        row.final = year is not None
        row.mid_year = mid_year_text(year, data_year) if year else ""
        for cell in row.cells:
            if cell.key in FORM2_KEYS:
                cell.from_ledger = True
                cell.final = row.final

"""The assessment's workbook: one sheet of the towns' scores by item, totals, ranks and 以奖代补
amounts (every cell through committees.xlsx_write)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from committees.xlsx_write import put


def scores_workbook(scheme, items, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Scores")
    put(ws, 1, 1, scheme.name).font = Font(bold=True)
    heads = [_("Rank"), _("Town")] + [f"{item.name}（{item.max_points}）" for item in items]
    heads += [_("Total"), _("Reward (10,000 yuan)"), _("Confirmed")]
    for column, head in enumerate(heads, start=1):
        put(ws, 2, column, head).font = Font(bold=True)
    for r, row in enumerate(rows, start=3):
        values = [row.rank, row.committee.name]
        values += [score.points if score else None for score in row.cells(items)]
        values += [row.total, row.amount, _("yes") if row.reward else _("no")]
        for column, value in enumerate(values, start=1):
            put(ws, r, column, value)
    ws.column_dimensions["B"].width = 22
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""A report workbook's layout as a user sees it, read back with openpyxl: per sheet its merged
ranges, column widths, row heights, frozen panes, print setup and a census of its cells' looks
(font, fill, border, alignment, number format: how many cells have each). What the layout test
compares with the reference the openpyxl builder wrote (workbook_layout.json)."""

from __future__ import annotations

import io
from collections import Counter

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell


def _rgb(color) -> str | None:
    return color.rgb[-6:] if color is not None and isinstance(color.rgb, str) else None


def _look(cell) -> str:
    font, align = cell.font, cell.alignment
    return "|".join(
        str(part)
        for part in (
            font.name,
            font.sz,
            bool(font.b),
            _rgb(font.color),
            _rgb(cell.fill.fgColor) if cell.fill.fill_type else None,
            cell.border.left.style,
            cell.border.bottom.style,
            align.horizontal,
            align.vertical or "bottom",  # absent: the bottom, the default
            bool(align.wrap_text),
            cell.number_format if cell.value is not None else None,
            cell.data_type if cell.value is not None else None,
        )
    )


def _sheet(ws) -> dict:
    setup = ws.page_setup
    fit = ws.sheet_properties.pageSetUpPr
    return {
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "widths": {
            str(c): d.width for d in ws.column_dimensions.values() if d.customWidth for c in range(d.min, d.max + 1)
        },
        "heights": {str(r): round(d.height, 6) for r, d in ws.row_dimensions.items() if d.height},
        "freeze": ws.freeze_panes,
        "print_titles": ws.print_title_rows,
        "print_area": ws.print_area,
        "page": [
            setup.orientation,
            int(setup.paperSize),
            setup.fitToWidth or 1,
            setup.fitToHeight,
            setup.scale,
            bool(fit and fit.fitToPage),
            ws.print_options.horizontalCentered,
            [ws.page_margins.left, ws.page_margins.right, ws.page_margins.top, ws.page_margins.bottom],
            [ws.page_margins.header, ws.page_margins.footer],
            ws.oddFooter.center.text,
            ws.oddFooter.center.font,
        ],
        "breaks": [b.id for b in ws.row_breaks.brk],
        "charts": len(ws._charts),
        "looks": dict(
            sorted(
                Counter(
                    _look(cell)
                    for row in ws.iter_rows()
                    for cell in row
                    if not isinstance(cell, MergedCell) and (cell.value is not None or cell.has_style)
                ).items()
            )
        ),
    }


def layout(data: bytes) -> dict:
    book = load_workbook(io.BytesIO(data))
    return {"sheets": book.sheetnames, **{ws.title: _sheet(ws) for ws in book.worksheets}}

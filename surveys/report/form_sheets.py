"""The report workbook's form sheets, and the row heights every sheet of it prints with.

Layout of a form sheet: row 1 the merged title, row 2 the source line, rows 3 and 4 the
two-level header the spec declares (Field.group: a group's merged cell over its columns, each
headed by its short header; a column of no group merged down both rows), data from row 5 (each
town's rows, its 小计, the 合计: totals.section_table). Both header rows repeat on every printed
page. Under the 合计, after a blank row, the sign-off block of FORMS.md (spec.SIGN_OFF_LABELS,
the block the printed forms carry): each label, then a line to sign on, inside the print area.

Row heights (every sheet): a row is as tall as its longest wrapped cell needs in its column's
width (a CJK character counts double), so that wrapped text never overprints on paper.
"""

from __future__ import annotations

from committees.xlsx_rows import text_width
from surveys.report.data import ReportData, TownRows
from surveys.report.totals import section_table
from surveys.report.workbook import (
    BODY_FONT,
    BOLD_FONT,
    COUNT_FORMAT,
    HEADER,
    MONEY_FORMAT,
    SUBTOTAL_FILL,
    TOTAL_FILL,
    _print_setup,
    _put,
    _sheet,
    _source_note,
    _title,
    style,
)
from surveys.spec import SIGN_OFF_LABELS, Field, FieldType, Period, SectionSpec, year_note

GROUP_ROW = 3  # the upper header row: the groups, and the columns of no group (merged down)
FIELD_ROW = 4  # the lower header row: each grouped column's short header
FIRST_DATA_ROW = 5
SIGN_OFF_BLANK = "＿" * 8  # a line to sign on: full-width low lines join into one
SIGN_OFF_GAP = "　" * 3  # between one label's line and the next label
SIGN_OFF = style(BODY_FONT, align="left", valign="bottom", text_wrap=True)


def header_texts(section: SectionSpec, group: str, fields: tuple[Field, ...]) -> tuple[str, list[str]]:
    """A group's header and its columns' (a column of no group: ("", [its header])): a column's
    short header under its group, else its header; the year of a data-year figure after the
    group's name when all its columns are of the data year ("捐资助学（2022年度）"), else after
    each such column's ("人数（2022年度）")."""
    note = year_note(Period.DATA, section.data_year)
    whole = bool(group) and all(f.period == Period.DATA for f in fields)
    texts = [(f.short or f.header) + ("" if whole else year_note(f.period, section.data_year)) for f in fields]
    return (group + note if whole else group), texts


def column_headers(section: SectionSpec) -> list[str]:
    """Each column's own header (the lower row under a group), as header_texts makes it."""
    return [text for group, run in section.header_groups for text in header_texts(section, group, run)[1]]


def _widths(section: SectionSpec, table) -> dict[int, int]:
    """Each column as wide as its header wrapped on two lines (its year's note, "（2022年度）", kept
    on one line) and its widest value."""
    texts = column_headers(section)
    widths = {
        i: max((text_width(text) + 3) // 2 + 2, text_width(year_note(f.period, section.data_year)) + 1)
        for i, (f, text) in enumerate(zip(section.fields, texts, strict=True), start=1)
    }
    for line in table:
        for index, value in enumerate(line.cells, start=1):
            if value is not None:
                widths[index] = max(widths[index], text_width(value) + 2)
    return widths


def form_sheet(book, formats, report: ReportData, section: SectionSpec, towns: list[TownRows]) -> None:
    fields = section.fields
    table = section_table(section, towns, report.scope_name)
    ws = _sheet(book, formats, section.sheet, _widths(section, table))
    _title(ws, f"{section.title}（{report.year}年调查）", _source_note(report), len(fields))
    _header_rows(ws, section)
    number_formats = [
        MONEY_FORMAT if f.type == FieldType.DECIMAL else COUNT_FORMAT if f.type == FieldType.INT else None
        for f in fields
    ]
    styles = {"row": (BODY_FONT, None), "subtotal": (BOLD_FONT, SUBTOTAL_FILL), "total": (BOLD_FONT, TOTAL_FILL)}
    number = FIRST_DATA_ROW - 1
    for number, line in enumerate(table, start=FIRST_DATA_ROW):
        font, fill = styles[line.kind]
        for index, value in enumerate(line.cells, start=1):
            _put(ws, number, index, value, number_format=number_formats[index - 1], font=font, fill=fill)
    last = sign_off(ws, number + 2, len(fields))
    ws.ws.freeze_panes(FIRST_DATA_ROW - 1, 2 if len(fields) > 2 else 0)
    _print_setup(ws, (GROUP_ROW, FIELD_ROW))
    ws.ws.print_area(0, 0, last - 1, len(fields) - 1)
    ws.close()


def _header_rows(ws, section: SectionSpec) -> None:
    """The two header rows: a group's name merged over its columns above their short headers; a
    column of no group, its header merged down both rows. Every cell of a merge is styled."""
    ws.height(GROUP_ROW, 20)
    column, lower = 1, []
    for group, fields in section.header_groups:
        last = column + len(fields) - 1
        heading, texts = header_texts(section, group, fields)
        if group:
            if last > column:
                ws.merge(GROUP_ROW, column, GROUP_ROW, last)
            for index in range(len(texts)):
                ws.put(GROUP_ROW, column + index, heading if index == 0 else None, HEADER)
            lower.extend(texts)
        else:
            ws.merge(GROUP_ROW, column, FIELD_ROW, column)
            ws.put(GROUP_ROW, column, texts[0], HEADER)
            lower.append(None)
        column = last + 1
    ws.height(FIELD_ROW, 30)
    for index, text in enumerate(lower, start=1):
        ws.put(FIELD_ROW, index, text, HEADER)


# The sign-off block -----------------------------------------------------------------------------


def sign_off(ws, row: int, columns: int) -> int:
    """The sign-off block at `row`, one cell merged across columns 1..columns: each label with a
    blank line to sign on, as many side by side as the width holds (all five on a wide sheet),
    an empty line above each line of them for the signatures. One row: a page never splits it."""
    room = sum(ws.width(c) for c in range(1, columns + 1)) - 1
    lines = [""]
    for label in SIGN_OFF_LABELS:
        part = f"{label}：{SIGN_OFF_BLANK}"
        joined = f"{lines[-1]}{SIGN_OFF_GAP}{part}" if lines[-1] else part
        if lines[-1] and text_width(joined) > room:
            lines.append(part)
        else:
            lines[-1] = joined
    ws.merge(row, 1, row, columns)
    ws.put(row, 1, "".join(f"\n{line}\n" for line in lines).rstrip("\n"), SIGN_OFF)
    return row  # the stream gives it its height

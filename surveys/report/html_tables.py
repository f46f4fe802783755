"""The HTML report's form tables, written in Python row by row (surveys/report/html.py).

A province's tables hold over a million cells: rendered by the template language, with a dict per
cell, the page took some hundreds of MB to build as one string. These functions yield the same
markup the template loop wrote (tests/surveys/report/test_html_stream.py compares the bytes),
one table row at a time, so that the standalone file is written to disk as it is made: a cell's
value escaped as {{ value }} escapes it, numbers as the workbook's sheets show them.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import ngettext

from committees.rows import text
from surveys.report.form_sheets import header_texts
from surveys.report.totals import section_table
from surveys.spec import SectionSpec

from .data import ReportData, TownRows

FORMS_HEADING = "调查表汇总"


def cell(value) -> str:
    """One <td>: numbers right-aligned (class "num"), money with 2 places, None blank."""
    if value is None:
        return "<td></td>"
    if isinstance(value, Decimal):
        return f'<td class="num">{value:.2f}</td>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="num">{value}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def header_rows(section: SectionSpec) -> str:
    """A section's two header rows, as the workbook's: a group over its columns' short headers,
    a column of no group spanning both rows."""
    upper: list[str] = []
    lower: list[str] = []
    for group, fields in section.header_groups:
        heading, texts = header_texts(section, group, fields)
        if group:
            span = f' colspan="{text(len(fields))}"' if len(fields) > 1 else ""
            upper.append(f"<th{span}>{text(heading)}</th>")
            lower.extend(f"<th>{text(header)}</th>" for header in texts)
        else:
            upper.append(f'<th rowspan="2">{text(texts[0])}</th>')
    return f"<tr>{''.join(upper)}</tr><tr>{''.join(lower)}</tr>"


def table_chunks(number: int, section: SectionSpec, towns: list[TownRows], scope_name: str) -> Iterator[str]:
    """One form section's table in a <details> (number: its place among the report's tables)."""
    count = sum(len(town["rows"]) for town in towns)
    rows = ngettext("%(counter)s row", "%(counter)s rows", count) % {"counter": text(count)}
    yield (
        f'<details class="form-table" id="sheet-{text(number)}">\n'
        f"  <summary>{text(section.title)} · {rows}</summary>\n"
        f'  <div class="table-wrap"><table class="compact">\n'
        f"    <thead>{header_rows(section)}</thead>\n"
        f"    <tbody>\n    "
    )
    for row in section_table(section, towns, scope_name):
        yield f'\n      <tr class="{row.kind}">{"".join(cell(value) for value in row.cells)}</tr>\n    '
    yield "\n    </tbody>\n  </table></div>\n</details>\n"


def forms_chunks(report: ReportData) -> Iterator[str]:
    """The report's section of form tables (none when no form has a section)."""
    number = 0
    for form in sorted(report.forms):
        data = report.forms[form]
        for section in data.spec.sections:
            if not number:
                yield f'\n<section class="card" id="report-forms">\n  <h2>{FORMS_HEADING}</h2>\n  '
            number += 1
            yield from table_chunks(number, section, data.towns(section.section), report.scope_name)
    if number:
        yield "\n</section>\n"

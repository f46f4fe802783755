"""The report's form tables (the workbook's form sheets, the HTML report's tables): every town's
rows, a 小计 row per town and a 合计 row for the scope.

A subtotal row carries "小计" in column A (单位编码) and the town's name in column B; the last
row carries "合计" and the scope's name. Each other column adds up by its field's aggregate
(surveys.spec.Aggregate): counts and money sum (a number), scores average ("平均2.17"), years
give their range ("2005—2021"), yes/no and enumerations count each answer, one line each
("达标10", "基本达标1"; answers no row gives are left out); text is left blank. A town with one
row (a one-row-per-town section, or a list with one entry) gets no 小计: the row is its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from surveys.report.data import TownRows, money
from surveys.spec import BOOL_LABELS, Aggregate, Field, FieldType, RowKind, SectionSpec, display_value

SUBTOTAL = "小计"
TOTAL = "合计"
AVERAGE = "平均"
RANGE_DASH = "—"
COUNTS_SEPARATOR = "\n"  # one answer a line: the column stays as narrow as its longest label


@dataclass(frozen=True)
class TableRow:
    kind: str  # "row", "subtotal" or "total"
    cells: list  # display values, one per field of the section (None for a blank cell)


def cell_value(field: Field, value):
    """A stored value as the report shows it: 是/否, enumeration labels, Decimal for money."""
    if field.type == FieldType.BOOL and isinstance(value, bool):
        return BOOL_LABELS[value]
    return display_value(field, value)


def _number(field: Field, value) -> int | Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if field.type == FieldType.DECIMAL:
        return money(value)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _sum(field: Field, numbers: list) -> int | Decimal:
    return sum(numbers, Decimal("0.00") if field.type == FieldType.DECIMAL else 0)


def _average(field: Field, numbers: list) -> str | None:
    if not numbers:
        return None
    places = Decimal("0.01") if field.type == FieldType.DECIMAL else Decimal("0.1")
    mean = (Decimal(sum(numbers)) / len(numbers)).quantize(places, rounding=ROUND_HALF_UP)
    return f"{AVERAGE}{mean}"


def _range(numbers: list) -> str | None:
    if not numbers:
        return None
    low, high = min(numbers), max(numbers)
    return str(low) if low == high else f"{low}{RANGE_DASH}{high}"


def answer_counts(field: Field, rows: list[dict]) -> list[tuple[str, int]]:
    """(label, rows giving it) of each answer of a yes/no or enumeration column, in the spec's
    order (是 before 否), leaving out the answers no row gives."""
    values = [row.get(field.key) for row in rows]
    if field.type == FieldType.BOOL:
        answers = [(BOOL_LABELS[True], True), (BOOL_LABELS[False], False)]
    else:
        answers = [(choice.label, choice.value) for choice in field.choices]
    counts = [(label, sum(1 for v in values if _gives(v, answer))) for label, answer in answers]
    return [(label, n) for label, n in counts if n]


def _gives(value, answer) -> bool:
    # True == 1 in Python: a yes/no answer matches only the boolean itself.
    return value is answer if isinstance(answer, bool) else value == answer and not isinstance(value, bool)


def _counts(field: Field, rows: list[dict]) -> str | None:
    return COUNTS_SEPARATOR.join(f"{label}{n}" for label, n in answer_counts(field, rows)) or None


def aggregate(field: Field, rows: list[dict]):
    """What a 小计 or 合计 cell shows for the column of `field` over `rows` (None: blank)."""
    if field.aggregate == Aggregate.COUNTS:
        return _counts(field, rows)
    if field.aggregate == Aggregate.NONE:
        return None
    numbers = [n for n in (_number(field, row.get(field.key)) for row in rows) if n is not None]
    if field.aggregate == Aggregate.SUM:
        return _sum(field, numbers)
    if field.aggregate == Aggregate.AVERAGE:
        return _average(field, numbers)
    return _range(numbers)


def _label_row(section: SectionSpec, first: str, second: str, rows: list[dict]) -> list:
    cells = [aggregate(f, rows) for f in section.fields]
    cells[0] = first
    if len(cells) > 1:
        cells[1] = second
    return cells


def section_table(section: SectionSpec, towns: list[TownRows], scope_name: str) -> list[TableRow]:
    """Every town's rows, a 小计 after each town of several rows, then 合计."""
    table: list[TableRow] = []
    every_row: list[dict] = []
    for town in towns:
        rows = town["rows"]
        every_row.extend(rows)
        for row in rows:
            table.append(TableRow("row", [cell_value(f, row.get(f.key)) for f in section.fields]))
        if section.row_kind != RowKind.TOWN and len(rows) > 1:
            table.append(TableRow("subtotal", _label_row(section, SUBTOTAL, town["name"], rows)))
    table.append(TableRow("total", _label_row(section, TOTAL, scope_name, every_row)))
    return table

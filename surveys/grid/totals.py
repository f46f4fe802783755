"""The 合计 row and last year's figures beside the numbers (a reviewer's view)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from ..spec import Field, FieldType, RowKind, SectionSpec
from ..validation import from_json
from .cells import SectionGrid, Total, shown_columns

PREVIOUS_TYPES = (FieldType.INT, FieldType.DECIMAL)  # the figures shown with last year's beside them


def _number(f: Field, stored) -> int | Decimal | None:
    value = from_json(f, stored)
    return value if isinstance(value, int | Decimal) and not isinstance(value, bool) else None


def _figure(f: Field, value: int | Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if f.type == FieldType.DECIMAL else str(value)


def column_sum(f: Field, rows: Sequence[Mapping]) -> int | Decimal | None:
    """A column's sum over rows (what the 合计 row shows): the cells that hold a number; None
    when none does. grid.js adds up the same way as cells are typed."""
    numbers = [n for n in (_number(f, r.get(f.key)) for r in rows) if n is not None]
    return sum(numbers) if numbers else None


def has_totals(spec: SectionSpec) -> bool:
    """A section of several rows with a column that sums (Field.aggregate sum) gets a 合计 row."""
    return spec.row_kind != RowKind.TOWN and any(f.sums for f in shown_columns(spec))


def _identity(spec: SectionSpec, values: Mapping) -> tuple | None:
    """What matches a row with last year's: its 单位编码, or a list's key (单位编码 and name)."""
    keys = spec.key if spec.free_rows else ("committee_code",)
    found = tuple(str(values.get(k) or "").strip() for k in keys)
    return found if all(found) else None


def totals_row(spec: SectionSpec, columns: Sequence[Field], rows: Sequence[Mapping], previous) -> list[Total | None]:
    return [
        Total(
            _figure(f, column_sum(f, rows)),
            2 if f.type == FieldType.DECIMAL else 0,
            None if previous is None else _figure(f, column_sum(f, previous)) or "—",
        )
        if f.sums
        else None
        for f in columns
    ]


def show_previous(section: SectionGrid, previous: Sequence[Mapping]) -> None:
    """Put last year's figure beside each number cell of a row that last year's form has too."""
    spec = section.spec
    by_identity = {_identity(spec, values): values for values in previous}
    for row in section.rows:
        identity = _identity(spec, {"committee_code": row.code, **{c.key: c.value for c in row.cells}})
        before = by_identity.get(identity) if identity else None
        for cell in row.cells:
            if cell.field.type in PREVIOUS_TYPES and identity is not None:
                cell.previous = _figure(cell.field, _number(cell.field, (before or {}).get(cell.key))) or "—"

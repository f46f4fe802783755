"""One cell: parsed (raising CellInputError with a Chinese message), normalised for storage,
or compared with the registry's value.

`normalize_row` turns cells into what a submission stores: JSON-safe values, money as a
string with two decimals ("334.82") so it stays exact, enumerations by value; a cell that
does not parse is kept as typed, so a draft never loses input (validation reports it).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from committees.cells import parse_yes_no
from committees.validators import describe_character, find_control_character

from ..spec import Field, FieldType, SectionSpec
from .issues import REQUIRED

MAX_NUMBER = Decimal(10) ** 12
CENT = Decimal("0.01")


class CellInputError(ValueError):
    """A cell that does not parse; the message is for the user."""

    def __init__(self, message: str, rule: str = "type"):
        super().__init__(message)
        self.rule = rule


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def parse_cell(f: Field, raw):
    """One cell as Python (int, Decimal, bool, str, an enumeration's value), or None when blank.

    Raises CellInputError with a Chinese message. Blank is not an error here: whether a cell
    is required is the caller's business (a draft may be incomplete).
    """
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        return None
    check_characters(f, raw)
    if f.type == FieldType.TEXT:
        text = str(raw)
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))  # a code typed as a number in Excel
        if len(text) > f.max_length:
            raise CellInputError(f"不能超过 {f.max_length} 个字（现为 {len(text)} 个字）。", "length")
        return text
    if f.type == FieldType.BOOL:
        return _bool(raw)
    if f.type == FieldType.CHOICE:
        value = f.value_of(str(raw))
        if value is None:
            raise CellInputError("应为以下之一：" + "、".join(f.labels) + "。", "choice")
        return value
    if f.type == FieldType.DECIMAL:
        value = _number(raw, "应为数字（万元，最多两位小数）。")
        if value != value.quantize(CENT):
            raise CellInputError("最多保留两位小数。", "decimals")
        value = value.quantize(CENT)
    else:  # INT, YEAR
        message = "应为四位年份，如 1958。" if f.type == FieldType.YEAR else "应为整数。"
        number = _number(raw, message)
        if number != number.to_integral_value():
            raise CellInputError(message)
        value = int(number)
    _check_range(f, value)
    return value


def check_characters(f: Field, raw) -> None:
    """Refuse text that may not be stored (committees.validators): a control character in any
    cell, a line break in a one-line one. A draft cannot keep it as typed (PostgreSQL refuses NUL)."""
    if not isinstance(raw, str):
        return
    char = find_control_character(raw.strip(), single_line=not f.multiline)
    if char is None:
        return
    if f.multiline:
        raise CellInputError(f"含有不可见的控制字符（{describe_character(char)}），请删除。", "control_character")
    raise CellInputError(
        f"只能填写一行文字，不能含换行符或控制字符（{describe_character(char)}）。", "control_character"
    )


def _bool(raw) -> bool:
    try:
        return parse_yes_no(raw)
    except ValueError:
        raise CellInputError("应填“是”或“否”（也可填 1/0、Y/N、TRUE/FALSE）。") from None


def _number(raw, message: str) -> Decimal:
    if isinstance(raw, bool) or isinstance(raw, datetime.date):
        raise CellInputError(message)
    try:
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(str(raw).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise CellInputError(message)
    if not value.is_finite() or abs(value) >= MAX_NUMBER:
        raise CellInputError(message)
    return value


def _check_range(f: Field, value) -> None:
    low, high = f.minimum, f.maximum
    if low is not None and high is not None and low == high and value != low:
        raise CellInputError(f"应为 {low}。", "range")
    if f.type == FieldType.YEAR and low is not None and high is not None and not low <= value <= high:
        raise CellInputError(f"应在 {low} 至 {high} 之间。", "range")
    if low is not None and value < low:
        raise CellInputError("不能为负数。" if low == 0 else f"不能小于 {low}。", "range")
    if high is not None and value > high:
        raise CellInputError(f"不能大于 {high}。", "range")


def to_json(f: Field, value):
    """A parsed value as stored in SubmissionRow.values (money as "334.82")."""
    if value is None:
        return None
    if f.type == FieldType.DECIMAL and isinstance(value, Decimal):
        return f"{value.quantize(CENT):f}"
    return value


def from_json(f: Field, stored):
    """A stored value as Python (Decimal for money); a value that does not parse comes back as is."""
    try:
        return parse_cell(f, stored)
    except CellInputError:
        return stored


def normalize_cell(f: Field, raw):
    """What a submission stores for a cell: the parsed value as JSON, or the input as typed."""
    try:
        return to_json(f, parse_cell(f, raw))
    except CellInputError:
        return str(raw).strip() if not isinstance(raw, bool | int) else raw


def normalize_row(section: SectionSpec, raw: Mapping) -> dict:
    """The section's cells of a row, normalized; keys the section doesn't know are dropped."""
    return {f.key: normalize_cell(f, raw[f.key]) for f in section.fields if f.key in raw}


def changed_cells(section: SectionSpec, values: Mapping, prefill: Mapping) -> set[str]:
    """The prefilled keys whose value differs from the registry's (the grid marks them)."""
    changed = set()
    for key, registry_value in prefill.items():
        if not section.has_field(key):
            continue
        f = section.field(key)
        if from_json(f, values.get(key)) != from_json(f, registry_value):
            changed.add(key)
    return changed


def parse_row(section: SectionSpec, raw: Mapping) -> tuple[dict, dict[str, str]]:
    """The row's values as Python and, by key, the message of each cell that failed to parse
    (a required blank included)."""
    values: dict = {}
    problems: dict[str, tuple[str, str]] = {}
    for f in section.fields:
        cell = raw.get(f.key)
        try:
            values[f.key] = parse_cell(f, cell)
        except CellInputError as exc:
            values[f.key] = None
            problems[f.key] = (exc.rule, str(exc))
            continue
        if values[f.key] is None and f.required:
            problems[f.key] = (REQUIRED, "必填，不能为空。")
    return values, problems


def row_number(raw: Mapping, position: int) -> int:
    number = raw.get("_row")
    return number if isinstance(number, int) else position


def is_blank_row(section: SectionSpec, raw: Mapping) -> bool:
    return all(is_blank(raw.get(f.key)) for f in section.fields)


def filled_rows(section: SectionSpec, rows: Sequence[Mapping]) -> int:
    """How many of a section's rows hold something (a list's blank rows are not rows)."""
    return sum(1 for r in rows if not is_blank_row(section, r))

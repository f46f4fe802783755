"""How a change from last round is written, in every output: the workbook's 汇总 (a number with
the Excel format of `change_format`), the HTML report and the Word draft (`change_text`).

One rule: a change is signed (+12, -3, 0); a share's change is in percentage points
(0.992 − 0.984 → +0.8个百分点, never "0.8%"); money keeps 2 decimals, averages 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

POINTS = "个百分点"
NONE = "—"


@dataclass(frozen=True)
class ChangeStyle:
    scale: int  # 100 for a share: its change in percentage points
    places: int  # decimals shown
    suffix: str = ""


STYLES: dict[str, ChangeStyle] = {
    "count": ChangeStyle(1, 0),
    "share": ChangeStyle(100, 1, POINTS),
    "money": ChangeStyle(1, 2),
    "avg": ChangeStyle(1, 1),
    "age": ChangeStyle(1, 1),
}


def _style(kind: str) -> ChangeStyle:
    return STYLES.get(kind, STYLES["avg"])


def change_number(kind: str, value) -> Decimal | None:
    """The change as shown, as a number: a share's in percentage points, rounded to the places
    shown (so that a spreadsheet's sign and the text's sign agree); None when there is none."""
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    style = _style(kind)
    try:
        number = Decimal(str(value)) * style.scale
    except (InvalidOperation, ValueError):
        return None
    number = number.quantize(Decimal(1).scaleb(-style.places), rounding=ROUND_HALF_UP)
    return number if number else Decimal(0).quantize(number)  # no "-0.0"


def change_text(kind: str, value) -> str:
    """A change with its sign: "+3", "-2", "0", "+0.8个百分点", "+34.82"; "—" when there is none."""
    number = change_number(kind, value)
    if number is None:
        return NONE
    sign = "+" if number > 0 else "-" if number < 0 else ""
    return f"{sign}{abs(number):f}{_style(kind).suffix}"


def change_format(kind: str) -> str:
    """The Excel number format that shows `change_number(kind, …)` as `change_text` writes it:
    '+0.0"个百分点";-0.0"个百分点";0.0"个百分点"' for a share."""
    style = _style(kind)
    body = "0" + ("." + "0" * style.places if style.places else "")
    suffix = f'"{style.suffix}"' if style.suffix else ""
    return f"+{body}{suffix};-{body}{suffix};{body}{suffix}"

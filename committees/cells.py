"""How an uploaded cell is read where every upload path must agree (the registry's imports and
the survey forms' workbooks): one definition each, so a file means the same on both."""

from __future__ import annotations

from decimal import Decimal

YES, NO = "是", "否"  # what a file and a form write for a yes/no cell
YES_LABELS = {True: YES, False: NO}
YES_WORDS = frozenset({"是", "√", "1", "y", "yes", "true", "t"})
NO_WORDS = frozenset({"否", "×", "0", "n", "no", "false", "f"})


def parse_yes_no(raw) -> bool:
    """A yes/no cell: a boolean, 1 or 0, or one of the words (case and spaces ignored).

    Raises ValueError (without a message: each path words its own) for anything else.
    """
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float | Decimal) and raw in (0, 1):
        return bool(raw)
    word = str(raw).strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValueError(word)

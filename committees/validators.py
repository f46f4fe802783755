"""What text the portal stores: no control characters, and single-line where a name is meant.

One definition for every path that takes text — web forms, the survey grid and every Excel
import — so that what one path refuses no other path lets in. NUL is refused by PostgreSQL
(but stored by SQLite), and CR/LF in a name breaks the file names built from it.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls but tab, LF and CR; DEL and the C1 controls; U+FFFE/U+FFFF non-characters.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
LINE_BREAKS = re.compile("[\t\r\n\u2028\u2029\x85]")


def find_control_character(text: str, *, single_line: bool = False) -> str | None:
    """The first character of `text` that may not be stored, or None."""
    match = CONTROL_CHARACTERS.search(text) or (LINE_BREAKS.search(text) if single_line else None)
    return match.group() if match else None


def describe_character(char: str) -> str:
    """U+0000: how an invisible character is named in an error message."""
    return f"U+{ord(char):04X}"


def validate_text(value) -> None:
    """For multi-line text (notes, findings): no control characters."""
    if isinstance(value, str) and (char := find_control_character(value)) is not None:
        raise ValidationError(
            _("The text contains an invisible control character (%(char)s); remove it."),
            code="control_character",
            params={"char": describe_character(char)},
        )


def validate_single_line(value) -> None:
    """For names, codes and other one-line text: no control characters and no line breaks."""
    if isinstance(value, str) and (char := find_control_character(value, single_line=True)) is not None:
        raise ValidationError(
            _("The text must be on one line, without line breaks or control characters (%(char)s)."),
            code="control_character",
            params={"char": describe_character(char)},
        )

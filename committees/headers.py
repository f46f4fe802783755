"""Reading a header cell: the column's exact header, with or without a year's note after it."""

from __future__ import annotations

import re

_YEAR_NOTE = re.compile(r"（\d{4}年度）$")


def header_text(value, known) -> str:
    """A header cell's text as the spec names the column: a year's note after a known header
    ("捐资助学金额(万元)（2022年度）", of whichever year: the meta sheet says the round) is left out."""
    text = str(value).strip()
    if text in known:
        return text
    plain = _YEAR_NOTE.sub("", text).strip()
    return plain if plain in known else text

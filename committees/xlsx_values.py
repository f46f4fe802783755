"""A sheet's values read by calamine (a Rust reader), for a sheet whose XML holds only plain values.

openpyxl's parser (xlsx_open.TolerantParser) costs about 0.2 ms a row; calamine reads the same
rows about 11× faster, but gives values only: a formula's cached result, no cell type, a float
for every number, text with its escapes decoded its own way. So a sheet is read by calamine only
when a scan of its XML and of the shared strings finds nothing but shared strings, inline
strings and plain numbers, with styles by number, and no control character, carriage return,
DTD, `_xHHHH_` escape or phonetic run. (calamine reads an error cell as an empty one, and trims
the spaces around a text that has no xml:space="preserve": the readers strip text anyway.) Anything else (a formula, an Excel error, a boolean, an
ISO date, a value that is no number …), any error calamine raises and any value it gives that
is not finite send the sheet to openpyxl's parser, whose cell types the readers' refusals
(formulas, Excel errors, unreadable cells) are built on.

The values are made what openpyxl gives: a whole number an int, a date (no time) a datetime at
midnight, an empty cell None; rows without a value are left out.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile

from python_calamine import CalamineWorkbook

CONTROLS = bytes(range(9)) + bytes(range(11, 32))  # the C0 controls but tab and LF (a raw CR too)
SPACES = bytes.maketrans(b"\t\n", b"  ")
# Each pattern begins with a literal, which the regex engine finds fast (an 8 MB sheet: ~10 ms).
NOT_PLAIN = [
    re.compile(rb"<f[ />]"),  # a formula (two patterns: an alternation would search without its literal, 6× slower)
    re.compile(rb":f[ />]"),  # a formula with a namespace prefix
    re.compile(rb" t *= *[\"'](?!(?:s|n|inlineStr)[\"'])"),  # a boolean, an error, a date, a formula's text …
    re.compile(rb" s *= *[\"'](?!\d+[\"'])"),  # a style that is not a number
    re.compile(rb"<v[^>]|<v>(?![-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?</v>)"),  # a value that is no number
]
# What the two parsers read differently, in a sheet and in the shared strings: references to
# control characters, a DTD or CDATA, an _xHHHH_ escape (openpyxl keeps it), phonetic runs.
NOT_SAME_TEXT = [
    re.compile(rb"&#0*(?:[0-9]|[12][0-9]|3[01]);|&#[xX]0*1?[0-9a-fA-F];"),
    re.compile(rb"<!"),
    re.compile(rb"_x[0-9a-fA-F]{4}_"),
    re.compile(rb"rPh\b"),
]


class NotPlain(Exception):
    """The sheet needs openpyxl's parser."""


def plain_values(data: bytes, archive: zipfile.ZipFile, sheet: str, part: str) -> list[tuple[int, tuple]]:
    """(row number, values) of each row of `sheet` (stored in `part`) holding a value; NotPlain
    when the sheet needs openpyxl's parser."""
    try:
        xml = _raw(archive, part)
        if b"<sheetData" not in xml or not _same_text(xml) or any(p.search(xml) for p in NOT_PLAIN):
            raise NotPlain(sheet)  # (a sheet whose elements have a namespace prefix has no "<sheetData")
        for name in archive.namelist():
            if name.lower().endswith("sharedstrings.xml") and not _same_text(_raw(archive, name)):
                raise NotPlain(sheet)
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
            table = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except NotPlain:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever calamine trips on, openpyxl's parser says in the user's words
        raise NotPlain(sheet) from exc
    return [(number, row) for number, row in enumerate(map(_values, table), start=1) if row]


def _same_text(xml: bytes) -> bool:
    return len(xml.translate(None, CONTROLS)) == len(xml) and not any(p.search(xml) for p in NOT_SAME_TEXT)


def _raw(archive: zipfile.ZipFile, name: str) -> bytes:
    """The part's bytes as stored (zipfile's own open: the archive may clean what it hands openpyxl),
    tabs and line feeds made spaces."""
    with zipfile.ZipFile.open(archive, name) as source:
        return source.read().translate(SPACES)


def _values(row: list) -> tuple:
    """The row's values as openpyxl gives them, without the empty cells at its end; () when empty."""
    values = [v if v.__class__ is str and v else _value(v) for v in row]  # most cells: text
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


def _value(value):
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        if not math.isfinite(value):
            raise NotPlain()
        # openpyxl reads a number without a point or an exponent as an int; Excel writes whole numbers so.
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if kind is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)
    return value

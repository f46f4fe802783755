"""What the tests ask of a workbook's cells: no live formula anywhere, and which cells hold text
that a spreadsheet would otherwise take for one."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Iterator

from openpyxl import load_workbook

from committees.xlsx_write import looks_like_formula

FORMULA = re.compile(r"<(\w+:)?f[ >]")


def book_bytes(book) -> bytes:
    """An openpyxl workbook saved, as an upload or a download holds it."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_xml(data: bytes) -> dict[str, str]:
    """Each worksheet's XML, by its name in the archive."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")}


def assert_no_formula(data: bytes) -> None:
    for name, xml in sheet_xml(data).items():
        assert not FORMULA.search(xml), f"a formula in {name}"


def formula_like_cells(data: bytes) -> list:
    """The cells of every sheet whose text begins like a formula (=, +, -, @ …)."""
    book = load_workbook(io.BytesIO(data))
    return [
        cell
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and looks_like_formula(cell.value)
    ]


@contextlib.contextmanager
def unpacked_bytes() -> Iterator[list[int]]:
    """Count what is read out of zip entries inside the block (a one-item list, filled at exit): a
    file refused before it is unpacked reads next to nothing, however big it claims to be. What a
    timed test would measure, measured without a clock (the machine's load can't fail it)."""
    counted = [0]
    original = zipfile.ZipExtFile.read

    def read(self, n=-1):
        data = original(self, n)
        counted[0] += len(data)
        return data

    zipfile.ZipExtFile.read = read
    try:
        yield counted
    finally:
        zipfile.ZipExtFile.read = original

"""Open an uploaded workbook: the one door every upload goes through (registry and survey).

Before openpyxl parses a byte, the file is checked: its size, that it is a zip at all (and if
not, what it is: an empty file, a renamed .csv, an old .xls, a password-protected workbook …),
the zip's structure, its entry count and the size it unpacks to (a 1 MB zip bomb holding 400 MB
of strings is refused in milliseconds), and that it is an .xlsx (not an .xlsm, .xlsb, .ods or a
Word file). The limits are settings.

A sheet of plain values (no formula, no Excel error, nothing odd: committees.xlsx_values) is read
by calamine, 11× faster than openpyxl. Any other sheet is read by openpyxl's parser, made one
that never gives up on a row: a cell it cannot read (NaN in a number, a shared string that does
not exist, a date that is not one) comes back as an `Unreadable` value, which the readers report
as an error naming the sheet, row and column; its XML comes through committees.xlsx_clean, with
control characters swapped for noncharacters that the rows swap back.

Python's zipfile never unpacks more than an entry's declared size (and checks its CRC), so the
declared sizes checked here bound what parsing can unpack.
"""

from __future__ import annotations

import io
import logging
import math
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange

from .validators import CONTROL_CHARACTERS, validate_text
from .xlsx_clean import RESTORE, CleanXmlZip
from .xlsx_values import NotPlain, plain_values

logger = logging.getLogger(__name__)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 files, and encrypted Office 2007+ files
ZIP_LOCAL = b"PK\x03\x04"
ZIP_EMPTY = b"PK\x05\x06"
MB = 1024 * 1024
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, ParseError, KeyError, InvalidFileException)


def max_upload_bytes() -> int:
    return settings.XLSX_MAX_UPLOAD_BYTES


def too_large_message(limit: int | None = None) -> str:
    return _("The file is larger than %(mb)d MB.") % {"mb": (limit or max_upload_bytes()) // MB}


class UnreadableFile(Exception):
    """The file as a whole cannot be read: `message` says what it is, for the user."""

    def __init__(self, message: str, *, sheet: str = ""):
        super().__init__(message)
        self.message, self.sheet = message, sheet


@dataclass(frozen=True)
class Unreadable:
    """A cell that cannot be read as what its XML says it is; `raw` is the XML's text."""

    raw: str

    def __str__(self) -> str:
        return self.raw


class Cell(NamedTuple):  # a tuple: the calamine path makes one per cell
    value: object
    data_type: str  # openpyxl's: n, s, b, d, e (an Excel error like #N/A), f (a formula); x: unreadable


EMPTY = Cell(None, "n")


# The checks before parsing ---------------------------------------------------------------


def open_workbook(data: bytes, *, max_bytes: int | None = None) -> OpenedWorkbook:
    """The uploaded workbook, opened read-only; UnreadableFile saying what the file is if it isn't one."""
    limit = max_bytes or max_upload_bytes()
    if not data:
        raise UnreadableFile(_("The file is empty."))
    if len(data) > limit:
        raise UnreadableFile(too_large_message(limit))
    if data.startswith(OLE2):
        raise UnreadableFile(_ole2_message(data))
    if not data.startswith(ZIP_LOCAL):
        raise UnreadableFile(_empty_zip_message() if data.startswith(ZIP_EMPTY) else _not_a_zip_message(data))
    try:
        archive = CleanXmlZip(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
        raise UnreadableFile(_truncated_message()) from None
    _check_archive(archive)
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
        reader.archive.close()
        reader.archive = archive  # openpyxl reads its XML through the cleaning archive
        reader.read()
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl trips on (lxml's syntax errors are no ValueError)
        archive.close()
        logger.info("An uploaded workbook passed the checks but openpyxl cannot read it: %r", exc)
        raise UnreadableFile(_damaged_message()) from None
    return OpenedWorkbook(reader.wb, data)


def _empty_zip_message() -> str:
    return _("The file is an empty zip archive, not an Excel workbook.")


def _truncated_message() -> str:
    return _(
        "The file is incomplete or damaged (it may have been cut off while uploading or copying); "
        "open it in Excel, save it again as .xlsx and upload it again."
    )


def unknown_problem_message() -> str:
    """For a file the checks let through but openpyxl still cannot read (the trace goes to the log)."""
    return _("The workbook cannot be opened; save it again as .xlsx.")


def _damaged_message() -> str:
    return _("The workbook's contents are damaged; open it in Excel, save it again as .xlsx and upload it again.")


def _ole2_message(data: bytes) -> str:
    """An OLE2 compound file: an encrypted workbook keeps its package in an EncryptedPackage stream."""
    if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
        return _(
            "The workbook is protected by a password (encrypted), so it cannot be read; open it in Excel, "
            "remove the password (File → Info → Protect Workbook → Encrypt with Password) and save it again."
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return _(
            "The file is an old Excel 97-2003 workbook (.xls), even if its name ends in .xlsx; "
            "open it in Excel and save it as “Excel Workbook (*.xlsx)”."
        )
    if "WordDocument".encode("utf-16-le") in data:
        return _("The file is a Word document, not an Excel workbook.")
    return _(
        "The file is in an old Office 97-2003 format (such as an old .xls or a .doc), not an .xlsx workbook; "
        "open it in Excel and save it as “Excel Workbook (*.xlsx)”."
    )


def _not_a_zip_message(data: bytes) -> str:
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return _("The file is a PDF document, not an Excel workbook.")
    text = _as_text(head)
    if text is not None:
        stripped = text.lstrip("\ufeff \t\r\n").lower()
        if stripped.startswith("<"):  # HTML saved as .xls, Excel 2003 XML
            return _(
                "The file is a web page or an XML file with an Excel name, not an .xlsx workbook; "
                "open it in Excel and save it as “Excel Workbook (*.xlsx)”."
            )
        return _(
            "The file is a text file (such as a .csv renamed .xlsx), not an Excel workbook; "
            "open it in Excel and save it as “Excel Workbook (*.xlsx)”."
        )
    return _("The file is not an Excel .xlsx workbook.")


def _as_text(head: bytes) -> str | None:
    """The sample as text when it is text (UTF-8 or GBK, no NUL), else None."""
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "gb18030"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3:  # the sample cut a character in two
                return head[: exc.start].decode(encoding)
    return None


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse what is not an .xlsx, from the zip's directory alone."""
    infos = archive.infolist()
    if len(infos) > settings.XLSX_MAX_ENTRIES:
        archive.close()
        raise UnreadableFile(
            _("The workbook has %(count)d parts, more than the %(limit)d allowed; it is not a workbook of ours.")
            % {"count": len(infos), "limit": settings.XLSX_MAX_ENTRIES}
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > settings.XLSX_MAX_UNCOMPRESSED_BYTES:
        archive.close()
        raise UnreadableFile(
            _(
                "The workbook unpacks to %(size)d MB, more than the %(limit)d MB allowed "
                "(a file packed this tightly may be a zip bomb); it was not opened."
            )
            % {"size": math.ceil(unpacked / MB), "limit": settings.XLSX_MAX_UNCOMPRESSED_BYTES // MB}
        )
    names = [info.filename for info in infos]
    if len(set(names)) != len(names) or any(info.flag_bits & 0x1 for info in infos):
        archive.close()
        raise UnreadableFile(_damaged_message())
    lowered = {name.lower() for name in names}
    message = _not_xlsx_message(archive, lowered)
    if message:
        archive.close()
        raise UnreadableFile(message)


def _not_xlsx_message(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:200]:
        return _(
            "The file is an OpenDocument spreadsheet (.ods, from WPS or LibreOffice); "
            "save it as “Excel Workbook (*.xlsx)”."
        )
    if any(name.endswith("vbaproject.bin") for name in names) or _content_types_say(archive, b"macroEnabled"):
        return _(
            "The workbook contains macros (.xlsm), which are not accepted; "
            "save it in Excel as “Excel Workbook (*.xlsx)”, without macros."
        )
    if any(name.endswith("workbook.bin") for name in names):
        return _("The file is an Excel binary workbook (.xlsb); save it in Excel as “Excel Workbook (*.xlsx)”.")
    if "word/document.xml" in names:
        return _("The file is a Word document, not an Excel workbook.")
    if any(name.startswith("ppt/") for name in names):
        return _("The file is a PowerPoint presentation, not an Excel workbook.")
    if "[content_types].xml" not in names or not any(name.startswith("xl/") for name in names):
        return _("The file is a zip archive, not an Excel workbook.")
    return ""


def _content_types_say(archive: zipfile.ZipFile, word: bytes) -> bool:
    name = next((n for n in archive.namelist() if n.lower() == "[content_types].xml"), None)
    if name is None:
        return False
    with archive.open(name) as source:
        return word.lower() in source.read(1024 * 1024).lower()


# Reading the cells ------------------------------------------------------------------------


class TolerantParser(WorkSheetParser):
    """openpyxl's sheet parser, but a cell it cannot read becomes an Unreadable value."""

    def parse_cell(self, element):
        before = self.col_counter
        try:
            cell = super().parse_cell(element)
        except (ValueError, IndexError, TypeError, OverflowError, KeyError, AttributeError):
            row, column = self._position(element.get("r"), before)
            raw = element.findtext(VALUE_TAG) or element.get("r") or ""
            return {"row": row, "column": column, "value": Unreadable(raw), "data_type": "x", "style_id": 0}
        value = cell["value"]
        if isinstance(value, float) and not math.isfinite(value):
            cell["value"], cell["data_type"] = Unreadable(element.findtext(VALUE_TAG) or ""), "x"
        return cell

    def _position(self, coordinate: str | None, before: int) -> tuple[int, int]:
        try:
            row, column = coordinate_to_tuple(coordinate)
        except (TypeError, ValueError, AttributeError):
            row, column = self.row_counter, before + 1
        self.col_counter = column
        return row, column


VALUE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v"
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


class OpenedWorkbook:
    """A workbook that passed the checks: its sheet names, and each sheet's rows and merged ranges.

    A sheet's rows are read by calamine when the sheet holds plain values only (committees.xlsx_values),
    else by openpyxl's parser; calamine's rows are kept until the workbook is closed."""

    def __init__(self, book, data: bytes = b""):
        self.book, self.data = book, data
        self.sheetnames: list[str] = list(book.sheetnames)
        self._plain: dict[str, list[tuple[int, tuple]] | None] = {}

    def __enter__(self) -> OpenedWorkbook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._plain.clear()
        self.book.close()

    def rows(
        self, sheet: str, *, min_row: int = 1, max_row: int | None = None, max_col: int | None = None
    ) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """(row number, cells) of each row the sheet stores from min_row, padded to max_col.

        UnreadableFile naming the sheet when its XML breaks off (the rows before it were read).
        A row without a value may be left out.
        """
        plain = self._plain_rows(sheet)
        if plain is not None:
            for number, values in _slice(plain, min_row=min_row, max_row=max_row, max_col=max_col):
                yield number, _cells(values)
            return
        ws = self.book[sheet]
        last = min_row - 1
        try:
            with ws._get_source() as source:
                parser = TolerantParser(
                    source,
                    ws._shared_strings,
                    data_only=False,
                    epoch=self.book.epoch,
                    date_formats=self.book._date_formats,
                    timedelta_formats=self.book._timedelta_formats,
                )
                for number, cells in parser.parse():
                    if max_row is not None and number > max_row:
                        return
                    if number <= last:
                        continue  # before min_row, or a row number repeated or going back
                    last = number
                    yield number, _row(cells, max_col)
        except (*DAMAGED, ValueError) as exc:
            raise UnreadableFile(
                _(
                    "The sheet is damaged after row %(row)d and cannot be read; "
                    "open the file in Excel, save it again as .xlsx and upload it again."
                )
                % {"row": last},
                sheet=sheet,
            ) from exc

    def _plain_rows(self, sheet: str) -> list[tuple[int, tuple]] | None:
        """The sheet's rows of values as calamine reads them; None when it needs openpyxl's parser."""
        if sheet not in self._plain:
            try:
                self._plain[sheet] = plain_values(
                    self.data, self.book._archive, sheet, self.book[sheet]._worksheet_path
                )
            except NotPlain:
                self._plain[sheet] = None
        return self._plain[sheet]

    def values(self, sheet: str, **kwargs) -> Iterator[tuple[int, tuple]]:
        """(row number, values): an unreadable cell's value is an Unreadable."""
        plain = self._plain_rows(sheet)
        if plain is not None:
            yield from _slice(plain, **kwargs)
            return
        for number, cells in self.rows(sheet, **kwargs):
            yield number, tuple(cell.value for cell in cells)

    def grid(self, sheet: str, *, min_row: int = 1, width: int) -> Grid:
        """The sheet's rows from min_row as values, `width` wide, and the cells to look at one by one.

        A plain sheet's values come as calamine read them, without a Cell each; its text is checked
        for control characters in one search. UnreadableFile as rows() raises it."""
        plain = self._plain_rows(sheet)
        if plain is None:
            return _grid_of_cells(self.rows(sheet, min_row=min_row, max_col=width))
        rows = list(_slice(plain, min_row=min_row, max_col=width))
        odd = {}
        strings = [v for _number, values in rows for v in values if v.__class__ is str]
        if CONTROL_CHARACTERS.search("\n".join(strings)):  # rare: find the cells, one by one
            odd = {
                (index, at): Cell(value, "s")
                for index, (_number, values) in enumerate(rows)
                for at, value in enumerate(values)
                if value.__class__ is str and CONTROL_CHARACTERS.search(value)
            }
        return Grid(rows, odd)

    def merged_ranges(self, sheet: str) -> list[CellRange]:
        """The sheet's merged ranges: read-only mode does not parse them, so read its XML for them."""
        ws = self.book[sheet]
        try:
            with zipfile.ZipFile.open(self.book._archive, ws._worksheet_path) as source:
                xml = source.read()  # as stored: the refs need no cleaning (8 MB cleaned is 0.1 s)
        except DAMAGED as exc:
            raise UnreadableFile(_damaged_message(), sheet=sheet) from exc
        if b"mergeCell" not in xml:  # a plain search is 20× faster than the pattern's
            return []
        return [CellRange(ref.decode()) for ref in MERGE_CELL.findall(xml)]


PLAIN_TYPES = {str: "s", int: "n", float: "n"}
ODD_TYPES = frozenset("fex")  # a formula, an Excel error, an unreadable cell


def _slice(rows: list, *, min_row: int = 1, max_row: int | None = None, max_col: int | None = None) -> Iterator:
    """The rows of values from min_row to max_row, cut or padded with None to max_col."""
    for number, values in rows:
        if number < min_row:
            continue
        if max_row is not None and number > max_row:
            return
        if max_col is not None and len(values) != max_col:
            values = values[:max_col] + (None,) * (max_col - len(values))
        yield number, values


def _cells(values: tuple) -> tuple[Cell, ...]:
    """A plain row's values as cells (a plain sheet gives no booleans: any other value is a date or time)."""
    kind = PLAIN_TYPES.get
    return tuple(EMPTY if v is None else Cell(v, kind(type(v), "d")) for v in values)


@dataclass
class Grid:
    """A sheet's rows of values, and the cells whose values the readers may not take as they are."""

    rows: list[tuple[int, tuple]]  # (row number, values)
    # (index in rows, column index) → a formula, an Excel error, an unreadable cell or text with a control character
    odd: dict[tuple[int, int], Cell]


def _grid_of_cells(rows: Iterator[tuple[int, tuple[Cell, ...]]]) -> Grid:
    grid = Grid([], {})
    for index, (number, cells) in enumerate(rows):
        grid.rows.append((number, tuple(cell.value for cell in cells)))
        for at, cell in enumerate(cells):
            if cell.data_type in ODD_TYPES or (cell.value.__class__ is str and CONTROL_CHARACTERS.search(cell.value)):
                grid.odd[index, at] = cell
    return grid


def _row(cells: list[dict], max_col: int | None) -> tuple[Cell, ...]:
    width = max_col or max((c["column"] for c in cells), default=0)
    row = [EMPTY] * width
    for cell in cells:
        at = cell["column"] - 1
        if 0 <= at < width:
            value = cell["value"]
            if isinstance(value, str):
                value = value.translate(RESTORE)
            row[at] = Cell(value, cell["data_type"])
    return tuple(row)


# What the readers say about a cell --------------------------------------------------------


def cell_problem(cell: Cell) -> str | None:
    """Why a cell cannot be taken, in the user's words; None when it can (formulas are the readers' rule)."""
    if cell.data_type == "x":
        return _("The cell cannot be read (its content is damaged or not a valid value); type the value again.")
    if cell.data_type == "e":
        return _("The cell shows an Excel error (%(error)s); type the value instead.") % {"error": cell.value}
    if isinstance(cell.value, str):
        try:
            validate_text(cell.value)
        except ValidationError as exc:
            return exc.messages[0]
    return None


def shown(value) -> object:
    """A cell's value as an error message shows it: control characters made visible, long text cut."""
    if isinstance(value, Unreadable):
        value = value.raw
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub(_picture, value)
    return value if len(value) <= 100 else value[:100] + "…"


def _picture(match: re.Match) -> str:
    code = ord(match.group())
    if code < 32:
        return chr(0x2400 + code)  # ␀ … ␟, the Control Pictures
    return "\u2421" if code == 0x7F else "\ufffd"

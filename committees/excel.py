"""Workbooks in and out, pure: bytes in → rows and errors out; specs and rows in → bytes out.

No model is imported here: a service turns the parsed rows into records (and the Excel
code stays testable without a database). Every error names the sheet, the row, the column
header and the value, in the user's language.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import NO, YES, YES_LABELS
from .headers import header_text
from .xlsx_open import Cell as UploadedCell
from .xlsx_open import (
    OpenedWorkbook,
    UnreadableFile,
    cell_problem,
    open_workbook,
    shown,
    unknown_problem_message,
)
from .xlsx_parse import parse_value, value_parser
from .xlsx_rows import one_page_wide, text_sheet
from .xlsx_write import put, write

logger = logging.getLogger(__name__)
HEADER_SEARCH_ROWS = 5
INSTRUCTIONS_SHEET = "填表说明"
INSTRUCTIONS_WIDTH = 64  # characters: within an A4 page's width (LibreOffice prints a character wider than Excel)


@dataclass(frozen=True)
class Column:
    """One column: its exact Chinese header, the key of the parsed row, its type and rules."""

    header: str
    key: str
    type: str = "text"  # text, int, decimal, bool, choice, date
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    locked: bool = False  # keys and names that the filler must not change in exported rows
    readonly: bool = False  # written by the export for information, never read back
    lookup: str = ""  # a lookup sheet whose first column lists the allowed values (a soft dropdown)
    refers: str = ""  # the kind of record the cell names by its key; imports look it up in the uploader's scope
    help: str = ""
    # Written after the header (the year its figure describes: "（2022年度）"); a header row is
    # read with or without a year's note after the header (header_text).
    note: str = ""
    width: int = 0  # characters, when the values run wider than the header

    @property
    def written_header(self) -> str:
        """The header cell's text: the note on a line of its own under the header."""
        return f"{self.header}\n{self.note}" if self.note else self.header


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # the columns that identify a row (duplicates are errors)
    landscape: bool = False  # printed across an A4 page turned sideways, all the columns on one page

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class CellError:
    sheet: str
    row: int | None
    column: str | None
    value: object
    message: str

    def __post_init__(self) -> None:
        # No control character from a file reaches a page, a log or a job's JSON (PostgreSQL refuses NUL).
        self.value = shown(self.value)
        self.column = shown(self.column)

    def __str__(self) -> str:
        where = [_("sheet “%(sheet)s”") % {"sheet": self.sheet}] if self.sheet else []
        if self.row:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        if self.value not in (None, ""):
            where.append(_("value “%(value)s”") % {"value": self.value})
        if not where:
            return self.message
        return _("%(where)s: %(message)s") % {
            "where": pgettext("list separator", ", ").join(where),
            "message": self.message,
        }


@dataclass
class ParsedSheet:
    spec: SheetSpec
    rows: list[dict] = field(default_factory=list)  # each with "_row": the Excel row number
    count: int = 0  # the data rows read, with or without errors
    warnings: list[CellError] = field(default_factory=list)


class WorkbookError(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


# Reading -------------------------------------------------------------------------------


def read_workbook(data: bytes, specs: Iterable[SheetSpec], *, max_bytes: int | None = None) -> dict[str, ParsedSheet]:
    """Parse the sheets named by `specs`; raise WorkbookError listing every problem found."""
    parsed, errors = read_sheets(data, specs, max_bytes=max_bytes)
    if errors:
        raise WorkbookError(errors)
    return parsed


def read_sheets(
    data: bytes, specs: Iterable[SheetSpec], *, max_bytes: int | None = None
) -> tuple[dict[str, ParsedSheet], list[CellError]]:
    """Parse what can be parsed: the rows without a cell error, and every error found.

    An importer checks the clean rows further, so that the filler sees all the problems of a
    file at once. A file that is not a workbook, or a sheet without its header, gives no rows.
    """
    specs = list(specs)
    try:
        book = open_workbook(data, max_bytes=max_bytes)
    except UnreadableFile as exc:
        return {}, [CellError(exc.sheet, None, None, None, exc.message)]
    errors: list[CellError] = []
    parsed: dict[str, ParsedSheet] = {}
    try:
        for spec in specs:
            if spec.name not in book.sheetnames:
                errors.append(CellError(spec.name, None, None, None, _("The sheet is missing.")))
                continue
            parsed[spec.name] = _read_sheet(book, spec, errors)
    except UnreadableFile as exc:
        return {}, [CellError(exc.sheet, None, None, None, exc.message)]
    except Exception:  # a case open_workbook does not know yet: the user gets a message, we the trace
        logger.exception("An uploaded workbook could not be read")
        return {}, [_whole_file_error(unknown_problem_message())]
    finally:
        book.close()
    return parsed, errors


def _whole_file_error(message: str) -> CellError:
    return CellError("", None, None, None, message)


def _read_sheet(book: OpenedWorkbook, spec: SheetSpec, errors: list[CellError]) -> ParsedSheet:
    """One sheet's rows, parsed: the header found, its columns checked, then each data row; a row
    with an error is left out of `rows` (the errors say why) but counted."""
    result = ParsedSheet(spec)
    header_row, positions, header_values = find_header(book, spec.name, spec)
    if header_row is None:
        errors.append(
            CellError(
                spec.name,
                None,
                None,
                None,
                _("No header row found in the first %(n)d rows.") % {"n": HEADER_SEARCH_ROWS},
            )
        )
        return result
    _check_merged(book, spec, header_row, errors)
    if not _check_columns(spec, header_row, positions, header_values, errors, result.warnings):
        return result
    columns = [(c, positions[c.key] - 1) for c in spec.columns if c.key in positions and not c.readonly]
    reader = RowReader(spec, columns, [c for c in spec.columns if c.key not in positions and not c.readonly])
    grid = book.grid(spec.name, min_row=header_row + 1, width=max(positions.values()))
    seen: dict[tuple, int] = {}
    for index, (number, values) in enumerate(grid.rows):
        picked = reader.pick(values)
        if picked.count(None) + picked.count("") == len(picked):
            continue
        errors_before = len(errors)
        odd = {at: grid.odd[index, at] for at in reader.positions if (index, at) in grid.odd} if grid.odd else {}
        parsed_row = reader.read(number, picked, odd, errors)
        _check_duplicate(spec, number, parsed_row, seen, errors)
        result.count += 1
        if len(errors) == errors_before:
            result.rows.append(parsed_row)
    if not result.count:
        errors.append(CellError(spec.name, None, None, None, _("The sheet has no data rows.")))
    return result


def _check_merged(book: OpenedWorkbook, spec: SheetSpec, header_row: int, errors: list[CellError]) -> None:
    for merged in book.merged_ranges(spec.name):
        if merged.max_row > header_row:  # merged title rows above the header are fine
            errors.append(
                CellError(
                    spec.name,
                    merged.min_row,
                    None,
                    merged.coord,
                    _("Merged cells are not allowed in the data; unmerge them."),
                )
            )


def _check_columns(
    spec: SheetSpec,
    header_row: int,
    positions: dict[str, int],
    header_values: tuple,
    errors: list[CellError],
    warnings: list[CellError],
) -> bool:
    """Every required column is there (False if not); an unknown column is a warning."""
    missing = [c.header for c in spec.columns if c.required and c.key not in positions]
    for header in missing:
        errors.append(CellError(spec.name, header_row, header, None, _("A required column is missing.")))
    if missing:
        return False
    known = {c.header for c in spec.columns}
    for value in header_values:
        if value not in (None, "") and header_text(value, known) not in known:
            warnings.append(CellError(spec.name, header_row, str(value), None, _("Unknown column, ignored.")))
    return True


class RowReader:
    """Reads a sheet's data rows: each column's values parsed by its own parser (parse_value with a
    shortcut for the usual value), the whole row at once unless a cell needs a closer look."""

    def __init__(self, spec: SheetSpec, columns: list[tuple[Column, int]], absent: list[Column]):
        self.spec, self.columns = spec, [column for column, _at in columns]
        self.positions = [at for _column, at in columns]
        self.keys = [column.key for column in self.columns]
        self.parsers = [value_parser(column) for column in self.columns]
        getter = itemgetter(*self.positions)
        self.pick = getter if len(self.positions) > 1 else lambda values: (getter(values),)
        self.defaults = {}  # an absent optional column reads as its empty value
        for column in absent:
            try:
                self.defaults[column.key] = parse_value(column, None)
            except ValueError:  # pragma: no cover - a missing required column stopped us above
                pass

    def read(self, number: int, picked: tuple, odd: dict[int, UploadedCell], errors: list[CellError]) -> dict:
        """One data row's values by column key; a cell that is a formula, or does not parse, is an
        error and left out. `odd` holds the row's cells to look at, by position."""
        if not odd:
            try:
                parsed_row = {"_row": number}
                parsed_row.update(
                    zip(self.keys, [p(v) for p, v in zip(self.parsers, picked, strict=True)], strict=True)
                )
            except ValueError:
                pass  # a cell does not parse: read the row cell by cell, for its errors
            else:
                parsed_row.update(self.defaults)
                return parsed_row
        parsed_row = {"_row": number}
        for column, at, parse, raw in zip(self.columns, self.positions, self.parsers, picked, strict=True):
            cell = odd.get(at)
            if cell is not None and cell.data_type == "f":
                message = _("Formulas are not accepted; paste the values instead.")
                errors.append(CellError(self.spec.name, number, column.header, raw, message))
                continue
            problem = cell_problem(cell) if cell is not None else None
            if problem:
                errors.append(CellError(self.spec.name, number, column.header, raw, problem))
                continue
            try:
                parsed_row[column.key] = parse(raw)
            except ValueError as exc:
                errors.append(CellError(self.spec.name, number, column.header, raw, str(exc)))
        parsed_row.update(self.defaults)
        return parsed_row


def _check_duplicate(spec: SheetSpec, number: int, parsed_row: dict, seen: dict[tuple, int], errors) -> None:
    """A row whose key repeats an earlier row's; `seen` keeps the first row of each key."""
    if not spec.key or not all(k in parsed_row for k in spec.key):
        return
    key = tuple(parsed_row[k] for k in spec.key)
    if key in seen:
        header = "、".join(spec.column(k).header for k in spec.key)
        errors.append(
            CellError(
                spec.name,
                number,
                header,
                " / ".join(str(k) for k in key),
                _("Duplicate of row %(row)d.") % {"row": seen[key]},
            )
        )
    else:
        seen[key] = number


def find_header(book: OpenedWorkbook, sheet: str, spec: SheetSpec) -> tuple[int | None, dict[str, int], tuple]:
    """The header row within the first rows, each known column's position (1-based) and the row's values."""
    by_header = {c.header: c.key for c in spec.columns}
    best: tuple[int | None, dict[str, int], tuple] = (None, {}, ())
    for number, values in book.values(sheet, max_row=HEADER_SEARCH_ROWS):
        texts = [(at, header_text(v, by_header)) for at, v in enumerate(values, start=1) if v is not None]
        positions = {by_header[text]: at for at, text in texts if text in by_header}
        if len(positions) > len(best[1]):
            best = (number, positions, values)
    return best


def count_data_rows(data: bytes, sheet: str, *, stop_after: int) -> int | None:
    """The non-empty rows of a sheet below its first row, counted up to stop_after + 1.

    Cheap (read-only mode, stops early): it decides whether an upload is big enough for a
    background job. None when the file cannot be read; the full read then reports why.
    """
    try:
        with open_workbook(data) as book:
            if sheet not in book.sheetnames:
                return None
            count = -1  # the header row
            for _number, values in book.values(sheet):
                if any(value not in (None, "") for value in values):
                    count += 1
                    if count > stop_after:
                        break
            return max(count, 0)
    except UnreadableFile:
        return None
    except Exception:  # only a hint: the full read reports the problem in the user's words
        logger.exception("An uploaded workbook could not be counted")
        return None


# Writing -------------------------------------------------------------------------------

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
FONT = "宋体"
# A column's number format comes from its type, never from the first value written in it.
NUMBER_FORMATS = {"text": "@", "decimal": "0.00", "date": "yyyy-mm-dd"}


def build_workbook(
    sheets: list[tuple[SheetSpec, list[dict]]],
    *,
    instructions: list[str] = (),
    title: str = "",
    lookups: dict[str, tuple[list[str], list[list]]] | None = None,
) -> bytes:
    """A workbook with one sheet per spec (headers, rows, dropdowns, locked keys), the instructions
    and the lookup sheets (name → headers and rows, protected) that `Column.lookup` refers to.
    Every cell is written by committees.xlsx_write: text stays text, whatever it begins with."""
    lookups = lookups or {}
    book = Workbook()
    book.remove(book.active)
    for spec, rows in sheets:
        _write_sheet(book.create_sheet(spec.name), spec, rows, lookups)
    if instructions:
        lines = [title, *instructions] if title else list(instructions)
        text_sheet(book.create_sheet(INSTRUCTIONS_SHEET), lines, INSTRUCTIONS_WIDTH)
    for name, (headers, rows) in lookups.items():
        ws = book.create_sheet(name)
        for index, header in enumerate(headers, start=1):
            cell = put(ws, 1, index, header)
            cell.font = Font(name=FONT, bold=True)
            cell.fill = HEADER_FILL
            ws.column_dimensions[get_column_letter(index)].width = 24
        for number, row in enumerate(rows, start=2):
            for index, value in enumerate(row, start=1):
                put(ws, number, index, value)
        ws.protection.sheet = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


UNLOCKED = Protection(locked=False)
LAST_ROW = 1048576  # Excel's last row: the dropdowns reach every row the filler may add


def _column_style(ws, column: Column, locked_any: bool) -> StyleArray:
    """The style of a column's data cells, from its spec alone (type, locked, read-only)."""
    cell = Cell(ws)  # a detached cell: its style is registered in the workbook, no cell is added
    cell.border = BORDER
    cell.font = Font(name=FONT)
    cell.number_format = NUMBER_FORMATS.get(column.type, "General")
    if column.locked or column.readonly:
        cell.fill = LOCKED_FILL
    elif locked_any:
        cell.protection = UNLOCKED
    return cell._style


def _write_sheet(ws, spec: SheetSpec, rows: list[dict], lookups: dict) -> None:
    """Header and rows; the sheet is protected when a column is locked, and then only the header,
    the locked columns of the exported rows and the read-only columns cannot be typed over."""
    locked_any = any(c.locked or c.readonly for c in spec.columns)
    if spec.landscape:
        one_page_wide(ws, landscape=True)
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = put(ws, 1, index, column.written_header)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[letter].width = max(10, column.width, len(column.header) * 2 + 2, len(column.note) * 2 + 2)
        ws.column_dimensions[letter].number_format = NUMBER_FORMATS.get(column.type, "General")
        if locked_any and not column.readonly:
            # Rows the filler adds below the export take the column's style: typeable.
            ws.column_dimensions[letter].protection = UNLOCKED
    # A column's cells share one style, worked out once and copied to each: setting style
    # attributes makes openpyxl hash the style objects (most of an export's time).
    if any(column.note for column in spec.columns):
        ws.row_dimensions[1].height = 30  # two lines: a header and its note
    styles = [_column_style(ws, column, locked_any) for column in spec.columns]
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(spec.columns, start=1):
            value = row.get(column.key)
            if column.type == "bool" and value is not None:
                value = YES_LABELS[bool(value)]
            cell = ws.cell(number, index)
            cell._style = copy(styles[index - 1])
            write(cell, value)
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        choices = (YES, NO) if column.type == "bool" else column.choices
        if choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(choices) + '"', allow_blank=not column.required
            )
            validation.error = _("Not one of: %(choices)s.") % {"choices": "、".join(choices)}
            validation.showErrorMessage = True
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)
        elif column.lookup in lookups:
            count = max(len(lookups[column.lookup][1]), 1)
            validation = DataValidation(
                type="list", formula1=f"'{column.lookup}'!$A$2:$A${count + 1}", allow_blank=not column.required
            )
            validation.errorStyle = "warning"  # a list to pick from; the importer has the last word
            validation.showErrorMessage = True
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)
    if locked_any:
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.protection.insertRows = False
        ws.protection.deleteRows = False
    ws.freeze_panes = "A2"

"""Workbooks in and out, pure: bytes in → rows and errors out; specs and rows in → bytes out.

No model is imported here: a service turns the parsed rows into records (and the Excel
code stays testable without a database). Every error names the sheet, the row, the column
header and the value, in the user's language.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
HEADER_SEARCH_ROWS = 5
INSTRUCTIONS_SHEET = "填表说明"
TRUE_WORDS = {"是", "1", "y", "yes", "true", "t"}
FALSE_WORDS = {"否", "0", "n", "no", "false", "f"}


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
    locked: bool = False  # keys and names that the filler must not change
    help: str = ""


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # the columns that identify a row (duplicates are errors)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass
class CellError:
    sheet: str
    row: int | None
    column: str | None
    value: object
    message: str

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
    warnings: list[CellError] = field(default_factory=list)


class WorkbookError(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


# Reading -------------------------------------------------------------------------------


def read_workbook(
    data: bytes, specs: Iterable[SheetSpec], *, max_bytes: int = MAX_UPLOAD_BYTES
) -> dict[str, ParsedSheet]:
    """Parse the sheets named by `specs`; raise WorkbookError listing every problem found."""
    specs = list(specs)
    if len(data) > max_bytes:
        raise WorkbookError(
            [
                CellError(
                    "", None, None, None, _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}
                )
            ]
        )
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(
            [
                CellError(
                    "",
                    None,
                    None,
                    None,
                    _("The file is not an Excel .xlsx workbook (a renamed .csv or .xls is not accepted)."),
                )
            ]
        )
    try:
        book = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # noqa: BLE001 - any corrupt archive is the same to the user
        raise WorkbookError(
            [CellError("", None, None, None, _("The workbook cannot be opened; save it again as .xlsx."))]
        )
    errors: list[CellError] = []
    parsed: dict[str, ParsedSheet] = {}
    for spec in specs:
        if spec.name not in book.sheetnames:
            errors.append(CellError(spec.name, None, None, None, _("The sheet is missing.")))
            continue
        parsed[spec.name] = _read_sheet(book[spec.name], spec, errors)
    if errors:
        raise WorkbookError(errors)
    return parsed


def _read_sheet(ws, spec: SheetSpec, errors: list[CellError]) -> ParsedSheet:
    result = ParsedSheet(spec)
    header_row, positions = _find_header(ws, spec)
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
    for merged in ws.merged_cells.ranges:
        if merged.max_row > header_row:  # merged title rows above the header are fine
            errors.append(
                CellError(
                    spec.name,
                    merged.min_row,
                    None,
                    str(merged),
                    _("Merged cells are not allowed in the data; unmerge them."),
                )
            )
    missing = [c.header for c in spec.columns if c.required and c.key not in positions]
    for header in missing:
        errors.append(CellError(spec.name, header_row, header, None, _("A required column is missing.")))
    if missing:
        return result
    known = {c.header for c in spec.columns}
    for cell in ws[header_row]:
        if cell.value not in (None, "") and str(cell.value).strip() not in known:
            result.warnings.append(
                CellError(spec.name, header_row, str(cell.value), None, _("Unknown column, ignored."))
            )
    seen: dict[tuple, int] = {}
    for row in ws.iter_rows(min_row=header_row + 1):
        values = {
            c.key: row[positions[c.key] - 1] if positions.get(c.key, len(row) + 1) <= len(row) else None
            for c in spec.columns
        }
        if all(cell is None or cell.value in (None, "") for cell in values.values()):
            continue
        number = row[0].row
        parsed_row = {"_row": number}
        for column in spec.columns:
            cell = values[column.key]
            raw = None if cell is None else cell.value
            if cell is not None and cell.data_type == "f":
                errors.append(
                    CellError(
                        spec.name, number, column.header, raw, _("Formulas are not accepted; paste the values instead.")
                    )
                )
                continue
            try:
                parsed_row[column.key] = parse_value(column, raw)
            except ValueError as exc:
                errors.append(CellError(spec.name, number, column.header, raw, str(exc)))
        if spec.key and all(k in parsed_row for k in spec.key):
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
        result.rows.append(parsed_row)
    if not result.rows:
        errors.append(CellError(spec.name, None, None, None, _("The sheet has no data rows.")))
    return result


def _find_header(ws, spec: SheetSpec) -> tuple[int | None, dict[str, int]]:
    """The header row within the first rows, and each known column's position (1-based)."""
    by_header = {c.header: c.key for c in spec.columns}
    best: tuple[int | None, dict[str, int]] = (None, {})
    for row in ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS):
        positions = {
            by_header[str(c.value).strip()]: c.column
            for c in row
            if c.value is not None and str(c.value).strip() in by_header
        }
        if len(positions) > len(best[1]):
            best = (row[0].row, positions)
    return best


def parse_value(column: Column, raw):
    """One cell's value as Python, or ValueError with a message for the user."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        if column.required:
            raise ValueError(_("A value is required."))
        return None
    if column.type == "text":
        return str(raw)
    if column.type == "int":
        number = _number(raw)
        if number != number.to_integral_value():
            raise ValueError(_("A whole number is expected."))
        value = int(number)
    elif column.type == "decimal":
        value = _number(raw)
        if value != value.quantize(Decimal("0.01")):
            raise ValueError(_("At most 2 decimals are allowed."))
    elif column.type == "bool":
        word = str(raw).strip().lower()
        if isinstance(raw, bool):
            return raw
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("Expected 是 or 否."))
    elif column.type == "choice":
        if str(raw) not in column.choices:
            raise ValueError(_("Not one of: %(choices)s.") % {"choices": "、".join(column.choices)})
        return str(raw)
    elif column.type == "date":
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        try:
            return datetime.date.fromisoformat(str(raw))
        except ValueError:
            raise ValueError(_("A date like 2024-12-31 is expected."))
    else:  # pragma: no cover - a spec error, not user input
        raise AssertionError(column.type)
    if column.minimum is not None and value < column.minimum:
        raise ValueError(_("Must be at least %(min)s.") % {"min": column.minimum})
    if column.maximum is not None and value > column.maximum:
        raise ValueError(_("Must be at most %(max)s.") % {"max": column.maximum})
    return value


def _number(raw) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError(_("A number is expected."))
    try:
        value = Decimal(str(raw).replace(",", "")) if not isinstance(raw, float) else Decimal(repr(raw))
    except InvalidOperation:
        raise ValueError(_("A number is expected."))
    if not value.is_finite() or abs(value) >= 10**12:
        raise ValueError(_("A number is expected."))
    return value


# Writing -------------------------------------------------------------------------------

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
FONT = "宋体"


def build_workbook(
    sheets: list[tuple[SheetSpec, list[dict]]], *, instructions: list[str] = (), title: str = ""
) -> bytes:
    """A workbook with one sheet per spec (headers, rows, dropdowns, locked keys) and instructions."""
    book = Workbook()
    book.remove(book.active)
    for spec, rows in sheets:
        _write_sheet(book.create_sheet(spec.name), spec, rows)
    if instructions:
        ws = book.create_sheet(INSTRUCTIONS_SHEET)
        ws.column_dimensions["A"].width = 100
        for number, line in enumerate([title, *instructions] if title else instructions, start=1):
            ws.cell(number, 1, line).alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(ws, spec: SheetSpec, rows: list[dict]) -> None:
    locked_any = any(c.locked for c in spec.columns)
    for index, column in enumerate(spec.columns, start=1):
        cell = ws.cell(1, index, column.header)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = max(10, len(column.header) * 2 + 2)
    last = max(len(rows) + 1, 2)
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(spec.columns, start=1):
            value = row.get(column.key)
            if column.type == "bool" and value is not None:
                value = "是" if value else "否"
            cell = ws.cell(number, index, value)
            cell.border = BORDER
            cell.font = Font(name=FONT)
            if column.type == "decimal":
                cell.number_format = "0.00"
            if column.locked:
                cell.fill = LOCKED_FILL
            elif locked_any:
                cell.protection = Protection(locked=False)
    for index, column in enumerate(spec.columns, start=1):
        choices = ("是", "否") if column.type == "bool" else column.choices
        if choices:
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list", formula1='"' + ",".join(choices) + '"', allow_blank=not column.required
            )
            validation.error = _("Not one of: %(choices)s.") % {"choices": "、".join(choices)}
            validation.showErrorMessage = True
            validation.add(f"{letter}2:{letter}{last + 500}")
            ws.add_data_validation(validation)
        if locked_any and not column.locked:
            letter = get_column_letter(index)
            for number in range(len(rows) + 2, last + 500):
                ws[f"{letter}{number}"].protection = Protection(locked=False)
    if locked_any:
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    ws.freeze_panes = "A2"

"""A town's survey workbook in and out, pure: specs and rows in → bytes out; bytes in → rows
and errors out. No model is imported: surveys.imports loads and saves.

The template has the round's forms as sheets (表1 班子队伍 … 表5B 品牌项目), the instructions
(填表说明), the town's committee codes and a hidden sheet naming the round, the town and the
spec version. The reader finds a form's sheet by its prefix (表1 … 表5B), the header row in
the first rows and the columns by their headers, in any order. It reports what makes a file
unreadable (a missing column, merged cells, formulas, a duplicated sheet …) as errors naming the
sheet, row, column and value; checking the cells and rows against the spec is the validation's
job (surveys.validation), on the rows read here.

Messages are Chinese whatever the interface language, like the validation's: they speak of the
district's forms, and the import command prints them as they are.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from committees.excel import HEADER_SEARCH_ROWS, CellError, build_workbook, find_header, header_text
from committees.excel_specs import CODES_HEADERS, CODES_SHEET, KIND_LABELS
from committees.xlsx_open import (
    Grid,
    OpenedWorkbook,
    UnreadableFile,
    cell_problem,
    open_workbook,
    unknown_problem_message,
)
from committees.xlsx_write import annotate, put

from .spec import (
    INSTRUCTIONS_SHEET,
    META_SHEET,
    SPEC_VERSION,
    FormSpec,
    SectionSpec,
    excel_row,
    instructions,
    sheet_prefix,
    sheet_spec,
)
from .validation import CommitteeRef

logger = logging.getLogger(__name__)
META_ROUND = "round"
META_TOWN = "town"
META_TOWN_NAME = "town_name"
META_VERSION = "spec_version"
META_KEYS = (META_ROUND, META_TOWN, META_VERSION)
META_LABELS = {
    META_ROUND: "年度",
    META_TOWN: "镇（街道）编码",
    META_VERSION: "模板版本",
}  # the keys, as messages name them
IGNORED_SHEETS = {INSTRUCTIONS_SHEET, CODES_SHEET, META_SHEET}


@dataclass
class SheetRows:
    """One form sheet of an upload: the raw cells of its data rows, keyed by field key, with
    "_row" (the Excel row number); only the columns the sheet has are in a row."""

    section: SectionSpec
    name: str  # the sheet's name in the file
    header_row: int
    keys: tuple[str, ...]
    rows: list[dict] = field(default_factory=list)


@dataclass
class Upload:
    meta: dict[str, str] | None = None  # None: the workbook has no meta sheet
    sheets: list[SheetRows] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)

    def sheet(self, prefix: str) -> SheetRows | None:
        return next((s for s in self.sheets if s.section.prefix == prefix), None)


# Writing -------------------------------------------------------------------------------


def template_workbook(
    forms: Sequence[FormSpec],
    rows: Mapping[tuple[int, str], Sequence[Mapping]],
    *,
    year: int,
    town: CommitteeRef,
    committees: Sequence[CommitteeRef] = (),
    locked: Sequence[str] = (),
    notes: Sequence[Note] = (),
) -> bytes:
    """The town's workbook: a sheet per section of `forms` with `rows[(form, section)]` (stored
    values), the instructions, the codes of `committees` to pick from in the lists (表4B, 表5B) and the
    hidden meta sheet. `locked` names the sheets whose form cannot be changed now (submitted or
    approved); the instructions say so. `notes` are the reviewer's comments on cells of returned
    forms, written as the cells' comments."""
    sheets = []
    for form in forms:
        for section in form.sections:
            spec = sheet_spec(section)
            if section.free_rows:
                columns = tuple(
                    dataclasses.replace(c, lookup=CODES_SHEET) if c.key == "committee_code" else c for c in spec.columns
                )
                spec = dataclasses.replace(spec, columns=columns)
            values = [excel_row(section, r) for r in rows.get((form.number, section.section), ())]
            sheets.append((spec, values))
    lines = instructions(forms, year=year)
    if locked:
        lines.append(
            "以下工作表所属的表已上报或已审核通过，当前不能修改；上传本文件时跳过这些工作表，其中的修改不会导入："
            + "、".join(locked)
            + "。"
        )
    codes = [[u.code, u.name, KIND_LABELS.get(u.kind, u.kind)] for u in committees]
    data = build_workbook(
        sheets,
        instructions=lines,
        title=f"{town.name}（{town.code}）{year} 年度关工委基层基础建设调查表",
        lookups={CODES_SHEET: (CODES_HEADERS, codes)},
    )
    if notes:
        lines.append("带批注（单元格右上角的红色三角）的单元格是区关工委退回时的意见，请据此修改后重新上报。")
    return _with_meta(
        data,
        {META_ROUND: year, META_TOWN: town.code, META_TOWN_NAME: town.name, META_VERSION: SPEC_VERSION},
        notes=notes,
        columns={s.sheet: s.keys for f in forms for s in f.sections},
    )


@dataclass(frozen=True)
class Note:
    """A comment on a cell of a form sheet: its data row (0-based, in the rows' order) and column."""

    sheet: str
    row: int
    key: str
    text: str
    author: str = ""


def _with_meta(
    data: bytes,
    meta: Mapping[str, object],
    *,
    notes: Sequence[Note] = (),
    columns: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    """Add the hidden meta sheet (build_workbook has no hidden sheets) and the cells' comments."""
    book = load_workbook(io.BytesIO(data))
    _write_meta(book, meta)
    _write_notes(book, notes, columns or {})
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_notes(book: Workbook, notes: Sequence[Note], columns: Mapping[str, Sequence[str]]) -> None:
    """Each note on its cell. A sheet's columns are its section's fields in order, the header in
    row 1 and the data rows below it (committees.excel.build_workbook)."""
    for note in notes:
        keys = columns.get(note.sheet, ())
        if note.key in keys:
            annotate(book[note.sheet].cell(note.row + 2, keys.index(note.key) + 1), note.text, note.author)


def _write_meta(book: Workbook, meta: Mapping[str, object]) -> None:
    ws = book.create_sheet(META_SHEET)
    for number, (key, value) in enumerate(meta.items(), start=1):
        put(ws, number, 1, key).font = Font(bold=True)
        put(ws, number, 2, value)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


# Reading -------------------------------------------------------------------------------


def read_upload(data: bytes, forms: Sequence[FormSpec], *, max_bytes: int | None = None) -> Upload:
    """Read the form sheets of `forms` that the workbook has (any subset, found by prefix) and its
    meta sheet. Errors are what keeps the file from being read; warnings what was ignored."""
    upload = Upload()
    try:
        book = open_workbook(data, max_bytes=max_bytes)
    except UnreadableFile as exc:
        upload.errors.append(_file_error(exc.message))
        return upload
    try:
        _read_book(book, forms, upload)
    except UnreadableFile as exc:
        upload.sheets, upload.errors = [], [CellError(exc.sheet or _("Workbook"), None, None, None, exc.message)]
    except Exception:  # a case open_workbook does not know yet: the user gets a message, we the trace
        logger.exception("An uploaded survey workbook could not be read")
        upload.sheets, upload.errors = [], [_file_error(unknown_problem_message())]
    finally:
        book.close()
    return upload


def _read_book(book: OpenedWorkbook, forms: Sequence[FormSpec], upload: Upload) -> None:
    by_prefix = {s.prefix: s for f in forms for s in f.sections}
    found: dict[str, str] = {}
    for name in book.sheetnames:
        if name == META_SHEET:
            upload.meta = _read_meta(book)
            continue
        if name in IGNORED_SHEETS:
            continue
        prefix = sheet_prefix(name)
        if prefix is None:
            upload.warnings.append(_sheet_error(name, _("Not a survey form sheet; ignored.")))
            continue
        section = by_prefix.get(prefix)
        if section is None:
            known = "、".join(by_prefix)
            message = _("This round has no %(prefix)s (its forms: %(known)s).") % {"prefix": prefix, "known": known}
            upload.errors.append(_sheet_error(name, message))
            continue
        if prefix in found:
            message = _("This sheet and the sheet “%(other)s” are both %(prefix)s; keep only one.")
            upload.errors.append(_sheet_error(name, message % {"other": found[prefix], "prefix": prefix}))
            continue
        found[prefix] = name
        sheet = _read_sheet(book, section, name, upload)
        if sheet is not None:
            upload.sheets.append(sheet)
    if not found and not upload.errors:
        names = "、".join(s.sheet for f in forms for s in f.sections)
        upload.errors.append(
            _file_error(
                _(
                    "The workbook has no survey form sheet (expected: %(names)s; recognised by a prefix such as “%(prefix)s”)."
                )
                % {"names": names, "prefix": next(iter(by_prefix), "")}
            )
        )


def _read_sheet(book: OpenedWorkbook, section: SectionSpec, name: str, upload: Upload) -> SheetRows | None:
    spec = sheet_spec(section)
    header_row, positions, header_values = find_header(book, name, spec)
    if header_row is None:
        upload.errors.append(
            CellError(
                name,
                None,
                None,
                None,
                _("No header row found in the first %(n)d rows (it should have column names such as “%(header)s”).")
                % {"n": HEADER_SEARCH_ROWS, "header": section.fields[0].header},
            )
        )
        return None
    missing = [f.header for f in section.fields if f.required and f.key not in positions]
    for header in missing:
        upload.errors.append(
            CellError(
                name, header_row, header, None, _("The required column “%(header)s” is missing.") % {"header": header}
            )
        )
    for area in book.merged_ranges(name):
        if area.max_row > header_row:  # merged title rows above the header are fine
            upload.errors.append(
                CellError(
                    name, area.min_row, None, area.coord, _("The data area may not hold merged cells; unmerge them.")
                )
            )
    known = set(section.headers)
    for value in header_values:
        if value not in (None, "") and header_text(value, known) not in known:
            upload.warnings.append(
                CellError(name, header_row, str(value).strip(), None, _("Not a column of this form; ignored."))
            )
    if missing:
        return None
    columns = [(f, positions[f.key] - 1) for f in section.fields if f.key in positions]
    sheet = SheetRows(section, name, header_row, tuple(f.key for f, _at in columns))
    grid = book.grid(name, min_row=header_row + 1, width=max(positions.values()))
    _read_rows(grid, columns, sheet, upload)
    return sheet


def _read_rows(grid: Grid, columns: list, sheet: SheetRows, upload: Upload) -> None:
    """The sheet's data rows into `sheet.rows`; a formula or an unreadable cell is an error, its value None."""
    for index, (number, values) in enumerate(grid.rows):
        row = {"_row": number}
        for f, at in columns:
            value = values[at]
            cell = grid.odd.get((index, at)) if grid.odd else None
            if cell is None:
                pass
            elif cell.data_type == "f":
                upload.errors.append(
                    CellError(sheet.name, number, f.header, value, _("Formulas are not accepted; enter the values."))
                )
                value = None
            elif problem := cell_problem(cell):
                upload.errors.append(CellError(sheet.name, number, f.header, value, problem))
                value = None
            row[f.key] = value.strip() if isinstance(value, str) else value
        if all(row[k] in (None, "") for k in sheet.keys):
            continue
        sheet.rows.append(row)


def _read_meta(book: OpenedWorkbook) -> dict[str, str]:
    meta = {}
    for _number, cells in book.rows(META_SHEET, max_row=20, max_col=2):
        if cells[0].value in (None, ""):
            continue
        if any(cell_problem(cell) for cell in cells):
            continue  # a damaged entry is a missing one: check_meta says the sheet is incomplete
        values = [cell.value for cell in cells]
        value = values[1]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        meta[str(values[0]).strip()] = "" if value is None else str(value).strip()
    return meta


def _sheet_error(sheet: str, message: str) -> CellError:
    """An error about a whole sheet (no row, no column)."""
    return CellError(sheet, None, None, None, message)


def _file_error(message: str) -> CellError:
    return CellError(_("Workbook"), None, None, None, message)  # the "sheet" of an error about the whole file


def check_meta(meta: Mapping[str, str] | None, *, year: int, town: CommitteeRef) -> list[CellError]:
    """A meta sheet must name this round, this town and this spec version; a workbook without
    one is read as the round and town the uploader chose."""
    if meta is None:
        return []
    missing = [k for k in META_KEYS if not meta.get(k)]
    if missing:
        return [
            CellError(
                META_SHEET,
                None,
                None,
                None,
                _("The hidden sheet “%(sheet)s” is incomplete (missing: %(missing)s); download the template again.")
                % {"sheet": META_SHEET, "missing": "、".join(META_LABELS[k] for k in missing)},
            )
        ]
    errors = []
    if meta[META_VERSION] != SPEC_VERSION:
        errors.append(
            CellError(
                META_SHEET,
                None,
                None,
                meta[META_VERSION],
                _(
                    "This workbook's template version is %(found)s, the current one %(current)s; "
                    "download the new template and fill it in again."
                )
                % {"found": meta[META_VERSION], "current": SPEC_VERSION},
            )
        )
    if meta[META_ROUND] != str(year):
        errors.append(
            CellError(
                META_SHEET,
                None,
                None,
                meta[META_ROUND],
                _("This workbook is the %(found)s survey; it cannot be imported into %(year)s.")
                % {"found": meta[META_ROUND], "year": year},
            )
        )
    if meta[META_TOWN] != town.code:
        other = meta.get(META_TOWN_NAME) or meta[META_TOWN]
        errors.append(
            CellError(
                META_SHEET,
                None,
                None,
                meta[META_TOWN],
                _(
                    "This workbook is the survey of %(other)s (%(code)s); it cannot be imported into %(town)s (%(town_code)s)."
                )
                % {"other": other, "code": meta[META_TOWN], "town": town.name, "town_code": town.code},
            )
        )
    return errors

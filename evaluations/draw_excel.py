"""The inspectors' checklist workbook of a spot-check draw (抽查检查表), pure: data in → bytes out,
bytes in → sheets and errors out. No model is imported: evaluations.draw_import loads and saves.

One sheet per picked village, named by its code and name. Above the item table, a block of
labelled cells: the village's code and name (locked: the keys), then the review's date, its
reviewers, its overall result (a dropdown), the rectification measures and the findings. The
table (header on row 5) has one row per item of the draw's standard version: number, group and
item (locked), the result (a dropdown) and a note. The draw's id, scope, year and the template's
version are in a hidden, protected meta sheet, as in the survey's workbook. A village whose review
of this draw is already recorded has a sheet with the recorded values, wholly locked; an upload
skips it (docs/FORMS.md, locked sheets).

Messages are Chinese whatever the interface language, like the survey workbook's.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from committees.excel import BORDER, FONT, HEADER_FILL, INSTRUCTIONS_SHEET, INSTRUCTIONS_WIDTH, CellError
from committees.xlsx_open import OpenedWorkbook, UnreadableFile, cell_problem, open_workbook, unknown_problem_message
from committees.xlsx_rows import fit_rows, one_page_wide, text_sheet
from committees.xlsx_write import put

META_SHEET = "meta"
TEMPLATE_VERSION = "1"
META_KEYS = ("draw", "committee", "year", "spec_version")
# The labelled cells above the table: key → (label cell, value cell, label).
BLOCK = {
    "code": ("A1", "C1", "单位编码"),
    "name": ("D1", "E1", "单位名称"),
    "date": ("A2", "C2", "检查日期"),
    "reviewers": ("D2", "E2", "检查人员"),
    "result": ("A3", "C3", "总体结果"),
    "measures": ("D3", "E3", "整改措施"),
    "findings": ("A4", "C4", "主要问题"),
}
KEY_CELLS = ("code", "name")
HEADER_ROW = 5
HEADERS = ("序号", "类别", "检查项目", "检查结果", "备注")
WIDTHS = (6, 8, 24, 12, 34)
ROW_HEIGHT = 24  # points: room to write by hand on the printed sheet
MAX_TEXT = 200  # characters of reviewers, notes and measures (the models' limits)
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    town: str
    recorded: Mapping | None = None  # the recorded review's values (a locked sheet), or None


@dataclass(frozen=True)
class Checklist:
    draw: int
    committee: str  # the scope's code
    title: str
    year: int
    items: Sequence[tuple[str, str]]  # (item name, group label), in order
    villages: Sequence[Village]
    item_labels: Sequence[str]  # 达标, 基本达标, 未达标
    result_labels: Sequence[str]  # 巩固, 提升, 退化


def sheet_name(code: str, name: str) -> str:
    return f"{code} {name}"[:31]


# Writing ---------------------------------------------------------------------------------


def checklist_workbook(checklist: Checklist) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for village in checklist.villages:
        _village_sheet(book.create_sheet(sheet_name(village.code, village.name)), checklist, village)
    text_sheet(book.create_sheet(INSTRUCTIONS_SHEET), _instructions(checklist), INSTRUCTIONS_WIDTH)
    meta = book.create_sheet(META_SHEET)
    values = (checklist.draw, checklist.committee, checklist.year, TEMPLATE_VERSION)
    for number, (key, value) in enumerate(zip(META_KEYS, values, strict=True), start=1):
        put(meta, number, 1, key)
        put(meta, number, 2, value)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    book.security.lockStructure = True  # no sheet renamed, added or removed
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _instructions(checklist: Checklist) -> list[str]:
    lines = [
        checklist.title,
        "每个被抽中的村（社区）一张工作表，工作表名称为单位编码和名称；单位编码、单位名称、序号、类别和检查项目不能修改。",
        "每个检查项目在“检查结果”列选择：" + "、".join(checklist.item_labels) + "；可在“备注”列说明。",
        f"检查日期填写实际检查的日期（如 {checklist.year}-05-20），不能晚于今天；总体结果选择："
        + "、".join(checklist.result_labels)
        + "。",
        "未达标的项目或总体结果为退化时，导入后为该村开立整改，可在“整改措施”中写明措施。",
        "尚未检查的村，其工作表保持空白即可，导入时跳过；已填写的工作表须填写完整。",
        "上传本文件时先预览，确认后一次导入全部已填写的工作表；有任何错误则不导入。",
    ]
    locked = [sheet_name(v.code, v.name) for v in checklist.villages if v.recorded is not None]
    if locked:
        lines.append("以下工作表的检查结果已录入，当前不能修改；上传时跳过这些工作表：" + "、".join(locked) + "。")
    return lines


def _village_sheet(ws, checklist: Checklist, village: Village) -> None:
    recorded = village.recorded or {}
    locked = village.recorded is not None
    for column, width in zip("ABCDE", WIDTHS, strict=True):
        ws.column_dimensions[column].width = width
    values = {"code": village.code, "name": village.name, **{k: recorded.get(k) for k in BLOCK if k in recorded}}
    for key, (label_at, value_at, label) in BLOCK.items():
        _label(put(ws, *_rc(label_at), label))
        cell = put(ws, *_rc(value_at), values.get(key))
        _value(cell, locked or key in KEY_CELLS)
        if key == "date":
            cell.number_format = "yyyy-mm-dd"
        elif key == "findings":
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.merge_cells("A1:B1"), ws.merge_cells("A2:B2"), ws.merge_cells("A3:B3"), ws.merge_cells("A4:B4")
    ws.merge_cells("C4:E4")
    ws.row_dimensions[4].height = 60
    for row in (1, 2, 3):
        ws.row_dimensions[row].height = ROW_HEIGHT
    for column, header in enumerate(HEADERS, start=1):
        _label(put(ws, HEADER_ROW, column, header))
    results = recorded.get("items", {})
    for number, (item, group) in enumerate(checklist.items, start=1):
        row = HEADER_ROW + number
        for column, value in enumerate((number, group, item), start=1):
            _value(put(ws, row, column, value), True)
        ws.cell(row, 1).alignment = ws.cell(row, 2).alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[row].height = ROW_HEIGHT
        result, note = results.get(item, (None, None))
        _value(put(ws, row, 4, result), locked)
        _value(put(ws, row, 5, note), locked)
    last = HEADER_ROW + len(checklist.items)
    if not locked:
        _dropdown(ws, checklist.item_labels, f"D{HEADER_ROW + 1}:D{last}")
        _dropdown(ws, checklist.result_labels, BLOCK["result"][1])
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.oddHeader.center.text = f"{checklist.title} · {village.town}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    fit_rows(ws)
    one_page_wide(ws)


def _rc(coordinate: str) -> tuple[int, int]:
    return int(coordinate[1:]), "ABCDE".index(coordinate[0]) + 1


def _label(cell) -> None:
    cell.font = Font(name=FONT, bold=True)
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _value(cell, locked: bool) -> None:
    cell.font = Font(name=FONT)
    cell.border = BORDER
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    if locked:
        cell.fill = LOCKED_FILL
    else:
        cell.protection = UNLOCKED


def _dropdown(ws, choices: Sequence[str], area: str) -> None:
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    validation.error = _("Not one of: %(choices)s.") % {"choices": "、".join(choices)}
    validation.showErrorMessage = True
    validation.add(area)
    ws.add_data_validation(validation)


# Reading ---------------------------------------------------------------------------------


@dataclass
class ItemRow:
    row: int
    name: object
    result: object
    note: object


@dataclass
class SheetData:
    """One village sheet as read: the block's values by key, and the item rows."""

    sheet: str
    values: dict = field(default_factory=dict)
    items: list[ItemRow] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        """Nothing typed: no value of the block but the keys, no result, no note."""
        typed = [v for k, v in self.values.items() if k not in KEY_CELLS]
        typed += [value for item in self.items for value in (item.result, item.note)]
        return all(value in (None, "") for value in typed)


@dataclass
class Upload:
    meta: dict[str, str] | None = None  # None: no meta sheet
    sheets: list[SheetData] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


def read_checklist(data: bytes, *, max_bytes: int | None = None) -> Upload:
    """The sheets of an uploaded checklist, their cells as typed, and what keeps it from being read."""
    upload = Upload()
    try:
        book = open_workbook(data, max_bytes=max_bytes)
    except UnreadableFile as exc:
        upload.errors.append(CellError(_("Workbook"), None, None, None, exc.message))
        return upload
    try:
        for name in book.sheetnames:
            if name == META_SHEET:
                upload.meta = _read_meta(book)
            elif name != INSTRUCTIONS_SHEET:
                sheet = _read_sheet(book, name, upload.errors)
                if sheet is not None:
                    upload.sheets.append(sheet)
    except UnreadableFile as exc:
        upload.sheets, upload.errors = [], [CellError(exc.sheet or _("Workbook"), None, None, None, exc.message)]
    except Exception:  # noqa: BLE001 - a case open_workbook does not know yet: the user gets a message
        upload.sheets, upload.errors = [], [CellError(_("Workbook"), None, None, None, unknown_problem_message())]
    finally:
        book.close()
    if not upload.sheets and not upload.errors:
        upload.errors.append(CellError(_("Workbook"), None, None, None, _("The workbook has no village's checklist.")))
    return upload


def _read_meta(book: OpenedWorkbook) -> dict[str, str]:
    meta = {}
    for _number, cells in book.rows(META_SHEET, max_row=20, max_col=2):
        if cells[0].value in (None, "") or any(cell_problem(cell) or cell.data_type == "f" for cell in cells):
            continue
        value = cells[1].value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        meta[str(cells[0].value).strip()] = "" if value is None else str(value).strip()
    return meta


def _cell_value(name: str, number: int, column: str, cell, errors: list[CellError]):
    """A cell's value, or None with an error when it is a formula or cannot be read."""
    if cell.data_type == "f":
        errors.append(CellError(name, number, column, cell.value, _("Formulas are not accepted; enter the values.")))
        return None
    if problem := cell_problem(cell):
        errors.append(CellError(name, number, column, cell.value, problem))
        return None
    return cell.value.strip() if isinstance(cell.value, str) else cell.value


def _read_sheet(book: OpenedWorkbook, name: str, errors: list[CellError]) -> SheetData | None:
    rows = {number: cells for number, cells in book.rows(name, max_row=HEADER_ROW, max_col=5)}
    sheet = SheetData(name)
    before = len(errors)
    for key, (label_at, value_at, label) in BLOCK.items():
        (label_row, label_column), (row, column) = _rc(label_at), _rc(value_at)
        found = rows.get(label_row, ())[label_column - 1].value if label_row in rows else None
        if found != label:
            message = _("This is not the checklist's layout (the cell should read “%(label)s”); download it again.")
            errors.append(CellError(name, label_row, label, found, message % {"label": label}))
            continue
        cell = rows[row][column - 1] if row in rows else None
        sheet.values[key] = None if cell is None else _cell_value(name, row, label, cell, errors)
    header = tuple(cell.value for cell in rows.get(HEADER_ROW, ()))
    if header != HEADERS:
        message = _("The item table's header should read: %(headers)s.") % {"headers": "、".join(HEADERS)}
        errors.append(CellError(name, HEADER_ROW, None, "、".join(str(v or "") for v in header), message))
    for area in book.merged_ranges(name):
        if area.max_row > HEADER_ROW:
            message = _("The data area may not hold merged cells; unmerge them.")
            errors.append(CellError(name, area.min_row, None, area.coord, message))
    if len(errors) > before:
        return None
    for number, cells in book.rows(name, min_row=HEADER_ROW + 1, max_col=5):
        values = [_cell_value(name, number, HEADERS[at], cells[at], errors) for at in (2, 3, 4)]
        if any(value not in (None, "") for value in values):
            sheet.items.append(ItemRow(number, *values))
    return sheet


# Checking a sheet --------------------------------------------------------------------------


@dataclass(frozen=True)
class Filled:
    """A filled sheet, checked: what a review is recorded from."""

    sheet: str
    code: str
    date: datetime.date
    reviewers: str
    result: str  # the overall result's value (ReviewResult)
    findings: str
    measures: str
    items: dict[str, tuple[str, str]]  # item name → (ItemResult value, note)
    result_label: str = ""  # the overall result as typed (巩固, 提升, 退化)


@dataclass(frozen=True)
class Rules:
    """What a sheet is checked against: the version's items, the labels of the results (Chinese
    label → value), the draw's year and today."""

    items: Sequence[str]
    item_results: Mapping[str, str]
    overall_results: Mapping[str, str]
    year: int
    today: datetime.date


def check_sheet(sheet: SheetData, rules: Rules) -> tuple[Filled | None, list[CellError]]:
    errors: list[CellError] = []
    v = sheet.values
    day = _check_date(sheet, rules, errors)
    result = _choice(sheet, "result", v.get("result"), rules.overall_results, errors)
    texts = {key: _text(sheet, key, v.get(key), errors) for key in ("reviewers", "measures", "findings")}
    if not texts["reviewers"]:
        errors.append(_at(sheet, "reviewers", None, _("Name the reviewers.")))
    items = _check_items(sheet, rules, errors)
    if errors:
        return None, errors
    code = str(v.get("code") or "")
    label = str(v.get("result")).strip()
    filled = Filled(sheet.sheet, code, day, texts["reviewers"], result, texts["findings"], texts["measures"], items)
    return dataclasses.replace(filled, result_label=label), []


def _at(sheet: SheetData, key: str, value, message: str) -> CellError:
    _label_at, value_at, label = BLOCK[key]
    return CellError(sheet.sheet, _rc(value_at)[0], label, value, message)


def _check_date(sheet: SheetData, rules: Rules, errors: list[CellError]) -> datetime.date | None:
    raw = sheet.values.get("date")
    if isinstance(raw, datetime.datetime):
        day = raw.date()
    elif isinstance(raw, datetime.date):
        day = raw
    else:
        try:
            day = datetime.date.fromisoformat(str(raw or "").strip())
        except ValueError:
            errors.append(_at(sheet, "date", raw, _("A date like 2024-12-31 is expected.")))
            return None
    if day > rules.today:
        errors.append(_at(sheet, "date", day.isoformat(), _("A review date cannot be in the future.")))
    elif day.year < rules.year:
        message = _("The check of a %(year)d draw cannot be dated before %(year)d.") % {"year": rules.year}
        errors.append(_at(sheet, "date", day.isoformat(), message))
    return day


def _choice(sheet: SheetData, key: str, raw, choices: Mapping[str, str], errors: list[CellError]) -> str:
    text = "" if raw is None else str(raw).strip()
    if text not in choices:
        message = _("Choose one of: %(choices)s.") % {"choices": "、".join(choices)}
        errors.append(_at(sheet, key, raw, message))
        return ""
    return choices[text]


def _text(sheet: SheetData, key: str, raw, errors: list[CellError]) -> str:
    text = "" if raw is None else str(raw).strip()
    if key != "findings" and (len(text) > MAX_TEXT or "\n" in text):
        message = _("At most %(n)d characters on one line.") % {"n": MAX_TEXT}
        errors.append(_at(sheet, key, text, message))
    return text


def _check_items(sheet: SheetData, rules: Rules, errors: list[CellError]) -> dict[str, tuple[str, str]]:
    column, result_column, note_column = HEADERS[2], HEADERS[3], HEADERS[4]
    found: dict[str, tuple[str, str]] = {}
    rows: dict[str, int] = {}
    for item in sheet.items:
        name = "" if item.name is None else str(item.name).strip()
        if name not in rules.items:
            errors.append(CellError(sheet.sheet, item.row, column, item.name, _("Not an item of the standard.")))
            continue
        if name in rows:
            message = _("Duplicate of row %(row)d.") % {"row": rows[name]}
            errors.append(CellError(sheet.sheet, item.row, column, name, message))
            continue
        rows[name] = item.row
        text = "" if item.result is None else str(item.result).strip()
        note = "" if item.note is None else str(item.note).strip()
        if text not in rules.item_results:
            message = _("Choose one of: %(choices)s.") % {"choices": "、".join(rules.item_results)}
            errors.append(CellError(sheet.sheet, item.row, result_column, item.result, message))
        elif len(note) > MAX_TEXT or "\n" in note:
            message = _("At most %(n)d characters on one line.") % {"n": MAX_TEXT}
            errors.append(CellError(sheet.sheet, item.row, note_column, note, message))
        else:
            found[name] = (rules.item_results[text], note)
    for name in rules.items:
        if name not in rows:
            message = _("The item is missing; every item of the standard needs a result.")
            errors.append(CellError(sheet.sheet, None, column, name, message))
    return found

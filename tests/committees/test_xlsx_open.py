"""committees.xlsx_open: the one door for uploaded workbooks. What a bad file is, said in Chinese
before openpyxl parses it, and every unreadable cell an error naming its sheet, row and column,
on the registry's upload page and in the reader itself."""

import io
import re

import pytest

from committees.excel import count_data_rows, read_sheets
from committees.imports import TABLES
from committees.xlsx_clean import RESTORE, CleanXmlStream
from committees.xlsx_open import UnreadableFile, open_workbook
from tests import badfiles
from tests.committees.test_import_helpers import confirm, errors_of, media_root, snapshot, upload, workbook  # noqa: F401
from tests.xlsx import unpacked_bytes

pytestmark = pytest.mark.usefixtures("media_root")
SHEET = "五老志愿者"


def row(code="XS01V01", name="东港村关工委", birth_year=1956):
    return [code, name, None, "新志愿者", "男", birth_year, "13900000000", "老教师", "参与层"]


def good() -> bytes:
    return workbook("volunteers", [row(), row("XS01V02", "港下社区关工委")])


def refused_on_the_page(client, data: bytes) -> list[str]:
    before = snapshot()
    response = upload(client, "volunteers", data, "volunteers.xlsx")
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors and "确认导入" not in response.content.decode()
    assert confirm(client, "volunteers").status_code == 302 and snapshot() == before
    return errors


def message_of(data: bytes, **kwargs) -> str:
    with pytest.raises(UnreadableFile) as refused:
        open_workbook(data, **kwargs)
    return refused.value.message


# A zip bomb is refused before parsing (in milliseconds: nothing is unpacked) --------------------------


def test_a_zip_bomb_is_refused_on_the_page_before_it_is_unpacked(xs, client_for):
    bomb = badfiles.zip_bomb()  # 2 MB holding 400 MB of strings
    client = client_for(xs.dg_secretary)
    with unpacked_bytes() as unpacked:
        response = upload(client, "volunteers", bomb, "volunteers.xlsx")
    assert unpacked[0] < 1024 * 1024  # at most the small parts that say what the file is
    (error,) = errors_of(response)
    assert re.fullmatch(
        r"工作簿解压后有 4\d\d MB，超过允许的 100 MB（压缩得这样紧的文件可能是“压缩炸弹”），未打开。", error
    )
    refused_on_the_page(client, bomb)  # nothing kept, nothing written


def test_the_unpacked_limit_and_the_part_count_are_settings(settings):
    settings.XLSX_MAX_UNCOMPRESSED_BYTES = 1024
    assert message_of(good()).startswith("工作簿解压后有 1 MB，超过允许的 0 MB")
    settings.XLSX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
    settings.XLSX_MAX_ENTRIES = 5
    assert message_of(good()) == "工作簿有 9 个部件，超过允许的 5 个；这不是本系统的工作簿。"


def test_a_zip_that_lies_about_its_size_is_damaged_not_unpacked():
    data = bytearray(good())
    entry = data.rindex(b"xl/worksheets/sheet1.xml") - 46  # the sheet's record in the zip's directory
    assert data[entry : entry + 4] == b"PK\x01\x02"
    data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")  # its "uncompressed size"
    _parsed, errors = read_sheets(bytes(data), [TABLES["volunteers"].spec()])
    assert len(errors) == 1 and "损坏" in errors[0].message


# Each bad file is called what it is ----------------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "文件是空的。"),
        (badfiles.ole2("EncryptionInfo", "EncryptedPackage"), "工作簿设置了打开密码（已加密），无法读取"),
        (badfiles.ole2("Workbook"), "文件是旧版 Excel 97-2003 工作簿（.xls）"),
        (badfiles.ole2("WordDocument"), "文件是 Word 文档，不是 Excel 工作簿。"),
        (badfiles.ole2("Unknown"), "文件是旧版 Office 97-2003 格式（如旧版 .xls 或 .doc），不是 .xlsx 工作簿"),
        (badfiles.truncated(workbook("volunteers", [row()])), "文件不完整或已损坏"),
        (badfiles.cut_tail(workbook("volunteers", [row()])), "文件不完整或已损坏"),
        ("单位编码,单位名称\r\nXS01V01,东港村关工委\r\n".encode("gbk"), "文件是文本文件（例如改了扩展名的 .csv）"),
        (b"<html><table></table></html>", "文件是网页或 XML 文件"),
        (badfiles.macro_enabled(workbook("volunteers", [row()])), "工作簿含有宏（.xlsm），不能接受"),
        (badfiles.ods(), "文件是 OpenDocument 电子表格（.ods"),
        (badfiles.word_document(), "文件是 Word 文档，不是 Excel 工作簿。"),
        (badfiles.rezip({}), "文件是空的 zip 压缩包，不是 Excel 工作簿。"),
    ],
    ids=[
        "empty",
        "encrypted",
        "xls",
        "doc",
        "ole2",
        "truncated",
        "tail-cut",
        "csv",
        "html",
        "xlsm",
        "ods",
        "docx",
        "empty-zip",
    ],
)
def test_a_bad_file_is_called_what_it_is(xs, client_for, data, message):
    errors = refused_on_the_page(client_for(xs.dg_secretary), data)
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_a_password_protected_or_truncated_file_is_not_called_a_renamed_csv(xs, client_for):
    client = client_for(xs.dg_secretary)
    for data in (badfiles.ole2("EncryptionInfo", "EncryptedPackage"), badfiles.truncated(good())):
        (error,) = refused_on_the_page(client, data)
        assert ".csv" not in error


# An unreadable cell is an error naming sheet, row and column, not a 500 -----------


@pytest.mark.parametrize(
    "xml, value",
    [
        (' t="n"><v>NaN</v>', "NaN"),
        (' t="n"><v>INF</v>', "INF"),
        (' t="n"><v>1e309</v>', "1e309"),
        (' t="s"><v>99</v>', "99"),
        (' t="d"><v>not-a-date</v>', "not-a-date"),
    ],
    ids=["nan", "inf", "overflow", "no-such-shared-string", "bad-date"],
)
def test_an_unreadable_number_cell_is_an_error_naming_it(xs, client_for, xml, value):
    data = badfiles.raw_cell(good(), (SHEET, "F3"), xml)
    errors = refused_on_the_page(client_for(xs.dg_secretary), data)
    assert errors == [
        f"工作表“{SHEET}”，第3行，“出生年份”列，值“{value}”：无法读取该单元格（内容已损坏或不是有效的值），请重新输入。"
    ]


@pytest.mark.parametrize("text", ["张&#0;三", "张\x00三", "张&#x1B;三"], ids=["reference", "raw", "escape"])
def test_a_control_character_in_a_text_cell_is_an_error_naming_it(xs, client_for, text):
    data = badfiles.raw_text(good(), (SHEET, "D2"), text)
    errors = refused_on_the_page(client_for(xs.dg_secretary), data)
    char = "U+0000" if "0" in text or "\x00" in text else "U+001B"
    shown = "张␀三" if char == "U+0000" else "张␛三"
    assert errors == [f"工作表“{SHEET}”，第2行，“姓名”列，值“{shown}”：文字中含有不可见的控制字符（{char}），请删除。"]


def test_count_data_rows_never_raises_on_a_damaged_sheet():
    data = badfiles.raw_cell(good(), (SHEET, "F3"), ' t="n"><v>NaN</v>')
    assert count_data_rows(data, SHEET, stop_after=10) == 2
    assert count_data_rows(badfiles.truncated(good()), SHEET, stop_after=10) is None
    assert count_data_rows(badfiles.zip_bomb(), "Sheet", stop_after=10) is None


def test_an_excel_error_cell_is_an_error_naming_it():
    data = badfiles.raw_cell(good(), (SHEET, "F2"), ' t="e"><v>#DIV/0!</v>')
    _parsed, errors = read_sheets(data, [TABLES["volunteers"].spec()])
    assert [(e.row, e.column, e.message) for e in errors] == [
        (2, "出生年份", "单元格显示 Excel 错误（#DIV/0!），请改为输入数值。")
    ]


@pytest.mark.parametrize("size", [1, 7, 4096, 65533, 65536, -1])
def test_a_control_reference_split_between_two_reads_is_still_swapped(size):
    xml = b"<t>" + b"x" * (CleanXmlStream.CHUNK - 5) + b"&#0;&#35843;" + b"y" * 5000 + b"\x1b</t>"
    stream = CleanXmlStream(io.BytesIO(xml))
    parts = list(iter(lambda: stream.read(size), b""))
    assert size < 0 or all(len(part) <= size for part in parts)
    assert b"".join(parts).decode().translate(RESTORE) == xml.decode().replace("&#0;", "\x00")


def test_a_control_character_in_an_unknown_header_is_shown_visibly():
    data = badfiles.raw_text(good(), (SHEET, "O1"), "备&#0;注")
    parsed, errors = read_sheets(data, [TABLES["volunteers"].spec()])
    assert errors == [] and [w.column for w in parsed[SHEET].warnings] == ["备␀注"]

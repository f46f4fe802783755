"""surveys.excel, pure: the town's workbook written from the spec and read back by prefix and header."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from surveys.excel import (
    META_ROUND,
    META_TOWN,
    META_TOWN_NAME,
    META_VERSION,
    check_meta,
    read_upload,
    template_workbook,
)
from surveys.spec import INSTRUCTIONS_SHEET, META_SHEET, SPEC_VERSION
from surveys.validation import CommitteeRef, normalize_row
from tests.surveys.forms import FORMS, SHEETS, YEAR, form, rows
from tests.surveys.test_dependencies import ROOT, imports
from tests.xlsx import book_bytes

TOWN = CommitteeRef("XS01", "东港镇关工委", "town")
COMMITTEES = [
    TOWN,
    CommitteeRef("XS01V01", "东港村关工委", "village"),
    CommitteeRef("XS01V02", "港下社区关工委", "community"),
]


def stored(number: int) -> dict:
    """The valid rows of a form as a submission stores them."""
    return {
        (number, name): [normalize_row(form(number).section(name), r) for r in section]
        for name, section in rows(number).items()
    }


def template(**kwargs) -> bytes:
    values = {}
    for number in range(1, 6):
        values |= stored(number)
    return template_workbook(FORMS, values, year=YEAR, town=TOWN, committees=COMMITTEES, **kwargs)


def book(data: bytes):
    return load_workbook(io.BytesIO(data))


def save(wb) -> bytes:
    return book_bytes(wb)


def messages(errors) -> list[str]:
    return [e.message for e in errors]


# Writing -------------------------------------------------------------------------------------


def test_the_template_has_the_forms_the_instructions_and_a_hidden_meta_sheet():
    wb = book(template())
    assert wb.sheetnames[:8] == list(SHEETS)
    assert INSTRUCTIONS_SHEET in wb.sheetnames
    meta = wb[META_SHEET]
    assert meta.sheet_state == "hidden"
    assert {row[0]: row[1] for row in meta.iter_rows(values_only=True)} == {
        META_ROUND: YEAR,
        META_TOWN: "XS01",
        META_TOWN_NAME: "东港镇关工委",
        META_VERSION: SPEC_VERSION,
    }
    lines = [row[0] for row in wb[INSTRUCTIONS_SHEET].iter_rows(values_only=True)]
    assert any("在职干部" in (line or "") for line in lines)  # a rule of 表1, from the spec


def test_the_template_is_prefilled_with_labels_and_yes_no():
    ws = book(template())["表1 班子队伍"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["单位编码", "单位名称", "层级"]
    village = {h: c.value for h, c in zip(header, ws[3], strict=True)}
    assert village["单位编码"] == "XS01V01"
    assert village["层级"] == "村" and village["常务副主任来源"] == "退休教师"
    assert village["主任是否党政负责人兼任"] == "是"


def test_keys_and_names_are_locked_and_the_values_are_not():
    ws = book(template())["表2 经费落实"]
    assert ws.protection.sheet is True
    assert ws["A2"].protection.locked and ws["B2"].protection.locked  # 单位编码, 单位名称
    assert ws["D2"].protection.locked  # 标准下限(万元): the funding standard
    assert not ws["F2"].protection.locked  # 预算安排(万元)


def test_enumerations_have_dropdowns_of_the_spec_labels():
    ws = book(template())["表1 班子队伍"]
    lists = {str(dv.sqref).split(":")[0][:1]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["I"] == '"退二线领导,退休领导,退休校长,退休教师,其他五老,在职干部"'  # 常务副主任来源
    assert lists["F"] == '"是,否"'


def test_the_list_sheets_pick_codes_from_the_towns_committees():
    wb = book(template())
    assert [r[0] for r in wb["单位编码表"].iter_rows(min_row=2, values_only=True)] == ["XS01", "XS01V01", "XS01V02"]
    ws = wb["表4B 志愿团队"]
    assert ws.protection.sheet is False  # rows are added and removed here
    assert any("单位编码表" in dv.formula1 for dv in ws.data_validations.dataValidation)


def test_the_instructions_name_the_sheets_that_cannot_be_changed():
    wb = book(template(locked=["表2 经费落实"]))
    lines = [row[0] or "" for row in wb[INSTRUCTIONS_SHEET].iter_rows(values_only=True)]
    assert any("表2 经费落实" in line and "跳过" in line for line in lines)


# Reading -------------------------------------------------------------------------------------


def test_the_template_reads_back_as_it_was_written():
    upload = read_upload(template(), FORMS)
    assert upload.errors == [] and upload.warnings == []
    assert upload.meta[META_TOWN] == "XS01"
    assert [s.name for s in upload.sheets] == list(SHEETS)
    funds = upload.sheet("表2")
    assert funds.header_row == 1
    village = normalize_row(form(2).main, funds.rows[1])
    assert {k: v for k, v in village.items() if v is not None} == stored(2)[(2, "main")][1]
    assert funds.rows[1]["_row"] == 3


def test_sheets_are_found_by_prefix_and_any_subset_is_read():
    wb = book(template())
    for name in SHEETS[:2] + SHEETS[3:]:
        del wb[name]
    wb["表3 五有五好"].title = "表3 东港镇五有五好（已核）"
    upload = read_upload(save(wb), FORMS)
    assert upload.errors == []
    assert [(s.section.prefix, s.name) for s in upload.sheets] == [("表3", "表3 东港镇五有五好（已核）")]


def test_the_header_may_be_below_a_title_and_the_columns_in_any_order():
    wb = Workbook()
    ws = wb.active
    ws.title = "表3B 学校企业"
    ws.append(["东港镇 学校、企业关工委情况"])
    ws.append([])
    ws.append(["企业关工委数", "单位名称", "其中五有五好企业数", "单位编码", "学校关工委数"])
    ws.append([10, "东港镇关工委", 2, "XS01", 1])
    upload = read_upload(save(wb), FORMS)
    assert upload.errors == [] and upload.meta is None
    (sheet,) = upload.sheets
    assert sheet.header_row == 3
    assert sheet.rows == [
        {
            "_row": 4,
            "committee_code": "XS01",
            "committee_name": "东港镇关工委",
            "schools": 1,
            "enterprises": 10,
            "fhfg_enterprises": 2,
        }
    ]


def test_an_extra_column_is_ignored_with_a_warning():
    wb = book(template())
    ws = wb["表5 制度品牌"]
    ws.protection.sheet = False
    ws.cell(1, ws.max_column + 1, "联系电话")
    ws.cell(2, ws.max_column, "13912345678")
    upload = read_upload(save(wb), FORMS)
    assert upload.errors == []
    (warning,) = upload.warnings
    assert (warning.sheet, warning.row, warning.column, warning.message) == (
        "表5 制度品牌",
        1,
        "联系电话",
        "不是本表的列，已忽略。",
    )
    assert "联系电话" not in upload.sheet("表5").rows[0]


def test_a_missing_required_column_is_an_error_naming_it():
    wb = book(template())
    ws = wb["表1 班子队伍"]
    ws.protection.sheet = False
    ws["D1"] = "班子人数"  # 班子成员数 renamed
    upload = read_upload(save(wb), FORMS)
    (error,) = upload.errors
    assert (error.sheet, error.row, error.column) == ("表1 班子队伍", 1, "班子成员数")
    assert error.message == "缺少必填列“班子成员数”。"
    assert upload.sheet("表1") is None


def test_an_optional_column_left_out_is_left_out_of_the_rows():
    wb = book(template())
    ws = wb["表1 班子队伍"]
    ws.protection.sheet = False
    ws.delete_cols(15)  # 备注
    upload = read_upload(save(wb), FORMS)
    assert upload.errors == []
    assert "notes" not in upload.sheet("表1").keys and "notes" not in upload.sheet("表1").rows[0]


def test_a_workbook_without_form_sheets_is_refused():
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["单位编码", "预算安排(万元)"])
    upload = read_upload(save(wb), FORMS)
    assert [(e.sheet, e.message[:13]) for e in upload.errors] == [("工作簿", "工作簿中没有调查表的工作表")]
    assert messages(upload.warnings) == ["不是调查表的工作表，已忽略。"]


def test_the_upload_checks_speak_the_language_chosen():
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["单位编码"])
    data = save(wb)

    with translation.override("en"):
        upload = read_upload(data, FORMS)

    assert [(e.sheet, e.message[:38]) for e in upload.errors] == [
        ("Workbook", "The workbook has no survey form sheet ")
    ]
    assert [w.message for w in upload.warnings] == ["Not a survey form sheet; ignored."]


def test_two_sheets_of_the_same_form_are_refused():
    wb = book(template())
    wb.copy_worksheet(wb["表2 经费落实"]).title = "表2 经费落实（备份）"
    upload = read_upload(save(wb), FORMS)
    assert messages(upload.errors) == ["与工作表“表2 经费落实”都是表2，请只保留一个。"]


def test_a_sheet_of_a_form_the_round_does_not_survey_is_refused():
    upload = read_upload(template(), [form(1), form(2)])
    assert {e.sheet for e in upload.errors} == set(SHEETS[2:])
    assert upload.errors[0].message == "本轮调查没有“表3”（本轮的表：表1、表2）。"


def test_formulas_and_merged_cells_are_refused():
    wb = book(template())
    ws = wb["表2 经费落实"]
    ws.protection.sheet = False
    ws["F3"] = "=1+2"
    ws.merge_cells("L3:M3")
    upload = read_upload(save(wb), FORMS)
    assert [(e.row, e.column, e.message) for e in upload.errors] == [
        (3, None, "数据区不能有合并单元格，请取消合并。"),
        (3, "预算安排(万元)", "不接受公式，请改为数值。"),
    ]


@pytest.mark.parametrize("data", [b"code,name\nXS01,x\n", b"PK\x03\x04 broken"])
def test_a_file_that_is_not_a_workbook_is_refused(data):
    upload = read_upload(data, FORMS)
    assert upload.sheets == [] and len(upload.errors) == 1
    assert upload.errors[0].sheet == "工作簿"


def test_a_file_too_large_is_refused():
    upload = read_upload(template(), FORMS, max_bytes=1024)
    assert upload.sheets == [] and upload.errors[0].message.startswith("文件超过")


# The meta sheet ------------------------------------------------------------------------------

META = {META_ROUND: str(YEAR), META_TOWN: "XS01", META_TOWN_NAME: "东港镇关工委", META_VERSION: SPEC_VERSION}


def test_a_workbook_without_meta_is_read_as_the_chosen_round_and_town():
    assert check_meta(None, year=YEAR, town=TOWN) == []
    assert check_meta(META, year=YEAR, town=TOWN) == []


def test_a_workbook_of_another_round_is_refused():
    (error,) = check_meta({**META, META_ROUND: "2022"}, year=YEAR, town=TOWN)
    assert error.message == "该工作簿是 2022 年度的调查表，不能导入 2023 年度。"


def test_a_workbook_of_another_town_is_refused():
    other = {**META, META_TOWN: "XS03", META_TOWN_NAME: "鹅湖镇关工委"}
    (error,) = check_meta(other, year=YEAR, town=TOWN)
    assert error.message == "该工作簿是鹅湖镇关工委（XS03）的调查表，不能导入东港镇关工委（XS01）。"


def test_a_workbook_of_another_spec_version_is_refused():
    (error,) = check_meta({**META, META_VERSION: "2023.1"}, year=YEAR, town=TOWN)
    assert error.message.startswith("该工作簿的模板版本为 2023.1，当前版本为 ")


def test_an_incomplete_meta_sheet_is_refused():
    (error,) = check_meta({META_ROUND: "2023"}, year=YEAR, town=TOWN)
    assert error.message == "隐藏的工作表“meta”不完整（缺少：镇（街道）编码、模板版本），请重新下载模板。"


def test_the_workbook_module_imports_no_models():
    found = imports(ROOT / "surveys" / "excel.py")
    assert found and not {m for m in found if m.endswith("models") or m.startswith("django.db")}, found

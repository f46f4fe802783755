"""Bad uploads. Every docs/FORMS.md rule broken once in 东港镇's filled 2024 workbook, and
the files of another round or town, another town's rows, no form sheet, a renamed header, text in
a number cell: each answered in Chinese on the cell (sheet, row, column, value), and nothing
stored. (A sheet of a locked form is skipped, not refused: test_excel_locked_sheets.py.)

A cell that its column cannot hold refuses the file; a broken rule does not (a draft may hold it,
as on the web) but the preview lists it, since it blocks submitting.
"""

import io

import pytest
from openpyxl import load_workbook

from surveys import services
from surveys.excel import META_ROUND, META_VERSION
from surveys.models import State
from tests import badfiles
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.surveys import test_excel_plan
from tests.surveys.conftest import open_round, submission
from tests.surveys.forms import T1, T2, T3, T3B, T4, T4B, T5, T5B
from tests.surveys.test_excel_plan import edited, found, post_confirm, post_upload, snapshot, template
from tests.xlsx import book_bytes, unpacked_bytes

pytestmark = pytest.mark.usefixtures("media_root")
dg_round = test_excel_plan.dg_round  # a fixture


# (sheet, row, header, value typed, value shown, message): the cell refuses the file.
REFUSED = {
    "code_of_another_town": (
        T1,
        3,
        "单位编码",
        "XS03V01",
        "XS03V01",
        "单位编码“XS03V01”不是东港镇关工委（XS01）所属的关工委。",
    ),
    "code_that_does_not_exist": (
        T2,
        3,
        "单位编码",
        "XS01V99",
        "XS01V99",
        "单位编码“XS01V99”不是东港镇关工委（XS01）所属的关工委。",
    ),
    "code_not_of_the_table": (T1, 3, "单位编码", "XS01S01", "XS01S01", "东港中学关工委（XS01S01）不应列在本表"),
    "name_not_of_the_code": (
        T1,
        3,
        "单位名称",
        "东港新村关工委",
        "东港新村关工委",
        "单位名称“东港新村关工委”与单位编码 XS01V01 登记的名称“东港村关工委”不符。",
    ),
    "level_not_of_the_registry": (T1, 3, "层级", "社区", "社区", "层级“社区”与登记的“村”不符。"),
    "leadership_negative": (T1, 3, "班子成员数", -1, -1, "不能为负数。"),
    "yes_no_not_yes_or_no": (T1, 3, "主任是否党政负责人兼任", "可能", "可能", "应填“是”或“否”"),
    "birth_year_too_late": (T1, 3, "常务副主任出生年份", 2010, 2010, "应在 1920 至 2006 之间。"),
    "source_not_in_the_list": (T1, 3, "常务副主任来源", "退休干部", "退休干部", "应为以下之一：退二线领导、退休领导"),
    "name_too_long": (T1, 3, "主任姓名", "张" * 101, "张" * 101, "不能超过 100 个字（现为 101 个字）。"),
    "year_not_the_rounds": (T2, 2, "年度", 2024, 2024, "应为 2023。"),  # the data year
    "text_in_a_number_cell": (T2, 3, "预算安排(万元)", "十万", "十万", "应为数字（万元，最多两位小数）。"),
    "money_with_three_decimals": (T2, 3, "实际到位(万元)", 4.555, 4.555, "最多保留两位小数。"),
    "money_negative": (T2, 3, "专项经费(万元)", -2, -2, "不能为负数。"),
    "count_not_whole": (T2, 3, "五老补贴人数", 1.5, 1.5, "应为整数。"),
    "built_year_before_2001": (T3, 2, "建成年份", 1999, 1999, "应在 2001 至 2024 之间。"),
    "creation_round_not_in_the_list": (T3, 2, "创建轮次", "第三轮", "第三轮", "应为以下之一：第一轮、第二轮、新建。"),
    "item_result_not_in_the_list": (T3, 2, "有组织班子", "好", "好", "应为以下之一：达标、基本达标、未达标。"),
    "lookback_not_in_the_list": (T3, 3, "回头看结果", "良好", "良好", "应为以下之一：巩固、提升、退化、未检查。"),
    "schools_negative": (T3B, 2, "学校关工委数", -1, -1, "不能为负数。"),
    "text_in_a_count": (T4, 2, "老干部", "15人", "15人", "应为整数。"),
    "team_type_not_in_the_list": (
        T4B,
        2,
        "团队类型",
        "合唱团",
        "合唱团",
        "应为以下之一：宣讲团、讲师团、志愿服务队、帮教团、其他。",
    ),
    "team_founded_too_early": (T4B, 2, "成立年份", 1800, 1800, "应在 1949 至 2024 之间。"),
    "team_of_another_town": (
        T4B,
        3,
        "单位编码",
        "XS03V01",
        "XS03V01",
        "单位编码“XS03V01”不是东港镇关工委（XS01）所属的关工委。",
    ),
    "assessment_weight_over_100": (T5, 2, "考核分值", 150, 150, "不能大于 100。"),
    "brand_category_not_in_the_list": (
        T5B,
        2,
        "类别",
        "文体",
        "文体",
        "应为以下之一：一站多点、助大扶小、三家教育、宣传、其他。",
    ),
}

# (edits, (severity, sheet, row, header, value shown, message)): the file is read; the preview lists the rule.
RULES = {
    "in_office_exec_deputy_is_a_five_old": (
        [(T1, 3, "常务副主任来源", "在职干部")],
        ("error", T1, 3, "常务副主任是否五老", "是", "常务副主任来源为“在职干部”时，“常务副主任是否五老”应为“否”。"),
    ),
    "no_five_old_exec_deputy_nor_deputy": (
        [(T1, 3, "常务副主任是否五老", "否"), (T1, 3, "是否配备五老副主任", "否")],
        ("warning", T1, 3, "是否配备五老副主任", "否", "常务副主任不是“五老”，又未配备“五老”副主任"),
    ),
    "town_without_office_head": (
        [(T1, 2, "办公室负责人", None)],
        ("error", T1, 2, "办公室负责人", None, "镇（街道）关工委须填写办公室负责人。"),
    ),
    "no_young_staff": (
        [(T1, 3, "年轻工作人员数", 0)],
        ("warning", T1, 3, "年轻工作人员数", "0", "未配备年轻工作人员，请核实。"),
    ),
    "required_cell_blank": (
        [(T2, 3, "预算安排(万元)", None)],
        ("error", T2, 3, "预算安排(万元)", None, "必填，不能为空。"),
    ),
    "funds_below_standard": (
        [(T2, 3, "实际到位(万元)", 2)],
        ("warning", T2, 3, "实际到位(万元)", "2.00", "实际到位 2.00 万元，低于标准下限 3.00 万元（未足额）。"),
    ),
    "subsidy_without_people": (
        [(T2, 3, "五老补贴人数", 0)],
        ("error", T2, 3, "五老补贴金额(万元)", "0.60", "五老补贴人数为 0 时，五老补贴金额应为 0（现为 0.60 万元）。"),
    ),
    "built_without_year": (
        [(T3, 2, "建成年份", None)],
        ("error", T3, 2, "建成年份", None, "已建成“五有五好”的，须填写建成年份。"),
    ),
    "built_without_round": (
        [(T3, 2, "创建轮次", None)],
        ("error", T3, 2, "创建轮次", None, "已建成“五有五好”的，须填写创建轮次。"),
    ),
    "regressed_without_rectification": (
        [(T3, 2, "回头看结果", "退化")],
        ("error", T3, 2, "整改措施", None, "回头看结果为“退化”的，须填写整改措施。"),
    ),
    "fhfg_enterprises_over_enterprises": (
        [(T3B, 2, "其中五有五好企业数", 20)],
        ("error", T3B, 2, "其中五有五好企业数", "20", "其中五有五好企业数 20 超过企业关工委数 10。"),
    ),
    "categories_do_not_sum_to_layers": (
        [(T4, 2, "老干部", 16)],
        ("error", T4, 2, "老干部", "16", "合计 51 人，应等于骨干层与参与层人数之和 50 人。"),
    ),
    "age_bands_do_not_sum_to_backbone": (
        [(T4, 2, "骨干60岁以下", 2)],
        ("error", T4, 2, "骨干60岁以下", "2", "骨干各年龄段合计 11 人，应等于骨干层人数 10 人。"),
    ),
    "assessment_weight_high": (
        [(T5, 2, "考核分值", 12)],
        ("warning", T5, 2, "考核分值", "12.00", "考核分值 12.00 分超过 10 分（通常为 1—3 分），请核实。"),
    ),
    "hub_villages_over_villages": (
        [(T5, 2, "一站多点村数", 3)],
        ("error", T5, 2, "一站多点村数", "3", "一站多点村数 3 超过本镇（街道）的村（社区）数 2。"),
    ),
    "brand_without_name": ([(T5B, 2, "品牌名称", None)], ("error", T5B, 2, "品牌名称", None, "必填，不能为空。")),
}


def with_meta(data: bytes, key: str, value) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    for cells in wb["meta"].iter_rows():
        if cells[0].value == key:
            cells[1].value = value
    return book_bytes(wb)


@pytest.fixture
def client(xs, client_for):
    return client_for(xs.dg_secretary)


def refused(response, before: dict):
    """The preview refused the file: no confirm button, no file kept, nothing stored."""
    assert response.status_code == 200
    plan = response.context["plan"]
    assert not plan.ok and response.context["confirm"] is False
    assert "upload/confirm/" not in response.content.decode()
    assert not any(k.startswith("survey-upload:") for k in response.wsgi_request.session.keys())
    assert snapshot() == before
    return plan


@pytest.mark.parametrize("case", REFUSED)
def test_a_cell_its_column_cannot_hold_refuses_the_file(xs, dg_round, client, case):
    sheet, row, header, typed, shown, message = REFUSED[case]
    data = edited(template(dg_round, xs.dg), (sheet.split()[0], row, header, typed))
    before = snapshot()
    response = post_upload(client, dg_round, xs.dg, data)
    plan = refused(response, before)
    assert found(plan.errors, sheet=sheet, row=row, header=header, value=shown, message=message), [
        str(e) for e in plan.errors
    ]
    assert message in response.content.decode()
    confirm = post_confirm(client, dg_round, xs.dg)  # nothing kept to confirm
    assert confirm.status_code == 302 and snapshot() == before


@pytest.mark.parametrize("case", RULES)
def test_a_broken_rule_is_listed_in_the_preview(xs, dg_round, client, case):
    edits, (severity, sheet, row, header, shown, message) = RULES[case]
    data = edited(template(dg_round, xs.dg), *[(s.split()[0], r, h, v) for s, r, h, v in edits])
    before = snapshot()
    response = post_upload(client, dg_round, xs.dg, data)
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.ok, [str(e) for e in plan.errors]
    assert found(plan.issues, severity=severity, sheet=sheet, row=row, header=header, value=shown, message=message), [
        str(i) for i in plan.issues
    ]
    assert message in response.content.decode()
    assert snapshot() == before  # the preview stores nothing


def test_a_duplicated_row_refuses_the_file(xs, dg_round, client):
    data = edited(
        template(dg_round, xs.dg),
        ("表1", 4, "单位编码", "XS01V01"),
        ("表1", 4, "单位名称", "东港村关工委"),
        ("表1", 4, "层级", "村"),
    )
    before = snapshot()
    plan = refused(post_upload(client, dg_round, xs.dg, data), before)
    assert found(plan.errors, sheet=T1, row=4, header="单位编码", value="XS01V01", message="与第 3 行重复。")


def test_a_workbook_of_another_round_is_refused(xs, dg_round, client):
    earlier = open_round(xs, 2023, deadline=dg_round.deadline)
    data = template(earlier, xs.dg)
    before = snapshot()
    plan = refused(post_upload(client, dg_round, xs.dg, data), before)
    assert [(e.sheet, e.message) for e in plan.errors] == [
        ("meta", "该工作簿是 2023 年度的调查表，不能导入 2024 年度。")
    ]


def test_a_workbook_of_another_town_is_refused(xs, dg_round, client):
    data = template(dg_round, xs.eh)
    before = snapshot()
    response = post_upload(client, dg_round, xs.dg, data)
    plan = refused(response, before)
    message = "该工作簿是鹅湖镇关工委（XS03）的调查表，不能导入东港镇关工委（XS01）。"
    assert [e.message for e in plan.errors] == [message]
    assert message in response.content.decode()


def test_a_workbook_of_another_spec_version_is_refused(xs, dg_round, client):
    data = with_meta(template(dg_round, xs.dg), META_VERSION, "2023.1")
    before = snapshot()
    plan = refused(post_upload(client, dg_round, xs.dg, data), before)
    assert [e.message for e in plan.errors] == [
        "该工作簿的模板版本为 2023.1，当前版本为 2024.1；请下载新模板并重新填写。"
    ]


def test_a_meta_sheet_naming_another_round_is_refused(xs, dg_round, client):
    data = with_meta(template(dg_round, xs.dg), META_ROUND, 2025)
    plan = refused(post_upload(client, dg_round, xs.dg, data), snapshot())
    assert [e.message for e in plan.errors] == ["该工作簿是 2025 年度的调查表，不能导入 2024 年度。"]


def test_another_towns_rows_without_meta_are_refused_row_by_row(xs, dg_round, client):
    # 鹅湖镇's villages typed into 东港镇's sheet of a workbook without its meta sheet
    data = edited(
        template(dg_round, xs.dg),
        ("表2", 3, "单位编码", "XS03V01"),
        ("表2", 3, "单位名称", "甘露村关工委"),
        ("表2", 4, "单位编码", "XS03V02"),
        ("表2", 4, "单位名称", "荡口社区关工委"),
        drop=("meta",),
    )
    before = snapshot()
    plan = refused(post_upload(client, dg_round, xs.dg, data), before)
    assert [(e.row, e.header, e.value) for e in plan.errors] == [(3, "单位编码", "XS03V01"), (4, "单位编码", "XS03V02")]


def test_a_workbook_without_any_form_sheet_is_refused(xs, dg_round, client):
    data = edited(template(dg_round, xs.dg), drop=("表1", "表2", "表3", "表3B", "表4", "表4B", "表5", "表5B"))
    before = snapshot()
    plan = refused(post_upload(client, dg_round, xs.dg, data), before)
    assert [e.sheet for e in plan.errors] == ["工作簿"]
    assert plan.errors[0].message.startswith("工作簿中没有调查表的工作表")


def test_a_renamed_header_is_a_missing_column_named(xs, dg_round, client):
    data = edited(template(dg_round, xs.dg), ("表2", 1, "预算安排(万元)", "预算(万元)"))
    before = snapshot()
    response = post_upload(client, dg_round, xs.dg, data)
    plan = refused(response, before)
    assert [(e.sheet, e.row, e.header, e.message) for e in plan.errors] == [
        (T2, 1, "预算安排(万元)", "缺少必填列“预算安排(万元)”。")
    ]
    assert any(w.header == "预算(万元)" and w.message == "不是本表的列，已忽略。" for w in plan.warnings)


@pytest.mark.parametrize("state", [State.SUBMITTED, State.APPROVED])
def test_a_sheet_of_a_submitted_or_approved_form_is_skipped_not_refused(xs, dg_round, client, state):
    form2 = services.submission_submit(actor=xs.dg_secretary, submission=submission(dg_round, xs.dg, 2))
    if state == State.APPROVED:
        services.submission_approve(actor=xs.staff, submission=form2)
    data = edited(template(dg_round, xs.dg), ("表1", "XS01", "班子成员数", 9))
    plan = post_upload(client, dg_round, xs.dg, data).context["plan"]
    assert plan.errors == [] and [(s.name, s.changed) for s in plan.skipped] == [(T2, False)]
    assert (
        plan.skipped[0].skipped
        == f"表2{'已审核通过' if state == State.APPROVED else '已上报'}，本表与表中数据相同，已跳过。"
    )


def test_a_file_that_is_not_a_workbook_is_refused(xs, dg_round, client):
    before = snapshot()
    plan = refused(post_upload(client, dg_round, xs.dg, b"\xef\xbb\xbf\xe5\x8d\x95,\n"), before)
    assert plan.errors[0].message.startswith("文件是文本文件（例如改了扩展名的 .csv），不是 Excel 工作簿")


def test_a_meta_sheet_missing_an_entry_names_it_in_chinese(xs, dg_round, client):
    data = with_meta(template(dg_round, xs.dg), META_ROUND, None)
    plan = refused(post_upload(client, dg_round, xs.dg, data), snapshot())
    assert [e.message for e in plan.errors] == ["隐藏的工作表“meta”不完整（缺少：年度），请重新下载模板。"]


UNREADABLE = "无法读取该单元格（内容已损坏或不是有效的值），请重新输入。"


@pytest.mark.parametrize(
    "cell, xml, header, shown, message",
    [
        ("D3", ' t="n"><v>NaN</v>', "班子成员数", "NaN", UNREADABLE),
        ("D3", ' t="n"><v>INF</v>', "班子成员数", "INF", UNREADABLE),
        ("D3", ' t="s"><v>99</v>', "班子成员数", "99", UNREADABLE),
        ("E3", ' t="inlineStr"><is><t>张&#0;三</t></is>', "主任姓名", "张␀三", "文字中含有不可见的控制字符（U+0000）"),
        ("E3", ' t="inlineStr"><is><t>张\x00三</t></is>', "主任姓名", "张␀三", "文字中含有不可见的控制字符（U+0000）"),
    ],
    ids=["nan", "inf", "no-such-shared-string", "nul-reference", "raw-nul"],
)
def test_an_unreadable_cell_is_an_error_naming_sheet_row_and_column(
    xs, dg_round, client, cell, xml, header, shown, message
):
    data = badfiles.raw_cell(template(dg_round, xs.dg), (T1, cell), xml)
    before = snapshot()
    plan = refused(post_upload(client, dg_round, xs.dg, data), before)
    assert found(plan.errors, sheet=T1, row=3, header=header, value=shown, message=message), [
        str(e) for e in plan.errors
    ]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(xs, dg_round, client):
    before = snapshot()
    with unpacked_bytes() as unpacked:
        response = post_upload(client, dg_round, xs.dg, badfiles.zip_bomb())  # 2 MB holding 400 MB of strings
    assert unpacked[0] < 1024 * 1024  # at most the small parts that say what the file is
    plan = refused(response, before)
    assert [(e.sheet, e.message[:8]) for e in plan.errors] == [("工作簿", "工作簿解压后有 ")]


def test_a_password_protected_workbook_is_called_what_it_is(xs, dg_round, client):
    data = badfiles.ole2("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")
    plan = refused(post_upload(client, dg_round, xs.dg, data), snapshot())
    assert plan.errors[0].message.startswith("工作簿设置了打开密码（已加密），无法读取")

"""The ledger's sheets (pure: no queries). Cells are Chinese whatever the interface language."""

from __future__ import annotations

from decimal import Decimal

from committees.excel import Column, SheetSpec
from committees.excel_specs import CODES_SHEET
from committees.labels import ChoiceLabels

from ..models import FundSource, SubsidyKind

BUDGET_SHEET = "年度预算"
ENTRY_SHEET = "资金到位明细"
SUBSIDY_SHEET = "五老补贴"
FIRST_YEAR = 2001
FUND_SOURCE_LABELS = ChoiceLabels(FundSource)
SUBSIDY_KIND_LABELS = ChoiceLabels(SubsidyKind)
MAX_AMOUNT = Decimal("9999999999.99")


def _committee_columns() -> tuple[Column, ...]:
    return (
        Column("单位编码", "committee_code", required=True, locked=True, lookup=CODES_SHEET, refers="committee"),
        Column("单位名称", "committee_name", locked=True, width=20),
    )


def budget_spec(last_year: int) -> SheetSpec:
    return SheetSpec(
        name=BUDGET_SHEET,
        columns=(
            *_committee_columns(),
            Column("年度", "year", type="int", required=True, locked=True, minimum=FIRST_YEAR, maximum=last_year),
            Column(
                "预算金额（万元）", "amount", type="decimal", required=True, minimum=Decimal("0"), maximum=MAX_AMOUNT
            ),
            Column("纳入财政预算", "in_fiscal_budget", type="bool", required=True),
            Column("依据文件", "source", width=24),
            Column("备注", "notes", width=24),
        ),
        key=("committee_code", "year"),
        landscape=True,
    )


def entry_spec(last_year: int) -> SheetSpec:
    return SheetSpec(
        name=ENTRY_SHEET,
        columns=(
            Column("条目编号", "entry_id", type="int", locked=True, minimum=1),
            *_committee_columns(),
            Column("年度", "year", type="int", required=True, minimum=FIRST_YEAR, maximum=last_year),
            Column("到位日期", "date", type="date", required=True),
            Column("金额（万元）", "amount", type="decimal", required=True, minimum=-MAX_AMOUNT, maximum=MAX_AMOUNT),
            Column("资金来源", "source", type="choice", choices=tuple(FUND_SOURCE_LABELS.values()), required=True),
            Column("文号", "document", width=20),
            Column("备注", "note", width=20),
            Column("冲销条目编号", "reverses", type="int", minimum=1, refers="entry"),
            Column("更正原因", "reason", width=20),
        ),
        landscape=True,  # duplicate entry numbers are found by the importer (a new row has none)
    )


def subsidy_spec(last_year: int) -> SheetSpec:
    """A year's payments as computed: the amount and the note of an unconfirmed one may change."""
    return SheetSpec(
        name=SUBSIDY_SHEET,
        columns=(
            Column("补贴编号", "payment_id", type="int", required=True, locked=True, minimum=1, refers="payment"),
            *_committee_columns(),
            Column("年度", "year", type="int", required=True, locked=True, minimum=FIRST_YEAR, maximum=last_year),
            Column("姓名", "person_name", required=True, locked=True, refers="person"),
            Column("补贴类别", "kind", readonly=True, width=16),
            Column("在职月数", "months", type="int", readonly=True),
            Column("测算金额（万元）", "computed", type="decimal", readonly=True),
            Column(
                "补贴金额（万元）", "amount", type="decimal", required=True, minimum=Decimal("0"), maximum=MAX_AMOUNT
            ),
            Column("备注", "note", width=24),
            Column("状态", "state", readonly=True),
        ),
        key=("payment_id",),
        landscape=True,
    )


def _numbered(lines: list[str]) -> list[str]:
    return [f"{number}. {line}" for number, line in enumerate(lines, start=1)]


BUDGET_INSTRUCTIONS = _numbered(
    [
        "每个单位每年一行，按“单位编码 + 年度”识别：已有预算的行更新金额等内容（修改记入历史），其余行新增。",
        "金额以万元为单位，保留两位小数，不得为负数。",
        "纳入财政预算填“是”或“否”。",
        "单位编码见“单位编码表”，只能填写您有权管理经费的单位。",
    ]
)
ENTRY_INSTRUCTIONS = _numbered(
    [
        "资金到位明细只增不改：已有条目（有条目编号）的行原样保留，导入时不作修改；新增到位资金请另起一行，条目编号留空。",
        "已登记条目的金额有误时，不要直接修改：请新增一行冲销该条目（填写冲销条目编号和更正原因），再录入正确的条目。",
        "冲销行的单位、年度、到位日期、资金来源与被冲销条目相同，金额为其相反数（负数）。",
        "金额以万元为单位，保留两位小数；新增条目的金额须大于零。",
        "到位日期格式如 2024-06-30，须在该年度或次年内。",
        "单位编码见“单位编码表”，只能填写您有权管理经费的单位。",
    ]
)
SUBSIDY_INSTRUCTIONS = _numbered(
    [
        "每行是一笔已测算的五老补贴，按“补贴编号”识别；本表只修改已有补贴，不新增：新的补贴请在系统中“测算”。",
        "未确认的补贴可修改“补贴金额”和“备注”；已确认的补贴已锁定，不能修改（原样保留的行不受影响）。",
        "在职月数、测算金额按任职记录和补贴标准计算，只读；任职有变化请在系统中修改任职记录后重新测算。",
        "金额以万元为单位，保留两位小数，不得为负数。本表不含身份证号。",
        "单位编码见“单位编码表”，只能填写您有权管理经费的单位。",
    ]
)

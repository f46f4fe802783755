"""The sheets of donations and study-aid programmes (pure: no queries). Cells are Chinese whatever
the interface language. Students aided are counts: no sheet has a column for a child."""

from __future__ import annotations

from decimal import Decimal

from committees.excel import Column, SheetSpec
from committees.excel_specs import CODES_SHEET
from committees.labels import ChoiceLabels

from ..donation_models import DonorKind
from .specs import FIRST_YEAR, MAX_AMOUNT, _numbered

DONOR_SHEET = "捐赠方"
PROGRAMME_SHEET = "助学项目"
SESSION_SHEET = "助学期次"
DONATION_SHEET = "捐资助学明细"
DONOR_KIND_LABELS = ChoiceLabels(DonorKind)
FIRST_PROGRAMME_YEAR = 1980  # as the programme form
MAX_COUNT = 10_000_000


def _committee_columns(header: str = "单位编码") -> tuple[Column, ...]:
    return (
        Column(header, "committee_code", required=True, locked=True, lookup=CODES_SHEET, refers="committee"),
        Column("单位名称", "committee_name", locked=True, width=20),
    )


def donor_spec() -> SheetSpec:
    return SheetSpec(
        name=DONOR_SHEET,
        columns=(
            *_committee_columns("登记单位编码"),
            Column("捐赠方名称", "name", required=True, locked=True, width=24),
            Column("捐赠方类别", "kind", type="choice", choices=tuple(DONOR_KIND_LABELS.values()), required=True),
            Column("所属企业关工委编码", "enterprise_code", refers="committee", width=18),
            Column("备注", "note", width=24),
        ),
        key=("committee_code", "name"),
        landscape=True,
    )


def programme_spec(last_year: int) -> SheetSpec:
    return SheetSpec(
        name=PROGRAMME_SHEET,
        columns=(
            *_committee_columns("主办单位编码"),
            Column("项目名称", "name", required=True, locked=True, width=24),
            Column(
                "起始年份", "first_year", type="int", required=True, minimum=FIRST_PROGRAMME_YEAR, maximum=last_year
            ),
            Column("项目简介", "description", width=36),
        ),
        key=("committee_code", "name"),
        landscape=True,
    )


def session_spec(last_year: int) -> SheetSpec:
    return SheetSpec(
        name=SESSION_SHEET,
        columns=(
            *_committee_columns("主办单位编码"),
            Column("项目名称", "programme_name", required=True, locked=True, refers="programme", width=24),
            Column("期数", "number", type="int", required=True, locked=True, minimum=1, maximum=32767),
            Column("年度", "year", type="int", required=True, minimum=FIRST_PROGRAMME_YEAR, maximum=last_year),
            Column("发放日期", "date", type="date"),
            Column(
                "资助金额（万元）", "amount", type="decimal", required=True, minimum=Decimal("0"), maximum=MAX_AMOUNT
            ),
            Column("受助学生人数", "students", type="int", required=True, minimum=0, maximum=MAX_COUNT),
            Column("奖项数", "awards", type="int", minimum=0, maximum=MAX_COUNT),
            Column("涉及捐赠方", "donors", readonly=True, width=24),
        ),
        key=("committee_code", "programme_name", "number"),
        landscape=True,
    )


def donation_spec(last_year: int) -> SheetSpec:
    return SheetSpec(
        name=DONATION_SHEET,
        columns=(
            Column("捐赠编号", "donation_id", type="int", locked=True, minimum=1, refers="donation"),
            *_committee_columns("受赠单位编码"),
            Column("年度", "year", type="int", required=True, minimum=FIRST_YEAR, maximum=last_year),
            Column("捐赠日期", "date", type="date", required=True),
            Column("捐赠方名称", "donor_name", required=True, refers="donor", width=24),
            Column(
                "金额（万元）", "amount", type="decimal", required=True, minimum=Decimal("0.01"), maximum=MAX_AMOUNT
            ),
            Column("助学项目", "programme_name", refers="programme", width=24),
            Column("备注", "note", width=24),
        ),
        landscape=True,  # duplicate donation numbers are found by the importer (a new row has none)
    )


_SCOPE = "单位编码见“单位编码表”，只能填写您有权管理经费的单位。"
_COUNTS = "受助学生只填人数，不填写任何学生的姓名或其他个人信息。"
DONOR_INSTRUCTIONS = _numbered(
    [
        "每个捐赠方一行，按“登记单位编码 + 捐赠方名称”识别：已有的捐赠方更新类别等内容（修改记入历史），其余行新增。",
        "捐赠方类别从下拉列表中选择；个人捐赠方须为成年人。",
        "企业捐赠方如有本单位的企业关工委，可填写其单位编码；其他类别留空。",
        _SCOPE,
    ]
)
PROGRAMME_INSTRUCTIONS = _numbered(
    [
        "每个助学项目一行，按“主办单位编码 + 项目名称”识别：已有的项目更新起始年份和简介，其余行新增。",
        "各期发放情况填在“助学期次”表中。",
        _SCOPE,
    ]
)
SESSION_INSTRUCTIONS = _numbered(
    [
        "每个项目每期一行，按“主办单位编码 + 项目名称 + 期数”识别：已有的期次更新金额、人数等内容，其余行新增。",
        "项目须已登记（见“助学项目”表）；年度不得早于项目的起始年份，发放日期须在该年度内。",
        "金额以万元为单位，保留两位小数，不得为负数。" + _COUNTS,
        "“涉及捐赠方”只读，请在系统中修改。",
        _SCOPE,
    ]
)
DONATION_INSTRUCTIONS = _numbered(
    [
        "每笔捐赠一行：有捐赠编号的行更新该笔捐赠，捐赠编号留空的行新增。",
        "捐赠方须已登记在受赠单位所在镇（街道）（见“捐赠方”表）；助学项目可留空，填写时须为同一镇（街道）的项目。",
        "捐赠日期须在该年度内；金额以万元为单位，保留两位小数，须大于零。",
        "捐资助学计入调查表5的捐资助学金额，不计入表2的社会筹措。",
        _SCOPE,
    ]
)

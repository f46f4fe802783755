"""Workbook layouts shared by the exports, the templates and the importers (pure: no models).

The labels in the cells are Chinese whatever the interface language: the files are the
district's paper forms in Excel, and the importer must read what the exporter wrote.
"""

from __future__ import annotations

from .excel import Column, SheetSpec

ADULT_AGE = 18
EARLIEST_BIRTH_YEAR = 1920
VOLUNTEER_SHEET = "五老志愿者"
ROLE_SEPARATOR = "、"

GENDER_LABELS = {"male": "男", "female": "女"}
CATEGORY_LABELS = {
    "cadre": "老干部",
    "veteran": "老战士",
    "expert": "老专家",
    "teacher": "老教师",
    "model_worker": "老模范",
}
LAYER_LABELS = {"backbone": "骨干层", "participant": "参与层"}


def volunteer_spec(reference_year: int) -> SheetSpec:
    """The five-old volunteers sheet; a birth year after reference_year − 18 (a minor) is refused."""
    return SheetSpec(
        name=VOLUNTEER_SHEET,
        columns=(
            Column("单位编码", "committee_code", required=True, locked=True),
            Column("单位名称", "committee_name", locked=True),
            Column("人员编码", "person_code", required=True, locked=True),
            Column("姓名", "name", required=True),
            Column("性别", "gender", type="choice", choices=tuple(GENDER_LABELS.values())),
            Column(
                "出生年份",
                "birth_year",
                type="int",
                required=True,
                minimum=EARLIEST_BIRTH_YEAR,
                maximum=reference_year - ADULT_AGE,
            ),
            Column("联系电话", "phone"),
            Column("五老类别", "category", type="choice", choices=tuple(CATEGORY_LABELS.values())),
            Column("层级", "layer", type="choice", choices=tuple(LAYER_LABELS.values()), required=True),
            Column("五大员角色", "roles", help="、"),
            Column("加入日期", "joined_on", type="date"),
            Column("退出日期", "exited_on", type="date"),
            Column("退出原因", "exit_reason"),
            Column("备注", "notes"),
        ),
        key=("committee_code", "person_code"),
    )


VOLUNTEER_INSTRUCTIONS = [
    "1. 灰色列（单位编码、单位名称、人员编码）是识别信息，请勿修改。",
    "2. 出生年份填四位数字；只登记成年人。",
    "3. 五老类别、层级、性别请从下拉列表中选择。",
    "4. 五大员角色用顿号（、）分隔多个角色。",
    "5. 日期格式如 2024-12-31；填写退出日期时须填写退出原因。",
    "6. 联系电话含 * 号（已隐去）时视为未修改。",
    "7. 请勿使用公式或合并单元格。",
]

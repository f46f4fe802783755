"""Workbook layouts shared by the exports, the templates and the importers (pure: no models).

The labels in the cells are Chinese whatever the interface language: the files are the
district's paper forms in Excel, and the importer must read what the exporter wrote.
"""

from __future__ import annotations

from collections.abc import Mapping

from .excel import Column, SheetSpec
from .labels import (
    CATEGORY_LABELS,
    GENDER_LABELS,
    KIND_LABELS,
    LAYER_LABELS,
    POSITION_LABELS,
    SOURCE_LABELS,
    STATION_KIND_LABELS,
    TEAM_TYPE_LABELS,
)

ADULT_AGE = 18
EARLIEST_BIRTH_YEAR = 1920
EARLIEST_FOUNDED_YEAR = 1949
ROLE_SEPARATOR = "、"
CODES_SHEET = "单位编码表"
CODES_HEADERS = ["单位编码", "单位名称", "类型"]

__all__ = [
    "CATEGORY_LABELS",
    "GENDER_LABELS",
    "KIND_LABELS",
    "LAYER_LABELS",
    "POSITION_LABELS",
    "SOURCE_LABELS",
    "STATION_KIND_LABELS",
    "TEAM_TYPE_LABELS",
]

VOLUNTEER_SHEET = "五老志愿者"
PEOPLE_SHEET = "班子成员"
TEAM_SHEET = "志愿者团队"
STATION_SHEET = "校外教育辅导站"


def _choices(labels: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(labels.values())


def _committee_columns(code: str = "单位编码", name: str = "单位名称") -> tuple[Column, ...]:
    return (
        Column(code, "committee_code", required=True, locked=True, lookup=CODES_SHEET, refers="committee"),
        Column(name, "committee_name", locked=True),
    )


def _person_columns(reference_year: int) -> tuple[Column, ...]:
    """Who the row is about; a birth year after reference_year − 18 (a minor) is refused."""
    return (
        Column("人员编码", "person_code", locked=True, refers="person"),
        Column("姓名", "name", required=True),
        Column("性别", "gender", type="choice", choices=_choices(GENDER_LABELS)),
        Column(
            "出生年份",
            "birth_year",
            type="int",
            required=True,
            minimum=EARLIEST_BIRTH_YEAR,
            maximum=reference_year - ADULT_AGE,
        ),
        Column("联系电话", "phone"),
    )


def volunteer_spec(reference_year: int) -> SheetSpec:
    """The five-old volunteers sheet: one row per person and committee."""
    return SheetSpec(
        name=VOLUNTEER_SHEET,
        columns=(
            *_committee_columns(),
            *_person_columns(reference_year),
            Column("五老类别", "category", type="choice", choices=_choices(CATEGORY_LABELS)),
            Column("层级", "layer", type="choice", choices=_choices(LAYER_LABELS), required=True),
            Column("五大员角色", "roles", help="、"),
            Column("加入日期", "joined_on", type="date"),
            Column("退出日期", "exited_on", type="date"),
            Column("退出原因", "exit_reason"),
            Column("备注", "notes"),
        ),
    )


def people_spec(reference_year: int) -> SheetSpec:
    """The leadership sheet: one row per post (a person with two posts has two rows)."""
    return SheetSpec(
        name=PEOPLE_SHEET,
        columns=(
            *_committee_columns(),
            *_person_columns(reference_year),
            Column("原职务", "former_post"),
            Column("五老类别", "category", type="choice", choices=_choices(CATEGORY_LABELS)),
            Column("职务", "position", type="choice", choices=_choices(POSITION_LABELS), required=True),
            Column("是否兼职", "concurrent", type="bool"),
            Column("来源", "source", type="choice", choices=_choices(SOURCE_LABELS)),
            Column("任职日期", "started_on", type="date"),
            Column("离任日期", "ended_on", type="date"),
            Column("备注", "notes"),
            Column("是否驻会", "resident", type="bool"),  # last, optional: empty or absent keeps the post's flag
        ),
    )


def team_spec(reference_year: int) -> SheetSpec:
    """Volunteer teams; the member count is shown, not read (members are kept on the team page)."""
    return SheetSpec(
        name=TEAM_SHEET,
        columns=(
            *_committee_columns(),
            Column("团队名称", "name", required=True, locked=True),
            Column("团队类型", "team_type", type="choice", choices=_choices(TEAM_TYPE_LABELS), required=True),
            Column("成立年份", "founded_year", type="int", minimum=EARLIEST_FOUNDED_YEAR, maximum=reference_year),
            Column("服务内容", "service_content"),
            Column("在册成员数", "member_count", type="int", readonly=True),
        ),
        key=("committee_code", "name"),
    )


def station_spec(reference_year: int) -> SheetSpec:
    """Tutoring stations of villages; a satellite point names its central station."""
    return SheetSpec(
        name=STATION_SHEET,
        columns=(
            *_committee_columns("村（社区）编码", "村（社区）名称"),
            Column("站点名称", "name", required=True, locked=True),
            Column("站点类型", "kind", type="choice", choices=_choices(STATION_KIND_LABELS), required=True),
            Column("所属中心站", "hub_name", refers="station"),
            Column("结对学校编码", "school_code", lookup=CODES_SHEET, refers="school"),
            Column("建站年份", "opened_year", type="int", minimum=EARLIEST_FOUNDED_YEAR, maximum=reference_year),
            Column("年活动次数", "activities_per_year", type="int", minimum=0, maximum=10000),
        ),
        key=("committee_code", "name"),
    )


_COMMON_INSTRUCTIONS = [
    "请勿修改表头、工作表名称；不要使用公式或合并单元格。",
    "灰色单元格是已有记录的识别信息，请勿修改；新增记录请在表格下方空行填写。",
    "单位编码见“单位编码表”工作表；只能填写您有权维护的单位。",
    "有下拉列表的列请从列表中选择；日期格式如 2024-12-31。",
    "导入前会先显示预览（新增、修改、未变及全部错误），确认后才会保存；有任何错误时不保存任何数据。",
    "文件中没有的记录不会被删除。",
]


def _numbered(lines: list[str]) -> list[str]:
    return [f"{number}. {line}" for number, line in enumerate(lines, start=1)]


_PERSON_INSTRUCTIONS = [
    "人员编码由系统生成：已登记的人员请保留编码；新增人员请留空，系统按“单位编码 + 姓名 + 出生年份”识别，"
    "并在导入时生成编码。",
    "出生年份填四位数字；只登记成年人，不登记身份证号。",
    "联系电话含 * 号（已隐去）时视为未修改。",
]

VOLUNTEER_INSTRUCTIONS = _numbered(
    [
        *_COMMON_INSTRUCTIONS,
        *_PERSON_INSTRUCTIONS,
        "每行是一名五老志愿者在一个单位的登记；五老类别、层级、性别请从下拉列表中选择。",
        "五大员角色用顿号（、）分隔多个角色。",
        "填写退出日期时须填写退出原因。",
    ]
)

PEOPLE_INSTRUCTIONS = _numbered(
    [
        *_COMMON_INSTRUCTIONS,
        *_PERSON_INSTRUCTIONS,
        "每行是一个任职：同一人兼任两个职务填两行。导出的是在任的班子成员。",
        "离任请填写离任日期（不要删除该行）；职务变动请在原行填写离任日期，另起一行填写新职务和任职日期。",
        "主任、常务副主任每个单位同时只能有一名在任。",
        "填写五老类别即视为“五老”人员。",
    ]
)

TEAM_INSTRUCTIONS = _numbered(
    [
        *_COMMON_INSTRUCTIONS,
        "团队按“单位编码 + 团队名称”识别；团队改名请在系统中修改。",
        "“在册成员数”仅供参考，导入时不读取；团队成员请在系统的团队页面维护。",
    ]
)

STATION_INSTRUCTIONS = _numbered(
    [
        *_COMMON_INSTRUCTIONS,
        "辅导站设在村（社区），按“村（社区）编码 + 站点名称”识别。",
        "站点类型为“分点”时须填写所属中心站（同一村（社区）的中心站名称）；中心站不填。",
        "结对学校编码填写学校关工委的单位编码，可不填。",
    ]
)

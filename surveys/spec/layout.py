"""Display and the Excel layout of the spec: sheet specs, cell values and texts, the instructions sheet."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from committees.excel import Column, SheetSpec

from .engine import SPEC_VERSION, Field, FieldType, FormSpec, Period, SectionSpec, year_note
from .forms import BOOL_LABELS

_EXCEL_TYPES = {
    FieldType.TEXT: "text",
    FieldType.INT: "int",
    FieldType.YEAR: "int",
    FieldType.DECIMAL: "decimal",
    FieldType.BOOL: "bool",
    FieldType.CHOICE: "choice",
}


def sheet_spec(section: SectionSpec) -> SheetSpec:
    """The section as a committees.excel sheet layout (the template writer and reader use it).

    Only the per-cell checks travel (type, enumeration, bounds, always-required); the rules
    run afterwards on the parsed rows (surveys.validation), with the same spec.
    """
    columns = tuple(
        Column(
            header=f.header,
            key=f.key,
            type=_EXCEL_TYPES[f.type],
            required=f.required,
            choices=f.labels,
            minimum=f.minimum,
            maximum=f.maximum,
            locked=f.locked,
            help=f.help,
            note=year_note(f.period, section.data_year),
        )
        for f in section.fields
    )
    return SheetSpec(name=section.sheet, columns=columns, key=section.key)


def sheet_specs(forms: Iterable[FormSpec]) -> list[SheetSpec]:
    return [sheet_spec(s) for f in forms for s in f.sections]


def display_value(f: Field, value):
    """A stored value as a cell shows it: labels for enumerations, Decimal for money."""
    if value is None or value == "":
        return None
    if f.type == FieldType.CHOICE:
        return f.label_of(value) or value
    if f.type == FieldType.DECIMAL and isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


def display_text(f: Field, value) -> str:
    """A value as text in a message: 是/否, labels, money with 2 decimals, "空" for blank."""
    if value is None or value == "":
        return "空"
    if f.type == FieldType.BOOL and isinstance(value, bool):
        return BOOL_LABELS[value]
    if f.type == FieldType.CHOICE:
        return f.label_of(value) or str(value)
    if f.type == FieldType.DECIMAL and isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def excel_row(section: SectionSpec, values: Mapping) -> dict:
    """A stored row as committees.excel.build_workbook takes it."""
    return {f.key: display_value(f, values.get(f.key)) for f in section.fields}


def instructions(forms: Sequence[FormSpec], *, year: int) -> list[str]:
    """The lines of the instructions sheet (填表说明): general rules, then each section's rules."""
    data_year = next((s.data_year for f in forms for s in f.sections if s.data_year), year - 1)
    lines = [
        f"{year} 年度关工委基层基础建设调查表（版本 {SPEC_VERSION}）。",
        "1. 灰色列（单位编码、单位名称等）是识别信息，请勿修改；不要增删表1、表2、表3、表3B、表4、表5 的行。",
        "2. 金额单位为万元，最多保留两位小数；人数、次数填整数。",
        "3. 是/否 列填“是”或“否”（也接受 1/0、Y/N、TRUE/FALSE）；有下拉列表的列请从列表中选择。",
        f"4. 年龄按 {year} 年 12 月 31 日计算，只填出生年份。",
        f"5. 经费（表2）和表5的会议、活动、捐资助学等数字填 {data_year} 年全年（1 月 1 日至 12 月 31 日）的数，"
        f"列名后标有“{year_note(Period.DATA, data_year)}”；班子、队伍、“五有五好”、辅导站等其余各项填 {year} 年 12 月 31 日的情况。",
        "6. 表4B、表5B 可按实际增删行；每行须填写单位编码。",
        "7. 请勿使用公式或合并单元格。",
    ]
    for form in forms:
        for section in form.sections:
            notes = [r.note for r in section.rules if r.note]
            data = [f.header for f in section.fields if f.period == Period.DATA]
            if data:
                notes.insert(0, f"{'、'.join(data)}为 {data_year} 年全年数")
            notes += [
                f"{f.header}按“{form.section(f.counts_rows).sheet}”所列行数自动计算，不必填写"
                for f in section.fields
                if f.counts_rows
            ]
            if notes:
                lines.append(f"{section.sheet}：" + "；".join(n.rstrip("。") for n in notes) + "。")
    return lines

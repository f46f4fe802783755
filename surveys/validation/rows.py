"""A section's rows against the registry and each other: each row's committee belongs on the sheet
under its registered name and level, no row repeats another's key, a fixed section has a row
for every committee it expects; and stored rows shown with the registry's current names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from committees.labels import KIND_LABELS

from ..spec import FormSpec, RowKind, SectionSpec, Severity
from .issues import Collector, CommitteeRef, TownContext

ROW_KIND_TEXT = {
    RowKind.TOWN_AND_VILLAGES: "本镇（街道）及其所属村（社区）",
    RowKind.VILLAGES: "本镇（街道）所属村（社区）",
    RowKind.TOWN: "本镇（街道）",
}


def with_current_names(section: SectionSpec, rows: Sequence[Mapping], ctx: TownContext) -> list[dict]:
    """Stored rows as a form shows them: a row is keyed by its 单位编码, and its 单位名称 is the
    registry's current name of that code (the name stored with the row may be a former one)."""
    if not section.has_field("committee_name"):
        return [dict(r) for r in rows]
    shown = []
    for row in rows:
        code = row.get("committee_code")
        committee = ctx.by_code.get(str(code).strip()) if code not in (None, "") else None
        shown.append({**row, "committee_name": committee.name} if committee else dict(row))
    return shown


def form_with_current_names(
    form: FormSpec, sections: Mapping[str, Sequence[Mapping]], ctx: TownContext
) -> dict[str, list[dict]]:
    """A form's stored sections with the registry's current names (with_current_names)."""
    return {
        name: with_current_names(form.section(name), rows, ctx) if form.has_section(name) else list(rows)
        for name, rows in sections.items()
    }


def registry_checks(
    out: Collector, section: SectionSpec, values: Mapping, committee: CommitteeRef, expected: set[str], *, row: int
) -> None:
    """A row of a registered committee against the registry: the committee belongs on this
    sheet, and the name and level the row gives are the registered ones."""
    code = committee.code
    if not section.free_rows and code not in expected:
        out.add(
            Severity.ERROR,
            "wrong_row_committee",
            f"{committee.name}（{code}）不应列在本表：本表每行是{ROW_KIND_TEXT[section.row_kind]}。",
            row=row,
            committee=code,
            key="committee_code",
            value=code,
        )
    name = values.get("committee_name")
    if section.has_field("committee_name") and name and name in committee.former_names:
        out.add(
            Severity.WARNING,
            "former_name",
            f"单位名称“{name}”是单位编码 {code} 的曾用名，现名为“{committee.name}”；按单位编码对应，以现名为准。",
            row=row,
            committee=code,
            key="committee_name",
            value=name,
        )
    elif section.has_field("committee_name") and name and name != committee.name:
        out.add(
            Severity.ERROR,
            "name_mismatch",
            f"单位名称“{name}”与单位编码 {code} 登记的名称“{committee.name}”不符。",
            row=row,
            committee=code,
            key="committee_name",
            value=name,
        )
    level = values.get("level")
    if section.has_field("level") and level and level != committee.kind:
        out.add(
            Severity.ERROR,
            "level_mismatch",
            f"层级“{KIND_LABELS.get(level, level)}”与登记的“{KIND_LABELS.get(committee.kind, committee.kind)}”不符。",
            row=row,
            committee=code,
            key="level",
            value=KIND_LABELS.get(level, level),
        )


def duplicate_check(
    out: Collector, section: SectionSpec, values: Mapping, seen: dict[tuple, int], *, row: int, code
) -> None:
    """A row whose key repeats an earlier row's; `seen` keeps the first row of each key."""
    identity = tuple(values.get(k) for k in section.key)
    if any(v is None for v in identity):
        return
    if identity in seen:
        out.add(
            Severity.ERROR,
            "duplicate_row",
            f"与第 {seen[identity]} 行重复。",
            row=row,
            committee=code,
            key=section.key[-1],
            value=" / ".join(str(v) for v in identity),
        )
    else:
        seen[identity] = row


def missing_rows_check(out: Collector, section: SectionSpec, ctx: TownContext, present: set[str]) -> None:
    """A fixed section lacks a row of a committee it expects."""
    for committee in ctx.expected(section.row_kind):
        if committee.code not in present:
            out.add(
                Severity.ERROR,
                "missing_row",
                f"缺少{committee.name}（{committee.code}）的行。",
                row=None,
                committee=committee.code,
                key="committee_code",
            )

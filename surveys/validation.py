"""Check one submission's values against the spec; pure (no models, no database).

Input is what a grid posts or a workbook holds, or what a submission stores: cells keyed by
field key, each a raw value ("是", "334.82", 12, 1.0, a label …) or a stored JSON value.
Output is a list of issues, each naming the sheet, the row (its number in the sheet, or its
place in the grid), the committee code, the column header, the value and a Chinese message,
as an error (blocks submitting) or a warning.

`normalize_row` turns cells into what a submission stores: JSON-safe values, money as a
string with two decimals ("334.82") so it stays exact, enumerations by value; a cell that
does not parse is kept as typed, so a draft never loses input (validation reports it).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from committees.cells import parse_yes_no
from committees.labels import KIND_LABELS
from committees.validators import describe_character, find_control_character

from .spec import (
    MAX_ROWS,
    VILLAGE_KINDS,
    Field,
    FieldType,
    FormSpec,
    RowKind,
    SectionSpec,
    Severity,
    display_text,
)

MAX_NUMBER = Decimal(10) ** 12
CENT = Decimal("0.01")
# Rules of what no path may store, whatever a draft may hold: every path refuses them before saving.
STORAGE_RULES = frozenset({"control_character", "too_many_rows"})
REQUIRED = "required"  # the rule of a required cell left blank

ROW_KIND_TEXT = {
    RowKind.TOWN_AND_VILLAGES: "本镇（街道）及其所属村（社区）",
    RowKind.VILLAGES: "本镇（街道）所属村（社区）",
    RowKind.TOWN: "本镇（街道）",
}


@dataclass(frozen=True)
class CommitteeRef:
    code: str
    name: str  # the registry's current name
    kind: str
    former_names: frozenset[str] = frozenset()  # from its history: accepted with a warning


@dataclass(frozen=True)
class TownContext:
    """What the validation needs to know about the town and the round."""

    year: int
    town: CommitteeRef
    committees: tuple[CommitteeRef, ...] = ()  # the town's subtree on the reference date, the town included
    funding: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)  # by committee kind
    by_code: Mapping[str, CommitteeRef] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        found = {c.code: c for c in self.committees}
        found.setdefault(self.town.code, self.town)
        object.__setattr__(self, "by_code", found)

    @property
    def villages(self) -> list[CommitteeRef]:
        return [c for c in self.committees if c.kind in VILLAGE_KINDS]

    def expected(self, row_kind: RowKind) -> list[CommitteeRef]:
        """The committees a fixed-row section has a row for, in order."""
        if row_kind == RowKind.TOWN:
            return [self.town]
        if row_kind == RowKind.VILLAGES:
            return self.villages
        if row_kind == RowKind.TOWN_AND_VILLAGES:
            return [self.town, *self.villages]
        return []


@dataclass(frozen=True)
class Issue:
    severity: str  # Severity
    sheet: str
    row: int | None
    committee: str | None
    header: str | None
    value: object
    message: str
    rule: str  # "required", "type", "range", … or the spec rule's id
    key: str | None = None  # the field, for the grid to mark its cell

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    @property
    def is_blank_required(self) -> bool:
        """A required cell left empty: on a draft nobody has saved yet, a cell to fill rather
        than an error (surveys.grid); submitting refuses it all the same."""
        return self.rule == REQUIRED

    def as_dict(self) -> dict:
        value = self.value
        if not (value is None or isinstance(value, bool | int | str)):
            value = str(value)
        return {
            "severity": str(self.severity),
            "sheet": self.sheet,
            "row": self.row,
            "committee": self.committee,
            "header": self.header,
            "value": value,
            "message": self.message,
            "rule": self.rule,
            "key": self.key,
        }

    def __str__(self) -> str:
        where = [self.sheet]
        if self.row:
            where.append(f"第{self.row}行")
        if self.committee:
            where.append(f"（{self.committee}）")
        if self.header:
            where.append(f"“{self.header}”")
        if self.value not in (None, ""):
            where.append(f"值“{self.value}”")
        prefix = "错误" if self.is_error else "提示"
        return f"{prefix}：{' '.join(where)}：{self.message}"


def has_errors(issues: Sequence[Issue]) -> bool:
    return any(i.is_error for i in issues)


def count(issues: Sequence[Issue]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for i in issues if i.is_error)
    return errors, len(issues) - errors


def split_blank_required(issues: Sequence[Issue]) -> tuple[list[Issue], list[Issue]]:
    """(the issues but the required cells left blank, those cells): how a fresh draft counts them."""
    blank = [i for i in issues if i.is_blank_required]
    return [i for i in issues if not i.is_blank_required], blank


# Cells ----------------------------------------------------------------------------------


class CellInputError(ValueError):
    """A cell that does not parse; the message is for the user."""

    def __init__(self, message: str, rule: str = "type"):
        super().__init__(message)
        self.rule = rule


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def parse_cell(f: Field, raw):
    """One cell as Python (int, Decimal, bool, str, an enumeration's value), or None when blank.

    Raises CellInputError with a Chinese message. Blank is not an error here: whether a cell
    is required is the caller's business (a draft may be incomplete).
    """
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        return None
    _check_characters(f, raw)
    if f.type == FieldType.TEXT:
        text = str(raw)
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))  # a code typed as a number in Excel
        if len(text) > f.max_length:
            raise CellInputError(f"不能超过 {f.max_length} 个字（现为 {len(text)} 个字）。", "length")
        return text
    if f.type == FieldType.BOOL:
        return _bool(raw)
    if f.type == FieldType.CHOICE:
        value = f.value_of(str(raw))
        if value is None:
            raise CellInputError("应为以下之一：" + "、".join(f.labels) + "。", "choice")
        return value
    if f.type == FieldType.DECIMAL:
        value = _number(raw, "应为数字（万元，最多两位小数）。")
        if value != value.quantize(CENT):
            raise CellInputError("最多保留两位小数。", "decimals")
        value = value.quantize(CENT)
    else:  # INT, YEAR
        message = "应为四位年份，如 1958。" if f.type == FieldType.YEAR else "应为整数。"
        number = _number(raw, message)
        if number != number.to_integral_value():
            raise CellInputError(message)
        value = int(number)
    _check_range(f, value)
    return value


def _check_characters(f: Field, raw) -> None:
    """Refuse text that may not be stored (committees.validators): a control character in any
    cell, a line break in a one-line one. A draft cannot keep it as typed (PostgreSQL refuses NUL)."""
    if not isinstance(raw, str):
        return
    char = find_control_character(raw.strip(), single_line=not f.multiline)
    if char is None:
        return
    if f.multiline:
        raise CellInputError(f"含有不可见的控制字符（{describe_character(char)}），请删除。", "control_character")
    raise CellInputError(
        f"只能填写一行文字，不能含换行符或控制字符（{describe_character(char)}）。", "control_character"
    )


def _bool(raw) -> bool:
    try:
        return parse_yes_no(raw)
    except ValueError:
        raise CellInputError("应填“是”或“否”（也可填 1/0、Y/N、TRUE/FALSE）。") from None


def _number(raw, message: str) -> Decimal:
    if isinstance(raw, bool) or isinstance(raw, datetime.date):
        raise CellInputError(message)
    try:
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(str(raw).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise CellInputError(message)
    if not value.is_finite() or abs(value) >= MAX_NUMBER:
        raise CellInputError(message)
    return value


def _check_range(f: Field, value) -> None:
    low, high = f.minimum, f.maximum
    if low is not None and high is not None and low == high and value != low:
        raise CellInputError(f"应为 {low}。", "range")
    if f.type == FieldType.YEAR and low is not None and high is not None and not low <= value <= high:
        raise CellInputError(f"应在 {low} 至 {high} 之间。", "range")
    if low is not None and value < low:
        raise CellInputError("不能为负数。" if low == 0 else f"不能小于 {low}。", "range")
    if high is not None and value > high:
        raise CellInputError(f"不能大于 {high}。", "range")


def to_json(f: Field, value):
    """A parsed value as stored in SubmissionRow.values (money as "334.82")."""
    if value is None:
        return None
    if f.type == FieldType.DECIMAL and isinstance(value, Decimal):
        return f"{value.quantize(CENT):f}"
    return value


def from_json(f: Field, stored):
    """A stored value as Python (Decimal for money); a value that does not parse comes back as is."""
    try:
        return parse_cell(f, stored)
    except CellInputError:
        return stored


def normalize_cell(f: Field, raw):
    """What a submission stores for a cell: the parsed value as JSON, or the input as typed."""
    try:
        return to_json(f, parse_cell(f, raw))
    except CellInputError:
        return str(raw).strip() if not isinstance(raw, bool | int) else raw


def normalize_row(section: SectionSpec, raw: Mapping) -> dict:
    """The section's cells of a row, normalized; keys the section doesn't know are dropped."""
    return {f.key: normalize_cell(f, raw[f.key]) for f in section.fields if f.key in raw}


def changed_cells(section: SectionSpec, values: Mapping, prefill: Mapping) -> set[str]:
    """The prefilled keys whose value differs from the registry's (the grid marks them)."""
    changed = set()
    for key, registry_value in prefill.items():
        if not section.has_field(key):
            continue
        f = section.field(key)
        if from_json(f, values.get(key)) != from_json(f, registry_value):
            changed.add(key)
    return changed


# Rows and sections ----------------------------------------------------------------------


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


def _row_number(raw: Mapping, position: int) -> int:
    number = raw.get("_row")
    return number if isinstance(number, int) else position


def _is_blank_row(section: SectionSpec, raw: Mapping) -> bool:
    return all(is_blank(raw.get(f.key)) for f in section.fields)


class _Collector:
    def __init__(self, section: SectionSpec):
        self.section = section
        self.issues: list[Issue] = []

    def add(
        self,
        severity: str,
        rule: str,
        message: str,
        *,
        row: int | None,
        committee: str | None,
        key: str | None,
        value=None,
    ) -> None:
        header = self.section.field(key).header if key else None
        self.issues.append(Issue(str(severity), self.section.sheet, row, committee, header, value, message, rule, key))


def parse_row(section: SectionSpec, raw: Mapping) -> tuple[dict, dict[str, str]]:
    """The row's values as Python and, by key, the message of each cell that failed to parse
    (a required blank included)."""
    values: dict = {}
    problems: dict[str, tuple[str, str]] = {}
    for f in section.fields:
        cell = raw.get(f.key)
        try:
            values[f.key] = parse_cell(f, cell)
        except CellInputError as exc:
            values[f.key] = None
            problems[f.key] = (exc.rule, str(exc))
            continue
        if values[f.key] is None and f.required:
            problems[f.key] = (REQUIRED, "必填，不能为空。")
    return values, problems


def _params(section: SectionSpec, values: Mapping, env: Mapping, extra: Mapping) -> dict:
    params = {k: (f"{v:.2f}" if isinstance(v, Decimal) else v) for k, v in {**env, **extra}.items() if v is not None}
    params.update({f.key: display_text(f, values.get(f.key)) for f in section.fields})
    return params


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "—"


def validate_section(
    section: SectionSpec, rows: Sequence[Mapping], ctx: TownContext, *, env: Mapping | None = None
) -> list[Issue]:
    """Check one section's rows: cells, the rows against the registry, then the spec's rules."""
    out = _Collector(section)
    base_env = {"year": ctx.year, "villages": len(ctx.villages), **(env or {})}
    seen: dict[tuple, int] = {}
    present: set[str] = set()
    expected = {c.code for c in ctx.expected(section.row_kind)}
    for position, raw in enumerate(rows, start=1):
        if section.free_rows and _is_blank_row(section, raw):
            continue
        number = _row_number(raw, position)
        values, problems = parse_row(section, raw)
        code = values.get("committee_code")
        _cell_checks(out, raw, problems, row=number, code=code)
        committee = ctx.by_code.get(code) if code else None
        if code and committee is None:
            out.add(
                Severity.ERROR,
                "unknown_committee",
                f"单位编码“{code}”不是{ctx.town.name}（{ctx.town.code}）所属的关工委。",
                row=number,
                committee=code,
                key="committee_code",
                value=code,
            )
        elif committee is not None:
            _registry_checks(out, section, values, committee, expected, row=number)
            present.add(code)
        _duplicate_check(out, section, values, seen, row=number, code=code)
        _rule_checks(out, section, values, _row_env(base_env, committee, ctx), row=number, code=code)
    _check_row_count(out, rows)
    if not section.free_rows:
        _missing_rows_check(out, section, ctx, present)
    return out.issues


def _cell_checks(out: _Collector, raw: Mapping, problems: Mapping, *, row: int, code) -> None:
    """The cells that do not parse (parse_row's problems)."""
    for key, (rule, message) in problems.items():
        value = None if rule == "control_character" else raw.get(key)  # the message names the character
        out.add(Severity.ERROR, rule, message, row=row, committee=code, key=key, value=value)


def _registry_checks(
    out: _Collector, section: SectionSpec, values: Mapping, committee: CommitteeRef, expected: set[str], *, row: int
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


def _duplicate_check(
    out: _Collector, section: SectionSpec, values: Mapping, seen: dict[tuple, int], *, row: int, code
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


def _row_env(base_env: Mapping, committee: CommitteeRef | None, ctx: TownContext) -> dict:
    """What the spec's rules read besides the row: the round's figures, and the committee's kind
    and its funding standard."""
    row_env = dict(base_env)
    if committee is not None:
        row_env["kind"] = committee.kind
        bounds = ctx.funding.get(committee.kind)
        if bounds is not None:
            row_env["expected_lower"], row_env["expected_upper"] = bounds
    return row_env


def _rule_checks(out: _Collector, section: SectionSpec, values: Mapping, row_env: Mapping, *, row: int, code) -> None:
    """The spec's rules on one row."""
    for rule in section.rules:
        if rule.broken(values, row_env):
            params = _Defaulting(_params(section, values, row_env, rule.figures(values)))
            out.add(
                rule.severity,
                rule.id,
                rule.message.format_map(params),
                row=row,
                committee=code,
                key=rule.field,
                value=None
                if values.get(rule.field) is None
                else display_text(section.field(rule.field), values[rule.field]),
            )


def _missing_rows_check(out: _Collector, section: SectionSpec, ctx: TownContext, present: set[str]) -> None:
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


def _check_row_count(out: _Collector, rows: Sequence[Mapping]) -> None:
    filled = sum(1 for raw in rows if not _is_blank_row(out.section, raw))
    if filled > MAX_ROWS:
        out.add(
            Severity.ERROR,
            "too_many_rows",
            f"本表最多 {MAX_ROWS} 行，现有 {filled} 行；请删去多余的行。",
            row=None,
            committee=None,
            key=None,
        )


def storage_issues(section: SectionSpec, rows: Sequence[Mapping]) -> list[Issue]:
    """What no path may store in a section (STORAGE_RULES): a cell with a control character
    (or a line break in a one-line cell), more filled rows than MAX_ROWS. The grid and the
    import refuse these before saving, and services.submission_save refuses them for any caller."""
    out = _Collector(section)
    for position, raw in enumerate(rows, start=1):
        code = raw.get("committee_code")
        shown = code if isinstance(code, str) and find_control_character(code, single_line=True) is None else None
        for f in section.fields:
            try:
                _check_characters(f, raw.get(f.key))
            except CellInputError as exc:
                number = _row_number(raw, position)
                out.add(Severity.ERROR, exc.rule, str(exc), row=number, committee=shown, key=f.key)
    _check_row_count(out, rows)
    return out.issues


def filled_rows(section: SectionSpec, rows: Sequence[Mapping]) -> int:
    """How many of a section's rows hold something (a list's blank rows are not rows)."""
    return sum(1 for r in rows if not _is_blank_row(section, r))


def derive_form(form: FormSpec, sections: Mapping[str, Sequence[Mapping]]) -> dict[str, list[dict]]:
    """The sections with their derived cells computed (Field.counts_rows: form 4's 志愿者团队数 is
    the number of 表4B's teams), whatever the rows held there. Every path that saves a form
    stores what this gives, and the grid shows it."""
    derived = {name: [dict(r) for r in rows] for name, rows in sections.items()}
    for section in form.sections:
        counting = [f for f in section.fields if f.counts_rows]
        if not counting or section.section not in derived:
            continue
        for f in counting:
            counted = form.section(f.counts_rows)
            number = filled_rows(counted, derived.get(counted.section, ()))
            for row in derived[section.section]:
                row[f.key] = number
    return derived


def validate_form(form: FormSpec, sections: Mapping[str, Sequence[Mapping]], ctx: TownContext) -> list[Issue]:
    """Check every section of a form, its derived cells computed first (derive_form); rules
    that span sections see the other sections' row counts (env "rows_B")."""
    sections = derive_form(form, sections)
    counts = {
        f"rows_{s.section}": sum(1 for r in sections.get(s.section, ()) if not _is_blank_row(s, r))
        for s in form.sections
    }
    issues: list[Issue] = []
    for section in form.sections:
        issues += validate_section(section, sections.get(section.section, ()), ctx, env=counts)
    return issues


def validate_forms(
    forms: Sequence[FormSpec], submissions: Mapping[int, Mapping[str, Sequence[Mapping]]], ctx: TownContext
) -> list[Issue]:
    """Check several forms of one town (a workbook): each present form with its sections."""
    issues: list[Issue] = []
    for form in forms:
        if form.number in submissions:
            issues += validate_form(form, submissions[form.number], ctx)
    return issues

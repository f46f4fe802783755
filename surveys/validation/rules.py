"""A section and a form checked as a whole: the cells, the rows against the registry, then the
spec's rules on each row; what no path may store; a form's derived cells."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from committees.validators import find_control_character

from ..spec import MAX_ROWS, FormSpec, SectionSpec, Severity, display_text
from .cells import CellInputError, check_characters, filled_rows, is_blank_row, parse_row, row_number
from .issues import Collector, CommitteeRef, Issue, TownContext
from .rows import duplicate_check, missing_rows_check, registry_checks


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
    out = Collector(section)
    base_env = {"year": ctx.year, "villages": len(ctx.villages), **(env or {})}
    seen: dict[tuple, int] = {}
    present: set[str] = set()
    expected = {c.code for c in ctx.expected(section.row_kind)}
    for position, raw in enumerate(rows, start=1):
        if section.free_rows and is_blank_row(section, raw):
            continue
        number = row_number(raw, position)
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
            registry_checks(out, section, values, committee, expected, row=number)
            present.add(code)
        duplicate_check(out, section, values, seen, row=number, code=code)
        _rule_checks(out, section, values, _row_env(base_env, committee, ctx), row=number, code=code)
    _check_row_count(out, rows)
    if not section.free_rows:
        missing_rows_check(out, section, ctx, present)
    return out.issues


def _cell_checks(out: Collector, raw: Mapping, problems: Mapping, *, row: int, code) -> None:
    """The cells that do not parse (parse_row's problems)."""
    for key, (rule, message) in problems.items():
        value = None if rule == "control_character" else raw.get(key)  # the message names the character
        out.add(Severity.ERROR, rule, message, row=row, committee=code, key=key, value=value)


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


def _rule_checks(out: Collector, section: SectionSpec, values: Mapping, row_env: Mapping, *, row: int, code) -> None:
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


def _check_row_count(out: Collector, rows: Sequence[Mapping]) -> None:
    filled = sum(1 for raw in rows if not is_blank_row(out.section, raw))
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
    out = Collector(section)
    for position, raw in enumerate(rows, start=1):
        code = raw.get("committee_code")
        shown = code if isinstance(code, str) and find_control_character(code, single_line=True) is None else None
        for f in section.fields:
            try:
                check_characters(f, raw.get(f.key))
            except CellInputError as exc:
                number = row_number(raw, position)
                out.add(Severity.ERROR, exc.rule, str(exc), row=number, committee=shown, key=f.key)
    _check_row_count(out, rows)
    return out.issues


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
        f"rows_{s.section}": sum(1 for r in sections.get(s.section, ()) if not is_blank_row(s, r))
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

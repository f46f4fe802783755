"""Planning an upload of a town's survey workbook (the preview): what it would change, and every
problem. Nothing is written here (surveys.imports.apply writes).

An upload may carry any subset of the round's form sheets; each sheet present updates its
form. What refuses the whole file (plan.errors): an unreadable file or sheet, a meta sheet of
another round, town or spec version, a cell that is not of its column's type or range, a row of
a committee that is not the town's (or does not exist), a name or level that does not match the
code, a repeated row. What the web grid lets a draft hold — blanks, broken rules, warnings —
does not refuse it: the preview lists those (plan.issues), as submitting will. Warnings
(plan.warnings) say what was ignored.

A sheet whose form is submitted or approved is skipped (plan.skipped), never written: when it is
the same as the form, with a note; when it differs, the preview lists its differences as not
imported, and the other sheets are written when the user confirms (docs/FORMS.md). A town's own
workbook, downloaded after some forms were submitted, thus comes back without an error.

A plan records the versions of the forms it was read against (surveys.imports.apply checks them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from committees import scoping
from committees.excel import CellError
from committees.models import Committee
from committees.scoping import Action

from .. import selectors
from ..excel import SheetRows, check_meta, read_upload
from ..models import Submission, SurveyRound
from ..spec import FormSpec, SectionSpec, Severity, display_text, find_form
from ..validation import (
    STORAGE_RULES,
    CommitteeRef,
    Issue,
    TownContext,
    filled_rows,
    from_json,
    is_blank,
    normalize_cell,
    validate_form,
    validate_section,
)
from .template import _stored_rows, _surveyed_forms, town_submissions

# Issues of the validation that make a file's row unusable (a draft cannot hold them from a file).
BLOCKING_RULES = frozenset(
    {
        "type",
        "choice",
        "decimals",
        "length",
        "range",
        "unknown_committee",
        "wrong_row_committee",
        "name_mismatch",
        "level_mismatch",
        "duplicate_row",
    }
    | STORAGE_RULES
)
# Issues of the validation about a file's row that the preview notes (the row is imported).
NOTED_RULES = frozenset({"former_name"})
IDENTITY_KEYS = ("committee_code", "committee_name", "level")


@dataclass
class Change:
    row: int | None
    committee: str
    header: str
    old: str
    new: str


@dataclass
class SheetPlan:
    name: str  # the sheet's name in the file
    section: SectionSpec
    submission: Submission
    rows: list[dict] = field(default_factory=list)  # what submission_save gets for the section
    changes: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # rows of a list (表4B, 表5B) the file adds …
    removed: list[str] = field(default_factory=list)  # … and those it leaves out
    skipped: str = ""  # why the sheet is not imported (its form is submitted or approved)
    problems: list[Issue] = field(default_factory=list)  # a skipped sheet's cells that are not valid

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.added or self.removed or self.problems)

    @property
    def change_count(self) -> int:
        return len(self.changes) + len(self.added) + len(self.removed) + len(self.problems)


@dataclass
class UploadPlan:
    survey_round: SurveyRound
    town: Committee
    sheets: list[SheetPlan] = field(default_factory=list)  # the sheets written
    skipped: list[SheetPlan] = field(default_factory=list)  # the sheets of locked forms: not written
    errors: list[Issue] = field(default_factory=list)  # refuse the file
    warnings: list[Issue] = field(default_factory=list)  # what is ignored
    issues: list[Issue] = field(default_factory=list)  # the forms' validation after the import
    versions: dict[int, int] = field(default_factory=dict)  # the submissions' versions planned against

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.sheets or self.skipped)

    @property
    def outcome(self) -> list[SheetPlan]:
        """Every form sheet of the file, written or skipped, in the forms' order (表1 … 表5B)."""
        return sorted(self.sheets + self.skipped, key=lambda s: s.section.prefix)

    @property
    def skipped_changed(self) -> list[SheetPlan]:
        """The skipped sheets that differ from their forms: what the user's confirm leaves out."""
        return [s for s in self.skipped if s.changed]

    @property
    def skipped_forms(self) -> list[int]:
        """The forms whose sheets the plan skips (the confirm checks they are still the same)."""
        return sorted({s.section.form for s in self.skipped})

    @property
    def changed(self) -> bool:
        return any(s.changed for s in self.sheets)

    @property
    def submissions(self) -> list[Submission]:
        found: dict[int, Submission] = {}
        for sheet in self.sheets:
            found.setdefault(sheet.submission.pk, sheet.submission)
        return list(found.values())

    def rule_counts(self) -> tuple[int, int]:
        """(errors, warnings) the forms will have after the import: errors block submitting."""
        errors = sum(1 for i in self.issues if i.is_error)
        return errors, len(self.issues) - errors


def _issue(error: CellError, severity: str = Severity.ERROR) -> Issue:
    return Issue(str(severity), error.sheet, error.row, None, error.column, error.value, error.message, "upload")


def _problem(sheet: str, message: str, *, row=None, committee=None, header=None, value=None, warning=False) -> Issue:
    severity = Severity.WARNING if warning else Severity.ERROR
    return Issue(str(severity), sheet, row, committee, header, value, message, "upload")


def upload_plan(*, actor, survey_round: SurveyRound, town: Committee, data: bytes) -> UploadPlan:
    """Read a workbook for the town's forms of the round: what it would change and every problem."""
    if not scoping.can(actor, Action.ENTER_FORMS, town):
        raise PermissionDenied(_("You are not allowed to do this."))
    plan = UploadPlan(survey_round, town)
    submissions = town_submissions(survey_round, town)
    plan.versions = {s.pk: s.version for s in submissions.values()}
    forms = _surveyed_forms(survey_round, submissions)
    upload = read_upload(data, forms)
    plan.errors += [_issue(e) for e in upload.errors]
    plan.warnings += [_issue(w, Severity.WARNING) for w in upload.warnings]
    foreign = check_meta(upload.meta, year=survey_round.year, town=CommitteeRef(town.code, town.name, town.kind))
    if foreign:  # another round's or town's file: its rows would only repeat that
        plan.errors = [_issue(e) for e in foreign] + plan.errors
        return plan
    if not upload.sheets:
        return plan

    ctx = selectors.town_context(survey_round, town)
    stored = _stored_rows((submissions[s.section.form] for s in upload.sheets), forms, ctx)
    written = [s for s in upload.sheets if submissions[s.section.form].is_editable]
    for sheet in upload.sheets:
        if sheet not in written:
            plan.skipped.append(_plan_skipped(plan, sheet, submissions, stored, ctx))
    merged = {
        (sheet.section.form, sheet.section.section): _plan_sheet(plan, sheet, submissions, stored, ctx)
        for sheet in written
    }
    plan.warnings += _derived_ignored(forms, written, {**stored, **merged})
    plan.issues = _issues_after(forms, written, {**stored, **merged}, ctx)
    order = {s.name: n for n, s in enumerate(upload.sheets)}
    plan.errors.sort(key=lambda i: (order.get(i.sheet, -1), i.row or 0))
    return plan


def _plan_sheet(
    plan: UploadPlan, read: SheetRows, submissions: Mapping[int, Submission], stored: Mapping, ctx: TownContext
) -> list[dict]:
    """Check a sheet's rows against the registry and plan what they change; return the section's
    rows as they will be (for the validation of the whole form)."""
    section = read.section
    checked = [dataclasses.replace(i, sheet=read.name) for i in validate_section(section, read.rows, ctx)]
    blocking = [i for i in checked if _blocks(section, i)]
    plan.errors += blocking
    plan.warnings += [i for i in checked if i.rule in NOTED_RULES]
    sheet = SheetPlan(read.name, section, submissions[section.form])
    plan.sheets.append(sheet)
    current = stored.get((section.form, section.section), [])
    refused = {i.row for i in blocking}
    if section.free_rows:
        return _plan_list(sheet, read, refused, current, ctx)
    return _plan_fixed(plan, sheet, read, refused, current, ctx)


def _issues_after(
    forms: Sequence[FormSpec], sheets: Sequence[SheetRows], sections: Mapping, ctx: TownContext
) -> list[Issue]:
    """The validation of each form the file touches, as it will be after the import."""
    names = {s.section.sheet: s.name for s in sheets}
    touched = {s.section.form for s in sheets}
    issues = []
    for form in (f for f in forms if f.number in touched):
        rows = {s.section: sections.get((form.number, s.section), []) for s in form.sections}
        for issue in validate_form(form, rows, ctx):
            if issue.sheet in names and issue.rule in BLOCKING_RULES:
                continue  # a file's row: refused already; a kept row: not the file's doing
            issues.append(dataclasses.replace(issue, sheet=names.get(issue.sheet, issue.sheet)))
    return issues


def _derived_ignored(forms: Sequence[FormSpec], sheets: Sequence[SheetRows], sections: Mapping) -> list[Issue]:
    """A derived cell (form 4's 志愿者团队数) is what the form's list gives once imported, never
    what the file typed: a figure typed over the template's that differs from the count is noted
    as ignored, and the import goes on (the list is what the user means; refusing the file for it
    would only make them count the rows again)."""
    warnings = []
    for read in sheets:
        section = read.section
        for f in (f for f in section.fields if f.counts_rows and f.key in read.keys):
            counted = find_form(forms, section.form).section(f.counts_rows)
            number = filled_rows(counted, sections.get((section.form, counted.section), []))
            code_field = section.field("committee_code")
            kept = {
                normalize_cell(code_field, r.get("committee_code")): r.get(f.key)
                for r in sections.get((section.form, section.section), [])
            }
            for raw in read.rows:
                typed = normalize_cell(f, raw.get(f.key))
                code = normalize_cell(code_field, raw.get("committee_code"))
                if is_blank(raw.get(f.key)) or typed in (number, normalize_cell(f, kept.get(code))):
                    continue  # blank, right, or the figure the template wrote (the form's before the import)
                warnings.append(
                    _problem(
                        read.name,
                        _(
                            "%(header)s is counted from the rows of “%(sheet)s”: %(number)s; the %(typed)s in the file is ignored."
                        )
                        % {"header": f.header, "sheet": counted.sheet, "number": number, "typed": raw[f.key]},
                        row=raw["_row"],
                        committee=code,
                        header=f.header,
                        value=raw[f.key],
                        warning=True,
                    )
                )
    return warnings


def _blocks(section: SectionSpec, issue: Issue) -> bool:
    if issue.rule in BLOCKING_RULES:
        return True
    # A fixed row is matched by its code: without one it cannot be saved.
    return not section.free_rows and issue.key == "committee_code" and issue.rule == "required"


def _plan_skipped(
    plan: UploadPlan, read: SheetRows, submissions: Mapping[int, Submission], stored: Mapping, ctx: TownContext
) -> SheetPlan:
    """Plan a sheet of a locked form as if it were written, on a scratch plan, to tell the user
    whether it differs from the form and how; nothing of it is written, and its bad cells do not
    refuse the file. `skipped` says why, in the note shown for every sheet (plan.outcome)."""
    scratch = UploadPlan(plan.survey_round, plan.town)
    _plan_sheet(scratch, read, submissions, stored, ctx)
    (sheet,) = scratch.sheets
    sheet.problems = scratch.errors
    submission = sheet.submission
    if sheet.changed:
        sheet.skipped = _("This form is submitted or approved; to change it, ask the district committee to return it.")
        return sheet
    if submission.is_locked:
        sheet.skipped = _("Form %(form)d is approved; this sheet is the same as the form and is skipped.")
    else:
        sheet.skipped = _("Form %(form)d is submitted; this sheet is the same as the form and is skipped.")
    sheet.skipped %= {"form": submission.form}
    return sheet


def _label(ctx: TownContext, code: str) -> str:
    committee = ctx.by_code.get(code)
    return f"{committee.name}（{code}）" if committee else code


def _shown(section: SectionSpec, key: str, value) -> str:
    f = section.field(key)
    return display_text(f, from_json(f, value))


def _diff(section: SectionSpec, keys: Sequence[str], old: Mapping, new: Mapping, row: int, label: str) -> list[Change]:
    changes = []
    for key in keys:
        f = section.field(key)
        if normalize_cell(f, old.get(key)) != normalize_cell(f, new.get(key)):
            changes.append(
                Change(row, label, f.header, _shown(section, key, old.get(key)), _shown(section, key, new.get(key)))
            )
    return changes


def _cells(keys: Sequence[str], raw: Mapping, stored: Mapping) -> dict:
    """The file's cells to save: a blank over a blank is left out, so that saving a row does not
    add empty keys to what it stores."""
    return {k: raw[k] for k in keys if not (is_blank(raw[k]) and is_blank(stored.get(k)))}


def _plan_fixed(
    plan: UploadPlan, sheet: SheetPlan, read: SheetRows, refused: set[int], current: list[dict], ctx: TownContext
) -> list[dict]:
    """Rows matched by 单位编码: the editable cells change; the rows the file leaves out stay.
    The `refused` rows (by number) are already errors: they are only noted as present."""
    section, keys = sheet.section, read.keys
    code_field = section.field("committee_code")
    by_code = {normalize_cell(code_field, r.get("committee_code")): r for r in current}
    editable = [k for k in keys if k in section.editable_keys]
    # A derived cell (志愿者团队数) is compared with what the file's lists give, after every sheet (_derived_ignored).
    fixed = [k for k in keys if k not in editable and k not in IDENTITY_KEYS and not section.field(k).counts_rows]
    merged = {code: dict(values) for code, values in by_code.items()}
    seen = set()
    for raw in read.rows:
        code = normalize_cell(code_field, raw.get("committee_code"))
        stored = by_code.get(code)
        if raw["_row"] in refused:
            seen.add(code)
            continue
        if stored is None:
            plan.errors.append(
                _problem(
                    sheet.name,
                    _(
                        "This form has no row of %(committee)s (a committee set up after the round opened "
                        "cannot be added by an import)."
                    )
                    % {"committee": _label(ctx, code)},
                    row=raw["_row"],
                    committee=code,
                    header=code_field.header,
                    value=code,
                )
            )
            continue
        seen.add(code)
        update = _cells(editable, raw, stored)
        sheet.rows.append({"committee_code": code, **update})
        sheet.changes += _diff(section, editable, stored, update, raw["_row"], _label(ctx, code))
        _fixed_ignored(plan, sheet, fixed, raw, stored, code)
        merged[code] = {**stored, **update, "_row": raw["_row"]}
    for code in by_code:
        if code not in seen:
            plan.warnings.append(
                _problem(
                    sheet.name,
                    _("The file has no row of %(committee)s; its values stay as they are.")
                    % {"committee": _label(ctx, code)},
                    committee=code,
                    warning=True,
                )
            )
    return list(merged.values())


def _fixed_ignored(plan: UploadPlan, sheet: SheetPlan, fixed: list[str], raw: Mapping, stored: Mapping, code) -> None:
    """A warning for each cell the file changed in a column that cannot change (it is ignored)."""
    section = sheet.section
    for key in fixed:
        f = section.field(key)
        if normalize_cell(f, raw[key]) != normalize_cell(f, stored.get(key)):
            plan.warnings.append(
                _problem(
                    sheet.name,
                    _("This column cannot be changed; ignored by the import (it stays “%(value)s”).")
                    % {"value": _shown(section, key, stored.get(key))},
                    row=raw["_row"],
                    committee=code,
                    header=f.header,
                    value=raw[key],
                    warning=True,
                )
            )


def _plan_list(
    sheet: SheetPlan, read: SheetRows, refused: set[int], current: list[dict], ctx: TownContext
) -> list[dict]:
    """A list (表4B, 表5B) becomes the file's rows; a row keeps its identity (and its registry
    values) when the file names the same committee and name as a stored row."""
    section, keys = sheet.section, read.keys

    def identity(values: Mapping) -> tuple:
        return tuple(normalize_cell(section.field(k), values.get(k)) for k in section.key)

    def label(values: Mapping) -> str:
        code = normalize_cell(section.field("committee_code"), values.get("committee_code")) or ""
        return " · ".join(str(p) for p in (_label(ctx, code), values.get("name")) if p)

    pool = list(current)
    merged = []
    for raw in (r for r in read.rows if r["_row"] not in refused):
        match = next((r for r in pool if identity(r) == identity(raw)), None)
        values = _cells(keys, raw, match or {})
        if match is None:
            sheet.added.append(_("row %(row)s %(label)s") % {"row": raw["_row"], "label": label(values)})
            sheet.rows.append(values)
            merged.append({**values, "_row": raw["_row"]})
            continue
        pool.remove(match)
        sheet.rows.append({**values, "_id": match["_id"]})
        sheet.changes += _diff(section, keys, match, values, raw["_row"], label(values))
        merged.append({**match, **values, "_row": raw["_row"]})
    sheet.removed += [label(r) for r in pool]
    return merged

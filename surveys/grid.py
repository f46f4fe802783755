"""The entry grid of a submission, built from the spec, the stored rows and their validation.

Pure presentation data: a section is a table of rows × cells; each cell knows its input name
("<section>-<index>-<key>", which surveys.forms.GridForm reads back into the rows that
services.submission_save takes), its value as the input shows it, its options, whether it
differs from the registry's value, and its issues. Building a grid is a fixed number of
queries whatever the number of rows: the rows, the town's committees, the funding standard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from committees.selectors import committees_open_on

from . import selectors
from .models import RETURN_STEPS, Submission, SubmissionRow, SubmissionTransition
from .spec import BOOL_LABELS, Field, FieldType, FormSpec, RowKind, SectionSpec, display_text
from .validation import (
    CommitteeRef,
    Issue,
    changed_cells,
    count,
    derive_form,
    from_json,
    is_blank,
    split_blank_required,
    validate_form,
    with_current_names,
)

KEY_FIELDS = ("committee_code", "committee_name")  # a fixed row's header, not cells of its own
TEMPLATE_INDEX = "__i__"  # grid.js replaces it with the next free index when it adds a row
MAX_EXTRA_ROWS = 10
INPUT_SIZES = {FieldType.INT: 6, FieldType.YEAR: 5, FieldType.DECIMAL: 8, FieldType.TEXT: 12}
INPUT_MODES = {FieldType.INT: "numeric", FieldType.YEAR: "numeric", FieldType.DECIMAL: "decimal"}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool = False


@dataclass
class Cell:
    field: Field
    name: str  # the input's name
    dom_id: str  # the cell's (td) id, which the issue list links to
    value: str  # what the input holds
    text: str  # what a read-only cell shows
    options: list[Option] = field(default_factory=list)
    changed: bool = False
    registry: str = ""  # the registry's value, shown on a changed cell
    issues: list[Issue] = field(default_factory=list)
    to_fill: bool = False  # required and still blank on a draft nobody has saved yet
    comments: list = field(default_factory=list)  # the reviewer's, while the form is returned (cell_comments)
    previous: str | None = None  # last year's value (上年) for a reviewer; None when not shown

    @property
    def multiline(self) -> bool:
        """A text cell that wraps (a name, a note) rather than a one-line input cut at its width."""
        return self.field.type == FieldType.TEXT and self.key != "committee_code"

    @property
    def key(self) -> str:
        return self.field.key

    @property
    def widget(self) -> str:
        if self.field.locked:
            return "locked"
        if self.field.type in (FieldType.BOOL, FieldType.CHOICE):
            return "select"
        return "textarea" if self.multiline else "text"

    @property
    def size(self) -> int:
        return 24 if self.field.max_length > 100 else INPUT_SIZES.get(self.field.type, 12)

    @property
    def inputmode(self) -> str:
        return INPUT_MODES.get(self.field.type, "")

    @property
    def is_number(self) -> bool:
        return self.field.type in (FieldType.INT, FieldType.DECIMAL, FieldType.YEAR)

    @property
    def has_error(self) -> bool:
        return any(i.is_error for i in self.issues)

    @property
    def has_warning(self) -> bool:
        return any(not i.is_error for i in self.issues)

    @property
    def css(self) -> str:
        classes = ["cell", f"cell-{self.widget}"]
        if self.is_number:
            classes.append("num")
        if self.field.counts_rows:
            classes.append("derived")
        if self.changed:
            classes.append("changed")
        if self.has_error:
            classes.append("has-error")
        elif self.has_warning:
            classes.append("has-warning")
        elif self.to_fill:
            classes.append("to-fill")
        if self.comments:
            classes.append("has-comment")
        return " ".join(classes)

    @property
    def title(self) -> str:
        """The cell's tooltip: the reviewer's comments, the registry's value when changed, the issues."""
        lines = [_("Comment: %(text)s") % {"text": c.text} for c in self.comments]
        if self.changed:
            lines.append(_("Registry value: %(value)s") % {"value": self.registry})
        return "\n".join([*lines, *(i.message for i in self.issues)])


@dataclass
class GridRow:
    section: str
    index: int | str
    pk: int | None
    code: str
    name: str
    cells: list[Cell]
    hidden: list[tuple[str, str]]  # inputs that identify the row when posted
    issues: list[Issue] = field(default_factory=list)  # on its code or name

    @property
    def dom_id(self) -> str:
        return f"row-{self.section}-{self.index}"

    @property
    def has_error(self) -> bool:
        return any(i.is_error for i in self.issues)


@dataclass(frozen=True)
class Total:
    """A column's figure in the 合计 row: the sum of its rows (grid.js keeps it up as cells are
    typed), and last year's for a reviewer; None for a column that doesn't add up."""

    text: str
    decimals: int  # 2 for money, 0 for counts: how grid.js writes the sum
    previous: str | None = None


@dataclass
class SectionGrid:
    spec: SectionSpec
    columns: list[Field]
    rows: list[GridRow]
    blank: GridRow | None = None  # the row grid.js copies to add one (lists only)
    issues: list[Issue] = field(default_factory=list)  # not on any row (a missing row)
    totals: list[Total | None] | None = None  # the 合计 row by column; None: the section has none

    @property
    def name(self) -> str:
        return self.spec.section

    @property
    def dom_id(self) -> str:
        return f"section-{self.spec.section}"

    @property
    def free_rows(self) -> bool:
        return self.spec.free_rows

    @property
    def next_index(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class IssueLink:
    issue: Issue
    anchor: str
    where: str  # the committee or row the issue is on


@dataclass
class Grid:
    form: FormSpec
    sections: list[SectionGrid]
    issues: list[IssueLink]
    editable: bool
    committees: list[CommitteeRef]  # the town's subtree: the codes a list row may name
    rows: list[dict]  # the stored rows, for changes_since_return
    to_fill: int = 0  # required cells still blank on a fresh draft, shown as to fill, not as errors
    previous_year: int | None = None  # the year whose approved figures are shown as 上年 (a reviewer's view)
    previous_found: bool = False  # whether that year has an approved form of this town

    @property
    def counts(self) -> tuple[int, int]:
        return count([link.issue for link in self.issues])

    @property
    def errors(self) -> int:
        return self.counts[0]

    @property
    def warnings(self) -> int:
        return self.counts[1]


def input_value(f: Field, stored) -> str:
    """A stored value as an input holds it: 是/否, the enumeration's value, money as stored."""
    if is_blank(stored):
        return ""
    if f.type == FieldType.BOOL and isinstance(stored, bool):
        return BOOL_LABELS[stored]
    return str(stored)


def cell_text(f: Field, stored) -> str:
    """A stored value as a read-only cell shows it (blank stays blank)."""
    if is_blank(stored):
        return ""
    return display_text(f, from_json(f, stored))


def options(f: Field, value: str) -> list[Option]:
    """A select's options: blank, then 是/否 or the enumeration's labels; a value that is none of
    them (typed into a workbook, kept by a draft) stays, selected, so that nothing is lost."""
    if f.type == FieldType.BOOL:
        pairs = [(label, label) for label in BOOL_LABELS.values()]
    else:
        pairs = [(c.value, c.label) for c in f.choices]
    found = [Option("", "—", value == ""), *(Option(v, label, v == value) for v, label in pairs)]
    if value and not any(o.selected for o in found):
        found.append(Option(value, value, True))
    return found


def _cell(f: Field, *, section: str, index: int | str, values: Mapping, prefill: Mapping, changed: set[str]) -> Cell:
    stored = values.get(f.key)
    value = input_value(f, stored)
    is_changed = f.key in changed
    return Cell(
        field=f,
        name=f"{section}-{index}-{f.key}",
        dom_id=f"cell-{section}-{index}-{f.key}",
        value=value,
        text=cell_text(f, stored),
        options=options(f, value) if f.type in (FieldType.BOOL, FieldType.CHOICE) else [],
        changed=is_changed,
        registry=display_text(f, from_json(f, prefill.get(f.key))) if is_changed else "",
    )


def _row(
    spec: SectionSpec, columns: Sequence[Field], *, index: int | str, pk: int | None, values: Mapping, prefill: Mapping
) -> GridRow:
    changed = changed_cells(spec, values, prefill)
    cells = [
        _cell(f, section=spec.section, index=index, values=values, prefill=prefill, changed=changed) for f in columns
    ]
    code = input_value(spec.field("committee_code"), values.get("committee_code"))
    if spec.free_rows:
        hidden = [(f"{spec.section}-{index}-_id", str(pk))] if pk else []
    else:
        hidden = [(f"{spec.section}-{index}-committee_code", code)]
    name = str(values.get("committee_name") or "") if spec.has_field("committee_name") else ""
    return GridRow(spec.section, index, pk, code, name, cells, hidden)


def _columns(spec: SectionSpec) -> list[Field]:
    if spec.free_rows:
        return list(spec.fields)
    return [f for f in spec.fields if f.key not in KEY_FIELDS]


def _cell_of(sections: list[SectionGrid], issue: Issue) -> tuple[SectionGrid | None, GridRow | None, Cell | None]:
    section = next((s for s in sections if s.spec.sheet == issue.sheet), None)
    if section is None:  # pragma: no cover - validate_form only names the form's sheets
        return None, None, None
    row = section.rows[issue.row - 1] if issue.row and 0 < issue.row <= len(section.rows) else None
    cell = next((c for c in row.cells if c.key == issue.key), None) if row else None
    return section, row, cell


def _mark_to_fill(sections: list[SectionGrid], blanks: Sequence[Issue]) -> list[Issue]:
    """Mark the blank required cells as to fill; those not on a cell stay issues (returned)."""
    left = []
    for issue in blanks:
        cell = _cell_of(sections, issue)[2]
        if cell is None:
            left.append(issue)
        else:
            cell.to_fill = True
    return left


def _place_issues(sections: list[SectionGrid], issues: Sequence[Issue]) -> list[IssueLink]:
    """Put each issue on its cell (or its row, or its section) and link to it from the list."""
    links = []
    for issue in issues:
        section, row, cell = _cell_of(sections, issue)
        if section is None:  # pragma: no cover
            continue
        if cell is not None:
            cell.issues.append(issue)
            anchor = cell.dom_id
        elif row is not None:
            row.issues.append(issue)
            anchor = row.dom_id
        else:
            section.issues.append(issue)
            anchor = section.dom_id
        if row is None:
            where = issue.committee or ""
        elif row.name or row.code:
            where = row.name or row.code
        else:
            where = _("row %(number)d") % {"number": issue.row}
        links.append(IssueLink(issue, anchor, where))
    return links


# The 合计 row and last year's figures ---------------------------------------------------------

PREVIOUS_TYPES = (FieldType.INT, FieldType.DECIMAL)  # the figures shown with last year's beside them


def _number(f: Field, stored) -> int | Decimal | None:
    value = from_json(f, stored)
    return value if isinstance(value, int | Decimal) and not isinstance(value, bool) else None


def _figure(f: Field, value: int | Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if f.type == FieldType.DECIMAL else str(value)


def column_sum(f: Field, rows: Sequence[Mapping]) -> int | Decimal | None:
    """A column's sum over rows (what the 合计 row shows): the cells that hold a number; None
    when none does. grid.js adds up the same way as cells are typed."""
    numbers = [n for n in (_number(f, r.get(f.key)) for r in rows) if n is not None]
    return sum(numbers) if numbers else None


def has_totals(spec: SectionSpec) -> bool:
    """A section of several rows with a column that adds up (Field.aggregate) gets a 合计 row."""
    return spec.row_kind != RowKind.TOWN and any(f.sums for f in _columns(spec))


def _identity(spec: SectionSpec, values: Mapping) -> tuple | None:
    """What matches a row with last year's: its 单位编码, or a list's key (单位编码 and name)."""
    keys = spec.key if spec.free_rows else ("committee_code",)
    found = tuple(str(values.get(k) or "").strip() for k in keys)
    return found if all(found) else None


def _totals(spec: SectionSpec, columns: Sequence[Field], rows: Sequence[Mapping], previous) -> list[Total | None]:
    return [
        Total(
            _figure(f, column_sum(f, rows)),
            2 if f.type == FieldType.DECIMAL else 0,
            None if previous is None else _figure(f, column_sum(f, previous)) or "—",
        )
        if f.sums
        else None
        for f in columns
    ]


def _show_previous(section: SectionGrid, previous: Sequence[Mapping]) -> None:
    """Put last year's figure beside each number cell of a row that last year's form has too."""
    spec = section.spec
    by_identity = {_identity(spec, values): values for values in previous}
    for row in section.rows:
        identity = _identity(spec, {"committee_code": row.code, **{c.key: c.value for c in row.cells}})
        before = by_identity.get(identity) if identity else None
        for cell in row.cells:
            if cell.field.type in PREVIOUS_TYPES and identity is not None:
                cell.previous = _figure(cell.field, _number(cell.field, (before or {}).get(cell.key))) or "—"


def load_rows(submission: Submission) -> list[dict]:
    """The stored rows in order, with their registry values. One query."""
    return list(
        SubmissionRow.objects.filter(submission=submission)
        .order_by("section", "position")
        .values("pk", "section", "values", "prefill")
    )


def build_grid(
    submission: Submission,
    *,
    editable: bool,
    extra_rows: Mapping[str, int] | None = None,
    fresh: bool = False,
    previous: bool = False,
) -> Grid:
    """The grid of a submission with its issues. Three queries besides the round's spec (cached
    on the round): the rows, the town's committees, the funding standard. On a `fresh` draft
    (selectors.submission_is_fresh) a required cell still blank is marked to fill, not as an
    error: nobody has had the chance to fill it yet. With `previous` (a reviewer's view), each
    number shows last year's approved figure beside it (上年): one query more."""
    form = selectors.submission_form(submission)
    survey_round = submission.survey_round
    rows = load_rows(submission)
    subtree = committees_open_on([submission.town], survey_round.reference_date)
    ctx = selectors.build_context(survey_round, submission.town, subtree, selectors.funding_bounds(survey_round.year))
    extra_rows = extra_rows or {}

    by_section = _rows_shown(form, rows, ctx)
    last_year = selectors.previous_year_sections(submission) if previous else None
    sections = [_section_grid(spec, by_section.get(spec.section, []), extra_rows, last_year) for spec in form.sections]

    issues = validate_form(form, {s: [r["values"] for r in rs] for s, rs in by_section.items()}, ctx)
    to_fill = 0
    if fresh:
        issues, blanks = split_blank_required(issues)
        left = _mark_to_fill(sections, blanks)
        to_fill = len(blanks) - len(left)
        issues += left
    links = _place_issues(sections, issues)
    grid = Grid(form, sections, links, editable, list(ctx.committees), rows, to_fill)
    if previous:
        grid.previous_year, grid.previous_found = survey_round.year - 1, bool(last_year)
    return grid


def _rows_shown(form: FormSpec, rows: list[dict], ctx) -> dict[str, list[dict]]:
    """The stored rows by section, each committee under its current name and each derived cell
    (志愿者团队数) as the rows give it, whatever an older save stored."""
    by_section: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_section[row["section"]].append(row)
    for name, stored in by_section.items():  # names are shown as the registry has them now
        if form.has_section(name):
            shown = with_current_names(form.section(name), [r["values"] for r in stored], ctx)
            by_section[name] = [{**r, "values": values} for r, values in zip(stored, shown, strict=True)]
    derived = derive_form(form, {name: [r["values"] for r in stored] for name, stored in by_section.items()})
    for name, stored in by_section.items():
        by_section[name] = [{**r, "values": values} for r, values in zip(stored, derived[name], strict=True)]
    return by_section


def _section_grid(
    spec: SectionSpec, stored: list[dict], extra_rows: Mapping[str, int], last_year: Mapping | None
) -> SectionGrid:
    """One section's grid: its stored rows, the blank rows asked for (and the template of a new
    one) on a list, its totals, and last year's figures beside the numbers when given."""
    columns = _columns(spec)
    grid_rows = [
        _row(spec, columns, index=i, pk=r["pk"], values=r["values"], prefill=r["prefill"]) for i, r in enumerate(stored)
    ]
    blank = None
    if spec.free_rows:
        extra = min(max(extra_rows.get(spec.section, 0), 0), MAX_EXTRA_ROWS)
        grid_rows += [_row(spec, columns, index=len(stored) + n, pk=None, values={}, prefill={}) for n in range(extra)]
        blank = _row(spec, columns, index=TEMPLATE_INDEX, pk=None, values={}, prefill={})
    section = SectionGrid(spec, columns, grid_rows, blank)
    before = None if not last_year else last_year.get(spec.section, [])
    if has_totals(spec):
        section.totals = _totals(spec, columns, [r["values"] for r in stored], before)
    if before is not None:
        _show_previous(section, before)
    return section


# What changed since the form was returned -------------------------------------------------


@dataclass(frozen=True)
class CellChange:
    sheet: str
    where: str  # the row's committee (or list entry)
    header: str
    old: str
    new: str


@dataclass
class ReturnDiff:
    returned: SubmissionTransition
    changes: list[CellChange]


def _where(values: Mapping) -> str:
    parts = [values.get("committee_name") or values.get("committee_code"), values.get("name")]
    return " · ".join(str(p) for p in parts if p)


def _summary(spec: SectionSpec, values: Mapping) -> str:
    return "；".join(cell_text(f, values.get(f.key)) for f in spec.fields if not is_blank(values.get(f.key)))


def _row_changes(spec: SectionSpec, old: Mapping | None, new: Mapping | None) -> list[CellChange]:
    if old is None and new is not None:
        return [CellChange(spec.sheet, _where(new), _("(row added)"), "", _summary(spec, new))]
    if new is None and old is not None:
        return [CellChange(spec.sheet, _where(old), _("(row removed)"), _summary(spec, old), "")]
    return [
        CellChange(spec.sheet, _where(new), f.header, cell_text(f, old.get(f.key)), cell_text(f, new.get(f.key)))
        for f in spec.fields
        if from_json(f, old.get(f.key)) != from_json(f, new.get(f.key))
    ]


def last_return(transitions: Sequence[SubmissionTransition]) -> SubmissionTransition | None:
    """The last step that sent the form back to the town (a return or a reopening)."""
    returns = [t for t in transitions if t.action in RETURN_STEPS]
    return max(returns, key=lambda t: (t.at, t.pk)) if returns else None


def changes_since_return(
    submission: Submission,
    form: FormSpec,
    rows: Sequence[Mapping],
    returned: SubmissionTransition,
) -> ReturnDiff:
    """Every cell changed since the form was returned: the rows' history as it stood at the
    return against the rows now (`rows` as load_rows gives them). One query."""
    history = SubmissionRow.history.model.objects.filter(submission_id=submission.pk, history_date__lte=returned.at)
    then: dict[int, dict] = {}
    for record in history.order_by("history_date", "history_id").values("id", "history_type", "section", "values"):
        then[record["id"]] = record  # the latest record of each row at the return wins
    now = {r["pk"]: r for r in rows}
    changes = []
    for spec in form.sections:
        old_ids = [pk for pk, r in then.items() if r["section"] == spec.section and r["history_type"] != "-"]
        new_ids = [r["pk"] for r in rows if r["section"] == spec.section]
        for pk in [*new_ids, *(pk for pk in old_ids if pk not in now)]:
            old = then[pk]["values"] if pk in old_ids else None
            new = now[pk]["values"] if pk in now else None
            changes += _row_changes(spec, old, new)
    return ReturnDiff(returned, changes)

"""The entry grid's data: a section is a table of rows × cells; each cell knows its input name
("<section>-<index>-<key>", which surveys.forms.GridForm reads back into the rows that
services.submission_save takes), its value as the input shows it, its options, whether it
differs from the registry's value, and its issues. And how a cell and a row are built."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..spec import BOOL_LABELS, Field, FieldType, FormSpec, SectionSpec, display_text
from ..validation import CommitteeRef, Issue, changed_cells, count, from_json, is_blank

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
    from_ledger: bool = False  # prefilled from the funding ledger (form 2's money), not the registry
    final: bool = False  # the ledger's year is closed: its figure is final (grid/ledger.py)

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
        if self.final:
            classes.append("final")
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
        if self.changed and self.from_ledger:
            lines.append(_("Ledger value: %(value)s") % {"value": self.registry})
        elif self.changed:
            lines.append(_("Registry value: %(value)s") % {"value": self.registry})
        if self.final:
            lines.append(_("Final: the ledger's year is closed."))
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
    final: bool = False  # form 2: the committee's ledger year is closed (grid/ledger.py)
    mid_year: str = ""  # form 2, a closed year: its funds in place by 30 June and their ratio

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


def build_row(
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


def shown_columns(spec: SectionSpec) -> list[Field]:
    if spec.free_rows:
        return list(spec.fields)
    return [f for f in spec.fields if f.key not in KEY_FIELDS]

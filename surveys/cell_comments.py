"""Where a reviewer's cell comments sit (surveys.models.CellComment): the rows and columns a
comment may name, how a row is keyed and labelled, and the comments placed on the entry grid.

A row is keyed as the grid keys it: a fixed section's row by its committee's code, a list's
(表4B, 表5B) by its row's id, so that a comment stays on its row when a row above it is removed.
The columns are the grid's: a fixed row's code and name head the row and take no comment.
Pure, but for the models' type names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .excel import Note
from .grid import KEY_FIELDS, Grid
from .models import CellComment
from .spec import Field, FormSpec, SectionSpec


@dataclass(frozen=True)
class CommentRow:
    """A row a comment may be put on."""

    section: SectionSpec
    key: str
    label: str
    index: int  # 0-based, in the section's order (the grid's and the template's)

    @property
    def value(self) -> str:
        """The row as a comment form names it: "<section>:<key>"."""
        return f"{self.section.section}:{self.key}"

    @property
    def anchor(self) -> str:
        """The grid row's id (surveys.grid.GridRow.dom_id)."""
        return f"row-{self.section.section}-{self.index}"


def comment_columns(section: SectionSpec) -> list[Field]:
    """The columns of a section a comment may be put on: the grid's."""
    if section.free_rows:
        return list(section.fields)
    return [f for f in section.fields if f.key not in KEY_FIELDS]


def row_key(section: SectionSpec, values: Mapping, pk: int | None) -> str:
    if section.free_rows:
        return str(pk) if pk else ""
    code = values.get("committee_code")
    return str(code).strip() if code not in (None, "") else ""


def row_label(section: SectionSpec, number: int, values: Mapping) -> str:
    """A row as people name it: its committee, or in a list its number and name."""
    if not section.free_rows:
        return str(values.get("committee_name") or values.get("committee_code") or "")
    label = _("row %(number)d") % {"number": number}
    name = values.get("name") or values.get("committee_name")
    return f"{label} · {name}" if name else label


def comment_rows(form: FormSpec, sections: Mapping[str, Sequence[Mapping]]) -> list[CommentRow]:
    """Every row of the form a comment may name, from its stored rows by section (value dicts
    with "_id", as surveys.selectors.submission_sections gives them)."""
    found = []
    for section in form.sections:
        for index, values in enumerate(sections.get(section.section, ())):
            key = row_key(section, values, values.get("_id"))
            if key:
                found.append(CommentRow(section, key, row_label(section, index + 1, values), index))
    return found


def header_of(form: FormSpec, comment: CellComment) -> tuple[str, str]:
    """The sheet and the column header of a comment (its keys when the spec no longer has them)."""
    if not form.has_section(comment.section):
        return comment.section, comment.field_key
    section = form.section(comment.section)
    header = section.field(comment.field_key).header if section.has_field(comment.field_key) else comment.field_key
    return section.sheet, header


@dataclass(frozen=True)
class CommentLink:
    """A comment as the list above the grid shows it, linking to its cell when the cell is there."""

    comment: CellComment
    sheet: str
    where: str
    header: str
    anchor: str = ""


def place_comments(grid: Grid, comments: Iterable[CellComment]) -> list[CommentLink]:
    """Put each comment on its cell of the grid (Cell.comments) and list them, in grid order."""
    cells = {}
    for section in grid.sections:
        for row in section.rows:
            key = row_key(section.spec, {"committee_code": row.code}, row.pk)
            for cell in row.cells:
                cells[(section.name, key, cell.key)] = (len(cells), cell)
    placed = []
    for comment in comments:
        sheet, header = header_of(grid.form, comment)
        at, cell = cells.get((comment.section, comment.row_key, comment.field_key), (len(cells), None))
        if cell is not None:
            cell.comments.append(comment)
        placed.append((at, CommentLink(comment, sheet, comment.row_label, header, cell.dom_id if cell else "")))
    return [link for _at, link in sorted(placed, key=lambda p: p[0])]


def comment_notes(
    form: FormSpec, sections: Mapping[str, Sequence[Mapping]], comments: Iterable[CellComment]
) -> list[Note]:
    """The comments as the Excel template's notes, whose rows are the stored rows in order (value
    dicts with "_id"); a comment whose row is gone is left out."""
    index = {(r.section.section, r.key): r.index for r in comment_rows(form, sections)}
    notes = []
    for comment in comments:
        at = index.get((comment.section, comment.row_key))
        if at is None or not form.has_section(comment.section):
            continue
        author = (comment.author.get_full_name() or comment.author.username) if comment.author else ""
        notes.append(Note(form.section(comment.section).sheet, at, comment.field_key, comment.text, author))
    return notes

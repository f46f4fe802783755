"""Where each issue of the grid goes: on its cell, its row or its section, linked from the list;
on a fresh draft, a required cell still blank is marked to fill instead."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from ..validation import Issue
from .cells import Cell, GridRow, IssueLink, SectionGrid


def _cell_of(sections: list[SectionGrid], issue: Issue) -> tuple[SectionGrid | None, GridRow | None, Cell | None]:
    section = next((s for s in sections if s.spec.sheet == issue.sheet), None)
    if section is None:  # pragma: no cover - validate_form only names the form's sheets
        return None, None, None
    row = section.rows[issue.row - 1] if issue.row and 0 < issue.row <= len(section.rows) else None
    cell = next((c for c in row.cells if c.key == issue.key), None) if row else None
    return section, row, cell


def mark_to_fill(sections: list[SectionGrid], blanks: Sequence[Issue]) -> list[Issue]:
    """Mark the blank required cells as to fill; those not on a cell stay issues (returned)."""
    left = []
    for issue in blanks:
        cell = _cell_of(sections, issue)[2]
        if cell is None:
            left.append(issue)
        else:
            cell.to_fill = True
    return left


def place_issues(sections: list[SectionGrid], issues: Sequence[Issue]) -> list[IssueLink]:
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

"""Comments on a form's cells, as a reviewer gives them with a return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import selectors
from ..cell_comments import comment_columns, comment_rows
from ..models import (
    COMMENT_MAX_LENGTH,
    CellComment,
    Submission,
)


@dataclass(frozen=True)
class CommentDraft:
    """A comment on one cell, as a reviewer gives it with a return (surveys.cell_comments keys)."""

    section: str
    row_key: str
    field_key: str
    text: str


def _cell_comments(submission: Submission, drafts: Sequence[CommentDraft], *, actor) -> list[CellComment]:
    """The comments as records of the submission, each on a row and column the form has, one per
    cell; ValidationError names every comment that is not. One query (the rows)."""
    if not drafts:
        return []
    form = selectors.submission_form(submission)
    rows = {(r.section.section, r.key): r for r in comment_rows(form, selectors.submission_sections(submission))}
    errors, found, seen = [], [], set()
    for draft in drafts:
        text = (draft.text or "").strip()
        row = rows.get((draft.section, draft.row_key))
        if row is None:
            errors.append(_("A comment is on a row the form does not have (%(row)s).") % {"row": draft.row_key})
            continue
        names = {"sheet": row.section.sheet, "row": row.label}
        if draft.field_key not in {f.key for f in comment_columns(row.section)}:
            errors.append(
                _("A comment is on a column %(sheet)s does not have (%(column)s).")
                % {**names, "column": draft.field_key}
            )
            continue
        names["column"] = row.section.field(draft.field_key).header
        if not text:
            errors.append(_("The comment on %(sheet)s · %(row)s · %(column)s is empty.") % names)
        elif len(text) > COMMENT_MAX_LENGTH:
            errors.append(
                _("The comment on %(sheet)s · %(row)s · %(column)s is longer than %(max)d characters.")
                % {**names, "max": COMMENT_MAX_LENGTH}
            )
        elif (draft.section, draft.row_key, draft.field_key) in seen:
            errors.append(_("Two comments are on %(sheet)s · %(row)s · %(column)s: join them into one.") % names)
        else:
            seen.add((draft.section, draft.row_key, draft.field_key))
            found.append(
                CellComment(
                    submission=submission,
                    section=draft.section,
                    row_key=draft.row_key,
                    row_label=row.label[:200],
                    field_key=draft.field_key,
                    text=text,
                    author=actor,
                )
            )
    if errors:
        raise ValidationError(errors)
    for comment in found:
        comment.full_clean(exclude=["submission", "transition", "author"])
    return found

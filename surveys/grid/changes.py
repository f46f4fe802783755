"""What changed since the form was returned to the town, cell by cell."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import RETURN_STEPS, Submission, SubmissionRow, SubmissionTransition
from ..spec import FormSpec, SectionSpec
from ..validation import from_json, is_blank
from .cells import cell_text


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

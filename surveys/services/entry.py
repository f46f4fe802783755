"""Saving draft values: a fixed section's rows matched by 单位编码, a list section replaced by
the rows given, every change in the rows' history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees.models import Committee
from committees.scoping import Action

from .. import selectors
from ..models import (
    Submission,
    SubmissionRow,
)
from ..spec import FormSpec, SectionSpec
from ..validation import (
    Issue,
    count,
    derive_form,
    normalize_row,
    storage_issues,
)
from .common import (
    ISSUES_IN_MESSAGE,
    ON_BEHALF_REASON,
    _lock,
    _require,
    _require_editable,
    is_town_secretary,
)


@dataclass
class SaveResult:
    submission: Submission
    issues: list[Issue] = field(default_factory=list)
    changed_rows: int = 0


def _resolve_committees(town: Committee, codes: Iterable[str]) -> dict[str, int]:
    codes = {c for c in codes if c}
    if not codes:
        return {}
    found = Committee.objects.filter(code__in=codes, path__startswith=town.path).values_list("code", "pk")
    return dict(found)


def _code_of(values: Mapping) -> str:
    code = values.get("committee_code")
    return str(code).strip() if code not in (None, "") else ""


def _row_id(raw: Mapping) -> int | None:
    """The "_id" a list row was read with (a grid posts it back as text)."""
    try:
        return int(raw.get("_id"))
    except (TypeError, ValueError):
        return None


def _filled(values: Mapping) -> dict:
    """The cells that hold something: a blank cell and an absent one are the same."""
    return {k: v for k, v in values.items() if v is not None}


def _is_blank(section: SectionSpec, values: Mapping) -> bool:
    return all(values.get(k) in (None, "") for k in section.keys)


def _require_version(submission: Submission, expected: int | None) -> None:
    """Refuse a save made from a page (or a preview) older than the form's last saved change."""
    if expected is not None and submission.version != expected:
        raise ValidationError(
            _(
                "Someone else saved this form after you opened it; reload the page to see their changes, "
                "then enter yours again."
            ),
            code="stale",
        )


@transaction.atomic
def submission_save(
    *, actor, submission: Submission, rows: Mapping[str, Sequence[Mapping]], expected_version: int | None = None
) -> SaveResult:
    """Save draft values. `rows` maps a section ("main", "B") to its rows as cell dicts keyed
    by field key. Rows of a fixed section are matched by 单位编码 and only their editable cells
    change; a list section (表4B, 表5B) is replaced by the rows given, a row keeping its
    identity (and its registry values) when it carries the "_id" it was read with.
    Values that don't parse are kept as typed; the result lists every issue. With
    `expected_version` (the version the page was made from), a form saved by someone else
    since is refused; every save that changes rows counts a new version."""
    _require(actor, Action.ENTER_FORMS, submission.town)
    submission = _lock(submission)
    _require_editable(submission)
    _require_version(submission, expected_version)
    form = selectors.submission_form(submission)
    _require_storable(form, rows)

    existing: dict[str, list[SubmissionRow]] = {}
    for row in SubmissionRow.objects.filter(submission=submission).order_by("section", "position"):
        existing.setdefault(row.section, []).append(row)
    changes = _RowChanges()
    for section_name, incoming in rows.items():
        section = form.section(section_name)
        current = existing.get(section_name, [])
        if section.free_rows:
            _list_section_merge(section, submission, current, incoming, changes)
        else:
            _fixed_section_merge(section, current, incoming, changes)

    on_behalf = not is_town_secretary(actor, submission.town)
    reason = ON_BEHALF_REASON if on_behalf else ""
    history = {"default_user": actor, "default_change_reason": reason}
    _row_changes_write(changes, history)
    changed_rows = changes.count + _store_derived(submission, form, history)
    issues = selectors.submission_issues(submission)
    submission.error_count, submission.warning_count = count(issues)
    fields = ["error_count", "warning_count"]
    if changed_rows:  # an edit: the form's last change (最近修改) is this one
        submission.version += 1  # the row is locked: no other save counts meanwhile
        submission.updated_by = actor
        submission.updated_on_behalf = on_behalf
        fields += ["updated_by", "updated_on_behalf", "updated_at", "version"]
    submission._change_reason = reason
    submission.save(update_fields=fields)
    return SaveResult(submission, issues, changed_rows)


@dataclass
class _RowChanges:
    """What a save does to a submission's rows, written by _row_changes_write."""

    changed: list[SubmissionRow] = field(default_factory=list)
    created: list[SubmissionRow] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    moved: bool = False  # a kept row changed position

    @property
    def count(self) -> int:
        return len(self.changed) + len(self.created) + len(self.deleted)


def _require_storable(form: FormSpec, rows: Mapping[str, Sequence[Mapping]]) -> None:
    """Refuse sections the form lacks, and values no draft may hold (storage_issues)."""
    unknown = set(rows) - {s.section for s in form.sections}
    if unknown:
        raise ValidationError(
            _("Form %(form)d has no section %(section)s.")
            % {"form": form.number, "section": ", ".join(sorted(unknown))}
        )
    refused = [issue for name, incoming in rows.items() for issue in storage_issues(form.section(name), incoming)]
    if refused:  # what no draft may hold, whichever path brought it
        raise ValidationError([str(issue) for issue in refused[:ISSUES_IN_MESSAGE]])


def _list_section_merge(
    section: SectionSpec,
    submission: Submission,
    current: list[SubmissionRow],
    incoming: Sequence[Mapping],
    changes: _RowChanges,
) -> None:
    """A list section is replaced by the rows given, blank ones dropped; a row carrying the "_id"
    it was read with keeps its identity and the registry values the grid does not show."""
    codes = _resolve_committees(submission.town, (_code_of(r) for r in incoming))
    by_id = {r.pk: r for r in current}
    kept: set[int] = set()
    position = 0
    for raw in incoming:
        values = normalize_row(section, raw)
        if _is_blank(section, values):
            continue
        position += 1
        committee_id = codes.get(_code_of(values))
        row = by_id.get(_row_id(raw))
        if row is None or row.pk in kept:
            changes.created.append(
                SubmissionRow(
                    submission=submission,
                    section=section.section,
                    position=position,
                    committee_id=committee_id,
                    values=values,
                )
            )
            continue
        kept.add(row.pk)
        values = {**{k: v for k, v in row.values.items() if section.has_field(k)}, **values}
        if _filled(row.values) != _filled(values) or row.position != position or row.committee_id != committee_id:
            changes.moved = changes.moved or row.position != position
            row.values, row.position, row.committee_id = values, position, committee_id
            changes.changed.append(row)
    changes.deleted += [r.pk for r in current if r.pk not in kept]


def _fixed_section_merge(
    section: SectionSpec, current: list[SubmissionRow], incoming: Sequence[Mapping], changes: _RowChanges
) -> None:
    """A fixed section's rows are matched by 单位编码; only their editable cells change."""
    by_code = {_code_of(r.values): r for r in current}
    strangers = [_code_of(r) or "?" for r in incoming if _code_of(r) not in by_code]
    if strangers:
        raise ValidationError(_("These rows are not part of this form: %(codes)s.") % {"codes": ", ".join(strangers)})
    editable = section.editable_keys
    for raw in incoming:
        row = by_code[_code_of(raw)]
        update = normalize_row(section, {k: raw[k] for k in editable if k in raw})
        values = {**row.values, **update}
        if _filled(values) != _filled(row.values):
            row.values = values
            changes.changed.append(row)


def _row_changes_write(changes: _RowChanges, history: Mapping) -> None:
    """Write a save's row changes, each with its history."""
    if changes.deleted:
        # Deleting through the instances keeps a "-" record in each row's history.
        for row in SubmissionRow.objects.filter(pk__in=changes.deleted):
            row._history_user = history["default_user"]
            row._change_reason = history["default_change_reason"]
            row.delete()
    if changes.moved:
        # Positions are unique per section: park the moved rows out of the way before renumbering.
        SubmissionRow.objects.filter(pk__in=[r.pk for r in changes.changed]).update(position=F("position") + 1_000_000)
    if changes.changed:
        bulk_update_with_history(changes.changed, SubmissionRow, ["values", "position", "committee"], **history)
    if changes.created:
        bulk_create_with_history(changes.created, SubmissionRow, **history)


def _store_derived(submission: Submission, form: FormSpec, history: Mapping) -> int:
    """Store the form's derived cells as its rows now give them (validation.derive_form: form 4's
    志愿者团队数 is the number of 表4B's teams), so that the report, the template and an import
    read the same figure the grid shows. Returns how many rows it changed; no query for a form
    without derived cells."""
    if not any(f.counts_rows for section in form.sections for f in section.fields):
        return 0
    stored = list(SubmissionRow.objects.filter(submission=submission).order_by("section", "position"))
    sections: dict[str, list[dict]] = {}
    for row in stored:
        sections.setdefault(row.section, []).append(row.values)
    derived = derive_form(form, sections)
    changed = []
    for row, values in zip(stored, (v for s in sections for v in derived[s]), strict=True):
        if values != row.values:
            row.values = values
            changed.append(row)
    if changed:
        bulk_update_with_history(changed, SubmissionRow, ["values"], **history)
    return len(changed)

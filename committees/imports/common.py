"""What the four table importers share: read → plan (the preview) → apply (the confirm).

A table module (volunteers, people, teams, stations) says how its rows are exported and how
a parsed row becomes a record; this module reads the workbook (the pure committees.excel),
checks each row's committee against the uploader's scope, finds duplicate rows, shows each
change as the file shows it, reports progress and writes in one transaction with the
uploader as the history user. Re-importing an unchanged file plans no change and writes nothing.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import scoping
from ..cells import YES_LABELS
from ..excel import CellError, SheetSpec, build_workbook, read_sheets
from ..excel_specs import CODES_HEADERS, CODES_SHEET, KIND_LABELS
from ..labels import inverted
from ..models import Committee
from ..scoping import Action

PROGRESS_EVERY = 200  # rows between two progress reports
PREVIEW_ROWS = 500  # rows of each list the preview page shows
PREVIEW_ERRORS = 1000
# Rows an import's INSERT writes: PostgreSQL inserts a batch as one UNNEST statement, and fewer, bigger
# ones are faster (10,000 volunteers and their history: 0.65 s in batches of 500, 0.62 s in one);
# SQLite caps a batch at its 999 parameters anyway.
INSERT_BATCH = 5000

Progress = Callable[[int, str], None]


def no_progress(percent: int, stage: str) -> None:
    pass


def labels_to_values(mapping: Mapping[str, str]) -> Mapping[str, str]:
    """label → value; built when first read (the labels are translations)."""
    return inverted(mapping)


def shown(value) -> str:
    """A value as the file shows it, for the preview's old → new."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES_LABELS[value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@dataclass(kw_only=True)
class PlannedRow:
    """One row of the file and what it will do; table modules add what they need to write it."""

    row: int
    committee: Committee
    label: str = ""
    changes: list[tuple[str, object, object]] = field(default_factory=list)  # (header, old, new)


@dataclass
class ImportPlan:
    table: str = ""
    spec: SheetSpec | None = None
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[CellError] = field(default_factory=list)
    rows: int = 0  # data rows in the file
    extra: dict = field(default_factory=dict)  # what a table's apply step needs besides the rows

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: dict, key: str, message: str, *, value=None) -> None:
        """An error on one cell of the file, named by its sheet, row, column and value."""
        column = self.spec.column(key)
        self.errors.append(
            CellError(self.spec.name, row["_row"], column.header, row.get(key) if value is None else value, message)
        )

    def add(self, planned: PlannedRow, *, is_new: bool) -> None:
        if is_new:
            self.new.append(planned)
        else:
            (self.changed if planned.changes else self.unchanged).append(planned)

    def summary(self) -> dict:
        """The preview as plain data: the page shows it, and a background job keeps it in its result."""

        def rows(planned: list[PlannedRow]) -> list[dict]:
            """Each row with every field it changes (a new row may change an existing person)."""
            out = []
            for p in planned[:PREVIEW_ROWS]:
                item = {"row": p.row, "committee": p.committee.name, "label": p.label}
                item["changes"] = [[header, shown(old), shown(new)] for header, old, new in p.changes]
                out.append(item)
            return out

        return {
            "table": self.table,
            "ok": self.ok,
            "rows": self.rows,
            "counts": {
                "new": len(self.new),
                "changed": len(self.changed),
                "unchanged": len(self.unchanged),
                "errors": len(self.errors),
            },
            "errors": [str(e) for e in self.errors[:PREVIEW_ERRORS]],
            "warnings": [str(w) for w in self.warnings],
            "new": rows(self.new),
            "changed": rows(self.changed),
            "hidden": {
                "new": max(0, len(self.new) - PREVIEW_ROWS),
                "changed": max(0, len(self.changed) - PREVIEW_ROWS),
                "errors": max(0, len(self.errors) - PREVIEW_ERRORS),
            },
        }


class Table:
    """One importable table. Subclasses fill in the sheet and the three steps."""

    slug: str = ""
    title: str = ""  # a lazy translation in each table
    instructions: list[str] = []

    def spec(self) -> SheetSpec:
        raise NotImplementedError

    def export_rows(self, committee: Committee, user) -> list[dict]:
        raise NotImplementedError

    def rows_of(self, qs, user) -> list[dict]:
        """The export's rows of a queryset of the table's records (a list page's filtered rows)."""
        raise NotImplementedError

    def plan_rows(self, plan: ImportPlan, rows: list[dict], *, user, progress: Progress) -> None:
        raise NotImplementedError

    def apply(self, plan: ImportPlan, *, history: dict, progress: Progress) -> None:
        raise NotImplementedError


def reference_year() -> int:
    return timezone.localdate().year


# Export and template -------------------------------------------------------------------


def code_lookup(committee: Committee, user) -> dict[str, tuple[list[str], list[list]]]:
    """The 单位编码表 sheet: the open committees of the subtree that the user may fill in."""
    qs = Committee.objects.subtree_of(committee).open().order_by("path")
    if user is not None:
        qs = scoping.scope_queryset(qs, user, Action.EDIT_REGISTRY, field="")
    rows = [[c.code, c.name, KIND_LABELS.get(c.kind, c.kind)] for c in qs.only("code", "name", "kind")]
    return {CODES_SHEET: (CODES_HEADERS, rows)}


def table_export(table: Table, committee: Committee, *, user=None) -> bytes:
    """A committee subtree's rows of one table as a workbook the importer reads back unchanged."""
    return build_workbook(
        [(table.spec(), table.export_rows(committee, user))],
        instructions=table.instructions,
        title=f"{committee.name} · {table.spec().name}",
        lookups=code_lookup(committee, user),
    )


def filtered_export(sheets: list[tuple[Table, list[dict]]], *, user, title: str) -> bytes:
    """A list page's filtered rows, one sheet per table, with the codes of the committees the
    user may fill in: the same columns as the committee exports, so the file reads back."""
    codes = scoping.committees_for(user, Action.EDIT_REGISTRY).open().order_by("path")
    lookup = [[c.code, c.name, KIND_LABELS.get(c.kind, c.kind)] for c in codes.only("code", "name", "kind")]
    return build_workbook(
        [(table.spec(), rows) for table, rows in sheets],
        instructions=sheets[0][0].instructions,
        title=title,
        lookups={CODES_SHEET: (CODES_HEADERS, lookup)},
    )


def table_template(table: Table, committee: Committee, *, user=None) -> bytes:
    """The blank form: headers, dropdowns, the instructions and the committee codes to pick from."""
    return build_workbook(
        [(table.spec(), [])],
        instructions=table.instructions,
        title=f"{committee.name} · {table.spec().name}",
        lookups=code_lookup(committee, user),
    )


# Plan and apply ------------------------------------------------------------------------


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while an import plans or writes.

    An import makes tens of thousands of objects (rows, model instances, history rows) that all
    live until it ends; each full collection walked every one of them again, a fifth of a
    10,000-row import's time. Reference counting still frees what the import drops, and the
    collector comes back on (if it was on) when the import ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_plan(table: Table, *, user, data: bytes, progress: Progress = no_progress) -> ImportPlan:
    """Read a workbook and sort its rows into new / changed / unchanged, with every error found."""
    with collector_paused():
        return _plan(table, user=user, data=data, progress=progress)


def _plan(table: Table, *, user, data: bytes, progress: Progress) -> ImportPlan:
    spec = table.spec()
    plan = ImportPlan(table=table.slug, spec=spec)
    progress(1, _("Reading the workbook"))
    parsed, plan.errors = read_sheets(data, [spec])
    sheet = parsed.get(spec.name)
    if sheet is None:
        return plan
    plan.warnings, plan.rows = sheet.warnings, sheet.count
    if sheet.rows:
        table.plan_rows(plan, sheet.rows, user=user, progress=Ticker(progress, len(sheet.rows), 10, 100))
    code = spec.column("committee_code").header
    for planned in plan.new + plan.changed:
        if not planned.committee.is_open:  # a closed committee keeps its data but takes no new work
            plan.errors.append(
                CellError(spec.name, planned.row, code, planned.committee.code, _("The committee is closed."))
            )
    plan.errors.sort(key=lambda e: e.row or 0)  # stable: the columns of a row stay in order
    return plan


def import_apply(table: Table, *, user, plan: ImportPlan, progress: Progress = no_progress) -> ImportPlan:
    """Write a plan without errors, all or nothing; history rows name `user`."""
    if plan.errors:
        raise ValidationError(_("The file has errors; nothing was imported."))
    history = {"default_user": user, "default_change_reason": _("Excel import")}
    progress(0, _("Saving"))
    with collector_paused(), transaction.atomic():
        table.apply(plan, history=history, progress=progress)
    return plan


class Ticker:
    """Calls progress(percent, stage) every PROGRESS_EVERY rows, mapping rows onto start..end %."""

    def __init__(self, progress: Progress, total: int, start: int, end: int):
        self.progress, self.total, self.start, self.end = progress, max(total, 1), start, end

    def __call__(self, percent: int, stage: str) -> None:
        self.progress(percent, stage)

    def rows(self, items: Iterable, stage: str = "") -> Iterable:
        stage = stage or _("Checking the rows")
        for done, item in enumerate(items):
            if done % PROGRESS_EVERY == 0:
                self.progress(self.start + (self.end - self.start) * done // self.total, stage)
            yield item


# Row checks ----------------------------------------------------------------------------


class CommitteeResolver:
    """The committees the rows name, loaded in one query, and the checks every row passes.

    A code that is unknown or outside the uploader's reading scope gets the same message, so a
    file cannot probe for committees; a readable committee the uploader may not write is refused.
    Every other key of a row (a person, a team, a station, a post) is looked up among the records
    of `writable`, the committees named by the file that the uploader may write.
    """

    def __init__(self, user, codes: Iterable[str], *, action: Action = Action.EDIT_REGISTRY, refused: str = ""):
        self.user, self.action = user, action
        self.refused = refused or _("You are not allowed to edit the registry of this committee.")
        self.readable = {c.code: c for c in scoping.committees_for(user).filter(code__in=set(codes))}
        self.writable = [c for c in self.readable.values() if scoping.can(user, action, c)]
        self.writable_pks = {c.pk for c in self.writable}  # each row asks: scoping.can once per committee

    def resolve(
        self,
        plan: ImportPlan,
        row: dict,
        *,
        code_key: str = "committee_code",
        name_key: str = "committee_name",
        kinds: tuple[str, ...] = (),
        kinds_message: str = "",
    ) -> Committee | None:
        committee = self.readable.get(row[code_key])
        if committee is None:
            plan.error(row, code_key, _("No such committee, or it is outside your scope."))
            return None
        if committee.pk not in self.writable_pks:
            plan.error(row, code_key, self.refused)
            return None
        if row.get(name_key) and row[name_key] != committee.name:
            plan.error(row, name_key, _("Does not match the committee code (%(name)s).") % {"name": committee.name})
            return None
        if kinds and committee.kind not in kinds:
            plan.error(row, code_key, kinds_message)
            return None
        return committee


class Duplicates:
    """Rows that name the same record twice: the second is an error pointing at the first."""

    def __init__(self) -> None:
        self.seen: dict[tuple, int] = {}

    def check(self, plan: ImportPlan, row: dict, identity: tuple, keys: tuple[str, ...]) -> bool:
        first = self.seen.setdefault(identity, row["_row"])
        if first == row["_row"]:
            return True
        headers = "、".join(plan.spec.column(k).header for k in keys)
        value = " / ".join(shown(row.get(k)) for k in keys)
        plan.errors.append(
            CellError(plan.spec.name, row["_row"], headers, value, _("Duplicate of row %(row)d.") % {"row": first})
        )
        return False


def model_errors(plan: ImportPlan, row: dict, exc: ValidationError, columns: dict[str, str], fallback: str) -> None:
    """A model's ValidationError as cell errors; `columns` maps model fields to column keys."""
    keys = {c.key for c in plan.spec.columns}
    for name, messages in exc.message_dict.items():
        key = columns.get(name, name)
        plan.error(row, key if key in keys else fallback, " ".join(messages))


def diff(
    obj, values: dict, headers: dict[str, str], show: dict[str, Callable] | None = None
) -> list[tuple[str, object, object]]:
    """(header, old, new) for each field in `headers` whose value changes; `show` turns a stored
    value into what the file shows (a label for a choice)."""
    show = show or {}
    changes = []
    for name, header in headers.items():
        old, new = getattr(obj, name), values[name]
        if old != new:
            display = show.get(name)
            changes.append((header, display(old) if display else old, display(new) if display else new))
    return changes


def label_of(labels: Mapping[str, str]) -> Callable[[str], str]:
    return lambda value: labels.get(value, value or "")


def set_values(obj, values: dict) -> bool:
    """Set the fields that differ; whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed

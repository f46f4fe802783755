"""What validation reports: issues, each naming the sheet, the row (its number in the sheet, or
its place in the grid), the committee code, the column header, the value and a Chinese message,
as an error (blocks submitting) or a warning; and what it knows of the town and its committees."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..spec import VILLAGE_KINDS, RowKind, SectionSpec, Severity

# Rules of what no path may store, whatever a draft may hold: every path refuses them before saving.
STORAGE_RULES = frozenset({"control_character", "too_many_rows"})
REQUIRED = "required"  # the rule of a required cell left blank


@dataclass(frozen=True)
class CommitteeRef:
    code: str
    name: str  # the registry's current name
    kind: str
    former_names: frozenset[str] = frozenset()  # from its history: accepted with a warning


@dataclass(frozen=True)
class TownContext:
    """What the validation needs to know about the town and the round."""

    year: int  # the round's data year: the year of the funding standard 表2 is checked against
    town: CommitteeRef
    committees: tuple[CommitteeRef, ...] = ()  # the town's subtree on the reference date, the town included
    funding: Mapping[str, tuple[Decimal, Decimal]] = field(default_factory=dict)  # by committee kind
    by_code: Mapping[str, CommitteeRef] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        found = {c.code: c for c in self.committees}
        found.setdefault(self.town.code, self.town)
        object.__setattr__(self, "by_code", found)

    @property
    def villages(self) -> list[CommitteeRef]:
        return [c for c in self.committees if c.kind in VILLAGE_KINDS]

    def expected(self, row_kind: RowKind) -> list[CommitteeRef]:
        """The committees a fixed-row section has a row for, in order."""
        if row_kind == RowKind.TOWN:
            return [self.town]
        if row_kind == RowKind.VILLAGES:
            return self.villages
        if row_kind == RowKind.TOWN_AND_VILLAGES:
            return [self.town, *self.villages]
        return []


@dataclass(frozen=True)
class Issue:
    severity: str  # Severity
    sheet: str
    row: int | None
    committee: str | None
    header: str | None
    value: object
    message: str
    rule: str  # "required", "type", "range", … or the spec rule's id
    key: str | None = None  # the field, for the grid to mark its cell

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR

    @property
    def is_blank_required(self) -> bool:
        """A required cell left empty: on a draft nobody has saved yet, a cell to fill rather
        than an error (surveys.grid); submitting refuses it all the same."""
        return self.rule == REQUIRED

    def as_dict(self) -> dict:
        value = self.value
        if not (value is None or isinstance(value, bool | int | str)):
            value = str(value)
        return {
            "severity": str(self.severity),
            "sheet": self.sheet,
            "row": self.row,
            "committee": self.committee,
            "header": self.header,
            "value": value,
            "message": self.message,
            "rule": self.rule,
            "key": self.key,
        }

    def __str__(self) -> str:
        where = [self.sheet]
        if self.row:
            where.append(f"第{self.row}行")
        if self.committee:
            where.append(f"（{self.committee}）")
        if self.header:
            where.append(f"“{self.header}”")
        if self.value not in (None, ""):
            where.append(f"值“{self.value}”")
        prefix = "错误" if self.is_error else "提示"
        return f"{prefix}：{' '.join(where)}：{self.message}"


def has_errors(issues: Sequence[Issue]) -> bool:
    return any(i.is_error for i in issues)


def count(issues: Sequence[Issue]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for i in issues if i.is_error)
    return errors, len(issues) - errors


def split_blank_required(issues: Sequence[Issue]) -> tuple[list[Issue], list[Issue]]:
    """(the issues but the required cells left blank, those cells): how a fresh draft counts them."""
    blank = [i for i in issues if i.is_blank_required]
    return [i for i in issues if not i.is_blank_required], blank


class Collector:
    def __init__(self, section: SectionSpec):
        self.section = section
        self.issues: list[Issue] = []

    def add(
        self,
        severity: str,
        rule: str,
        message: str,
        *,
        row: int | None,
        committee: str | None,
        key: str | None,
        value=None,
    ) -> None:
        header = self.section.field(key).header if key else None
        self.issues.append(Issue(str(severity), self.section.sheet, row, committee, header, value, message, rule, key))

"""The spec's engine: fields, enumerations, conditions and rules, sections and forms. No data of a form."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from enum import StrEnum

from committees.labels import ChoiceLabels

SPEC_VERSION = "2024.1"

FORM_NUMBERS: tuple[int, ...] = (1, 2, 3, 4, 5)
MAIN = "main"
SUB = "B"
INSTRUCTIONS_SHEET = "填表说明"
META_SHEET = "meta"

EARLIEST_BIRTH_YEAR = 1920
ADULT_AGE = 18
FIRST_FHFG_YEAR = 2001  # the first round of 五有五好 creation
EARLIEST_FOUNDED_YEAR = 1949
SHORT_TEXT = 100
LONG_TEXT = 1000
MAX_ROWS = 500  # the most filled rows a table (a sheet) may hold, whether from the grid or a workbook

# Committee kinds, as committees.models.Kind spells them (a test keeps the two in step).
TOWN_KINDS = ("town", "subdistrict")
VILLAGE_KINDS = ("village", "community")


class FieldType(StrEnum):
    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"  # 万元, at most 2 decimals, stored as a string ("334.82")
    BOOL = "bool"
    CHOICE = "choice"
    YEAR = "year"


class RowKind(StrEnum):
    TOWN_AND_VILLAGES = "town_and_villages"  # the town's own row, then one per village/community
    VILLAGES = "villages"  # one row per village/community
    TOWN = "town"  # one row, the town's
    FREE = "free"  # a list: rows added and removed by the filler


class Aggregate(StrEnum):
    """How a column adds up over a town's rows (the report's 小计 and 合计 rows; the entry grid's
    合计 shows the summed columns only): counts and money sum, scores average, years give their
    range, yes/no and enumerations count each answer; text doesn't add up."""

    SUM = "sum"
    AVERAGE = "average"
    RANGE = "range"  # the earliest and the latest value
    COUNTS = "counts"  # the number of rows of each answer (是/否, each choice)
    NONE = "none"


# The field types each kind of aggregate applies to (a Field refuses any other).
AGGREGATE_TYPES = {
    Aggregate.SUM: (FieldType.INT, FieldType.DECIMAL),
    Aggregate.AVERAGE: (FieldType.INT, FieldType.DECIMAL),
    Aggregate.RANGE: (FieldType.INT, FieldType.DECIMAL, FieldType.YEAR),
    Aggregate.COUNTS: (FieldType.BOOL, FieldType.CHOICE),
}


class Period(StrEnum):
    """Which year a field's figure describes (docs/FORMS.md "Which year a figure describes"):
    the round's reference date (31 December of its year), or its data year (the last complete
    calendar year: money and activity counts)."""

    REFERENCE = "reference"
    DATA = "data"


def year_note(period: Period, data_year: int | None) -> str:
    """What a header says after its text about the year of its figure: "（2022年度）" for a
    data-year field, "" otherwise (a figure at the reference date goes without)."""
    return f"（{data_year}年度）" if period == Period.DATA and data_year else ""


def period_header(f: Field, data_year: int | None) -> str:
    """A field's header as the forms show it (template, grid, printed form, report workbook):
    the exact header, then the year of a data-year figure. The one place this text is made."""
    return f.header + year_note(f.period, data_year)


def period_caption(fields: Iterable[Field], year: int, data_year: int | None) -> str:
    """The line under a section's title saying which figures are of which year; "" when none of
    its fields is of the data year."""
    if not data_year or not any(f.period == Period.DATA for f in fields):
        return ""
    return f"标注“（{data_year}年度）”的数字为{data_year}年全年数，其余为{year}年12月31日的情况。"


class Severity(StrEnum):
    ERROR = "error"  # blocks submitting
    WARNING = "warning"  # shown, never blocks


@dataclass(frozen=True)
class Choice:
    """A value of an enumeration and the label its cell shows. A form's own enumeration carries
    its label; one the registry keeps (a committee's kind, a post's source, a team's type) reads
    it from its one home, the model's choices in Chinese (committees.labels), when first shown."""

    value: str
    text: str = ""
    labels: Mapping[str, str] | None = dataclass_field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        return self.text if self.labels is None else self.labels[self.value]


def choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(value, label) for value, label in pairs)


def model_choices(labels: ChoiceLabels, values: Sequence[str] = ()) -> tuple[Choice, ...]:
    """The choices of a model's enumeration (some of its values, or all), labelled by it."""
    return tuple(Choice(value, labels=labels) for value in values or labels.values_in_order)


@dataclass(frozen=True)
class Field:
    """One column of a section."""

    key: str
    header: str
    type: FieldType = FieldType.TEXT
    required: bool = True
    choices: tuple[Choice, ...] = ()
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    max_length: int = SHORT_TEXT
    multiline: bool = False  # text that may hold line breaks (notes, descriptions); names never do
    locked: bool = False  # keys, names and values the district fixes: shown, never edited
    prefilled: bool = False  # filled from the registry when a round opens (and marked when changed)
    help: str = ""
    aggregate: Aggregate = Aggregate.NONE  # how the column adds up over the rows (小计, 合计)
    # Derived: the number of filled rows of this section of the form (form 4's 志愿者团队数 counts
    # 表4B's teams). Locked: computed whenever the form is saved or imported, never typed.
    counts_rows: str = ""
    period: Period = Period.REFERENCE  # the year its figure describes (the header says so)
    # A report's two-level header (the workbook's form sheets, the HTML tables): consecutive
    # fields of one group sit under one merged cell headed by it, each headed by `short` (its
    # header when blank: "姓名" under "常务副主任"). The template and the importer read `header`.
    group: str = ""
    short: str = ""

    def __post_init__(self) -> None:
        if self.aggregate != Aggregate.NONE and self.type not in AGGREGATE_TYPES[self.aggregate]:
            raise ValueError(f"{self.key}: a {self.type} field can't aggregate by {self.aggregate}")

    @property
    def sums(self) -> bool:
        return self.aggregate == Aggregate.SUM

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.choices)

    def label_of(self, value) -> str | None:
        return next((c.label for c in self.choices if c.value == value), None)

    def value_of(self, label: str) -> str | None:
        """The stored value of a cell's text: a label, or the value itself (any case)."""
        text = label.strip()
        for c in self.choices:
            if text == c.label or text.lower() == c.value:
                return c.value
        return None


# Conditions and rules -------------------------------------------------------------------
# A condition answers True, False or None ("can't tell": an operand is blank or invalid, which
# the field check already reports), so one bad cell never sets off a chain of rule messages.


@dataclass(frozen=True)
class Key:
    """An operand: the value of another field of the same row."""

    key: str


@dataclass(frozen=True)
class Env:
    """An operand: a figure of the context (year, villages in the town, rows of section B, …)."""

    name: str


Operand = Key | Env | int | Decimal | str | bool


def _operand(operand: Operand, values: Mapping, env: Mapping):
    if isinstance(operand, Key):
        return values.get(operand.key)
    if isinstance(operand, Env):
        return env.get(operand.name)
    return operand


@dataclass(frozen=True)
class Cond:
    def holds(self, values: Mapping, env: Mapping) -> bool | None:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Compare(Cond):
    """`key` op `other`; op is one of == != < <= > >=."""

    key: str
    op: str
    other: Operand

    def holds(self, values: Mapping, env: Mapping) -> bool | None:
        left, right = values.get(self.key), _operand(self.other, values, env)
        if left is None or right is None:
            return None
        return {
            "==": left == right,
            "!=": left != right,
            "<": left < right,
            "<=": left <= right,
            ">": left > right,
            ">=": left >= right,
        }[self.op]


@dataclass(frozen=True)
class Blank(Cond):
    key: str

    def holds(self, values: Mapping, env: Mapping) -> bool | None:
        value = values.get(self.key)
        return value is None or value == ""


@dataclass(frozen=True)
class KindIn(Cond):
    """The row's committee is of one of these kinds."""

    kinds: tuple[str, ...]

    def holds(self, values: Mapping, env: Mapping) -> bool | None:
        kind = env.get("kind")
        return None if kind is None else kind in self.kinds


@dataclass(frozen=True)
class SumDiffers(Cond):
    """The sum of `parts` is not the sum of `totals` (env gets "sum" and "total" for the message)."""

    parts: tuple[str, ...]
    totals: tuple[str, ...]

    def holds(self, values: Mapping, env: Mapping) -> bool | None:
        numbers = [values.get(k) for k in (*self.parts, *self.totals)]
        if any(n is None for n in numbers):
            return None
        return sum(values[k] for k in self.parts) != sum(values[k] for k in self.totals)

    def figures(self, values: Mapping) -> dict:
        return {"sum": sum(values[k] for k in self.parts), "total": sum(values[k] for k in self.totals)}


@dataclass(frozen=True)
class All(Cond):
    conds: tuple[Cond, ...]

    def holds(self, values: Mapping, env: Mapping) -> bool | None:
        answers = [c.holds(values, env) for c in self.conds]
        if any(a is False for a in answers):
            return False
        if any(a is None for a in answers):
            return None
        return True


def all_of(*conds: Cond) -> All:
    return All(conds)


@dataclass(frozen=True)
class Rule:
    """A rule of a row: broken when `broken_when` holds. The issue is put on `field`'s cell.

    `message` is a Chinese template: {key} gives a field of the row as the cell shows it,
    {name} a figure of the context (year, villages, rows_B, expected_lower, sum, total, …).
    """

    id: str
    severity: Severity
    field: str
    broken_when: Cond
    message: str
    note: str = ""  # the rule in words, for the instructions sheet

    def broken(self, values: Mapping, env: Mapping) -> bool:
        return self.broken_when.holds(values, env) is True

    def figures(self, values: Mapping) -> dict:
        """Extra figures for the message (sums)."""
        found: dict = {}
        stack: list[Cond] = [self.broken_when]
        while stack:
            cond = stack.pop()
            if isinstance(cond, SumDiffers):
                found.update(cond.figures(values))
            elif isinstance(cond, All):
                stack.extend(cond.conds)
        return found


# Sections and forms ---------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSpec:
    form: int
    section: str  # MAIN or SUB
    sheet: str  # the sheet's name; the importer finds it by its prefix ("表3B")
    title: str
    row_kind: RowKind
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...] = ()
    key: tuple[str, ...] = ("committee_code",)  # what identifies a row (a repeat is an error)
    # The round's year and data year (form_specs sets them): the headers name the year of a figure.
    year: int | None = None
    data_year: int | None = None

    def header_of(self, f: Field) -> str:
        """A field's header with the year of its figure (period_header)."""
        return period_header(f, self.data_year)

    @property
    def period_caption(self) -> str:
        return period_caption(self.fields, self.year or 0, self.data_year)

    @property
    def prefix(self) -> str:
        return sheet_prefix(self.sheet) or self.sheet

    @property
    def free_rows(self) -> bool:
        return self.row_kind == RowKind.FREE

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def has_field(self, key: str) -> bool:
        return any(f.key == key for f in self.fields)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(f.header for f in self.fields)

    @property
    def header_groups(self) -> tuple[tuple[str, tuple[Field, ...]], ...]:
        """The fields in runs for a two-level header: (group, its consecutive fields), and
        ("", (field,)) for each field of no group."""
        runs: list[tuple[str, list[Field]]] = []
        for f in self.fields:
            if f.group and runs and runs[-1][0] == f.group:
                runs[-1][1].append(f)
            else:
                runs.append((f.group, [f]))
        return tuple((group, tuple(fields)) for group, fields in runs)

    @property
    def prefilled_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.prefilled)

    @property
    def editable_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if not f.locked)


@dataclass(frozen=True)
class FormSpec:
    number: int
    title: str
    sections: tuple[SectionSpec, ...]

    @property
    def main(self) -> SectionSpec:
        return self.sections[0]

    def section(self, name: str) -> SectionSpec:
        for s in self.sections:
            if s.section == name:
                return s
        raise KeyError(name)

    def has_section(self, name: str) -> bool:
        return any(s.section == name for s in self.sections)


_PREFIX = re.compile(r"^\s*(表\d+[A-Za-z]?)")


def sheet_prefix(name: str) -> str | None:
    """ "表3B 企业学校" → "表3B"; a name without a form prefix → None."""
    match = _PREFIX.match(name)
    return match.group(1).upper() if match else None


def section_for_sheet(forms: Iterable[FormSpec], sheet_name: str) -> SectionSpec | None:
    """The section a sheet belongs to, found by its prefix (the words after it are free)."""
    prefix = sheet_prefix(sheet_name)
    if prefix is None:
        return None
    return next((s for f in forms for s in f.sections if s.prefix == prefix), None)


def find_form(forms: Iterable[FormSpec], number: int) -> FormSpec:
    for form in forms:
        if form.number == number:
            return form
    raise KeyError(number)

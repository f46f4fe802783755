"""Check one submission's values against the spec; pure (no models, no database).

Input is what a grid posts or a workbook holds, or what a submission stores: cells keyed by
field key, each a raw value ("是", "334.82", 12, 1.0, a label …) or a stored JSON value.
Output is a list of issues (`issues`). The modules by noun: `cells` (parsing and normalising
one cell), `rows` (the rows against the registry and each other), `rules` (a section and a
form checked as a whole, the spec's rules, what no path may store).
"""

from committees.labels import KIND_LABELS

from .cells import (
    CENT,
    MAX_NUMBER,
    CellInputError,
    changed_cells,
    check_characters,
    filled_rows,
    from_json,
    is_blank,
    normalize_cell,
    normalize_row,
    parse_cell,
    parse_row,
    to_json,
)
from .issues import (
    REQUIRED,
    STORAGE_RULES,
    CommitteeRef,
    Issue,
    TownContext,
    count,
    has_errors,
    split_blank_required,
)
from .rows import ROW_KIND_TEXT, form_with_current_names, with_current_names
from .rules import derive_form, storage_issues, validate_form, validate_forms, validate_section

__all__ = [
    "CENT",
    "KIND_LABELS",
    "MAX_NUMBER",
    "REQUIRED",
    "ROW_KIND_TEXT",
    "STORAGE_RULES",
    "CellInputError",
    "CommitteeRef",
    "Issue",
    "TownContext",
    "changed_cells",
    "check_characters",
    "count",
    "derive_form",
    "filled_rows",
    "form_with_current_names",
    "from_json",
    "has_errors",
    "is_blank",
    "normalize_cell",
    "normalize_row",
    "parse_cell",
    "parse_row",
    "split_blank_required",
    "storage_issues",
    "to_json",
    "validate_form",
    "validate_forms",
    "validate_section",
    "with_current_names",
]

"""The entry grid of a submission, built from the spec, the stored rows and their validation.

Pure presentation data. The modules by noun: `cells` (the grid's cells, rows and sections, and
how a cell and a row are built), `totals` (the 合计 row, last year's figures), `issues` (where
each issue goes), `build` (a submission's grid, in a fixed number of queries), `changes` (what
changed since the form was returned).
"""

from .build import build_grid, load_rows
from .cells import (
    INPUT_MODES,
    INPUT_SIZES,
    KEY_FIELDS,
    MAX_EXTRA_ROWS,
    TEMPLATE_INDEX,
    Cell,
    Grid,
    GridRow,
    IssueLink,
    Option,
    SectionGrid,
    Total,
    cell_text,
    input_value,
    options,
)
from .changes import CellChange, ReturnDiff, changes_since_return, last_return
from .totals import PREVIOUS_TYPES, column_sum, has_totals

__all__ = [
    "INPUT_MODES",
    "INPUT_SIZES",
    "KEY_FIELDS",
    "MAX_EXTRA_ROWS",
    "PREVIOUS_TYPES",
    "TEMPLATE_INDEX",
    "Cell",
    "CellChange",
    "Grid",
    "GridRow",
    "IssueLink",
    "Option",
    "ReturnDiff",
    "SectionGrid",
    "Total",
    "build_grid",
    "cell_text",
    "changes_since_return",
    "column_sum",
    "has_totals",
    "input_value",
    "last_return",
    "load_rows",
    "options",
]

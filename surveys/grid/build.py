"""Building a submission's grid: a fixed number of queries whatever the number of rows (the rows,
the town's committees, the funding standard), then its sections, totals and issues."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from committees.selectors import committees_open_on

from .. import selectors
from ..models import Submission, SubmissionRow
from ..spec import FormSpec, SectionSpec
from ..validation import derive_form, split_blank_required, validate_form, with_current_names
from .cells import MAX_EXTRA_ROWS, TEMPLATE_INDEX, Grid, SectionGrid, build_row, shown_columns
from .issues import mark_to_fill, place_issues
from .ledger import mark_ledger_cells
from .totals import has_totals, show_previous, totals_row


def load_rows(submission: Submission) -> list[dict]:
    """The stored rows in order, with their registry values. One query."""
    return list(
        SubmissionRow.objects.filter(submission=submission)
        .order_by("section", "position")
        .values("pk", "section", "values", "prefill")
    )


def build_grid(
    submission: Submission,
    *,
    editable: bool,
    extra_rows: Mapping[str, int] | None = None,
    fresh: bool = False,
    previous: bool = False,
) -> Grid:
    """The grid of a submission with its issues. Three queries besides the round's spec (cached
    on the round): the rows, the town's committees, the funding standard. On a `fresh` draft
    (selectors.submission_is_fresh) a required cell still blank is marked to fill, not as an
    error: nobody has had the chance to fill it yet. With `previous` (a reviewer's view), each
    number shows last year's approved figure beside it (上年): one query more."""
    form = selectors.submission_form(submission)
    survey_round = submission.survey_round
    rows = load_rows(submission)
    subtree = committees_open_on([submission.town], survey_round.reference_date)
    ctx = selectors.build_context(
        survey_round, submission.town, subtree, selectors.funding_bounds(survey_round.data_year)
    )
    extra_rows = extra_rows or {}

    by_section = _rows_shown(form, rows, ctx)
    last_year = selectors.previous_year_sections(submission) if previous else None
    sections = [_section_grid(spec, by_section.get(spec.section, []), extra_rows, last_year) for spec in form.sections]
    mark_ledger_cells(form.number, sections, subtree, survey_round.data_year)

    issues = validate_form(form, {s: [r["values"] for r in rs] for s, rs in by_section.items()}, ctx)
    to_fill = 0
    if fresh:
        issues, blanks = split_blank_required(issues)
        left = mark_to_fill(sections, blanks)
        to_fill = len(blanks) - len(left)
        issues += left
    links = place_issues(sections, issues)
    grid = Grid(form, sections, links, editable, list(ctx.committees), rows, to_fill)
    if previous:
        grid.previous_year, grid.previous_found = survey_round.year - 1, bool(last_year)
    return grid


def _rows_shown(form: FormSpec, rows: list[dict], ctx) -> dict[str, list[dict]]:
    """The stored rows by section, each committee under its current name and each derived cell
    (志愿者团队数) as the rows give it, whatever an older save stored."""
    by_section: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_section[row["section"]].append(row)
    for name, stored in by_section.items():  # names are shown as the registry has them now
        if form.has_section(name):
            shown = with_current_names(form.section(name), [r["values"] for r in stored], ctx)
            by_section[name] = [{**r, "values": values} for r, values in zip(stored, shown, strict=True)]
    derived = derive_form(form, {name: [r["values"] for r in stored] for name, stored in by_section.items()})
    for name, stored in by_section.items():
        by_section[name] = [{**r, "values": values} for r, values in zip(stored, derived[name], strict=True)]
    return by_section


def _section_grid(
    spec: SectionSpec, stored: list[dict], extra_rows: Mapping[str, int], last_year: Mapping | None
) -> SectionGrid:
    """One section's grid: its stored rows, the blank rows asked for (and the template of a new
    one) on a list, its totals, and last year's figures beside the numbers when given."""
    columns = shown_columns(spec)
    grid_rows = [
        build_row(spec, columns, index=i, pk=r["pk"], values=r["values"], prefill=r["prefill"])
        for i, r in enumerate(stored)
    ]
    blank = None
    if spec.free_rows:
        extra = min(max(extra_rows.get(spec.section, 0), 0), MAX_EXTRA_ROWS)
        grid_rows += [
            build_row(spec, columns, index=len(stored) + n, pk=None, values={}, prefill={}) for n in range(extra)
        ]
        blank = build_row(spec, columns, index=TEMPLATE_INDEX, pk=None, values={}, prefill={})
    section = SectionGrid(spec, columns, grid_rows, blank)
    before = None if not last_year else last_year.get(spec.section, [])
    if has_totals(spec):
        section.totals = totals_row(spec, columns, [r["values"] for r in stored], before)
    if before is not None:
        show_previous(section, before)
    return section

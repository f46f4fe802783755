"""Saving a form that nobody changed writes no history: a blank cell equals an absent one."""

from surveys import selectors, services
from surveys.models import SubmissionRow
from tests.surveys.conftest import open_round, submission


def _blank_cells_for_every_field(sub):
    form = selectors.submission_form(sub)
    sections = selectors.submission_sections(sub)
    return {
        spec.section: [{**{f.key: None for f in spec.fields}, **row} for row in sections.get(spec.section, [])]
        for spec in form.sections
        if not spec.free_rows
    }


def test_saving_an_untouched_form_with_blank_cells_writes_no_history(xs, registry):
    sub = submission(open_round(xs), xs.dg, 1)
    before = SubmissionRow.history.filter(submission_id=sub.pk).count()
    services.submission_save(actor=xs.dg_secretary, submission=sub, rows=_blank_cells_for_every_field(sub))
    assert SubmissionRow.history.filter(submission_id=sub.pk).count() == before


def test_saving_a_changed_cell_writes_history(xs, registry):
    sub = submission(open_round(xs), xs.dg, 1)
    before = SubmissionRow.history.filter(submission_id=sub.pk).count()
    rows = _blank_cells_for_every_field(sub)
    rows["main"][0]["notes"] = "改了"
    services.submission_save(actor=xs.dg_secretary, submission=sub, rows=rows)
    assert SubmissionRow.history.filter(submission_id=sub.pk).count() == before + 1

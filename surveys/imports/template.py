"""The forms of a town as its workbook holds them: the stored rows read for the template download
and for planning an upload."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.utils.translation import gettext as _

from committees.downloads import download_name
from committees.models import Committee

from .. import selectors
from ..cell_comments import comment_notes
from ..excel import template_workbook
from ..models import State, Submission, SubmissionRow, SurveyRound
from ..spec import FormSpec
from ..validation import (
    CommitteeRef,
    TownContext,
    with_current_names,
)


def town_submissions(survey_round: SurveyRound, town: Committee) -> dict[int, Submission]:
    """The town's submissions of the round by form number. One query."""
    found = Submission.objects.filter(survey_round=survey_round, town=town).select_related("town")
    subs = {}
    for submission in found:
        submission.survey_round = survey_round  # one round object: its specs are built once
        subs[submission.form] = submission
    return subs


def _stored_rows(
    submissions: Iterable[Submission], forms: Sequence[FormSpec], ctx: TownContext
) -> dict[tuple[int, str], list[dict]]:
    """The rows of the submissions by (form, section), as value dicts with "_id", their names
    as the registry has them now. One query."""
    numbers = {s.pk: s.form for s in submissions}
    rows: dict[tuple[int, str], list[dict]] = {}
    for pk, submission_id, section, values in (
        SubmissionRow.objects.filter(submission_id__in=list(numbers))
        .order_by("submission_id", "section", "position")
        .values_list("pk", "submission_id", "section", "values")
    ):
        rows.setdefault((numbers[submission_id], section), []).append({**values, "_id": pk})
    specs = {(f.number, s.section): s for f in forms for s in f.sections}
    return {key: with_current_names(specs[key], found, ctx) if key in specs else found for key, found in rows.items()}


def _surveyed_forms(survey_round: SurveyRound, submissions: Mapping[int, Submission]) -> list[FormSpec]:
    return [f for f in selectors.enabled_specs(survey_round) if f.number in submissions]


def survey_template(survey_round: SurveyRound, town: Committee) -> bytes:
    """The town's workbook for the round, filled with what its submissions hold now."""
    submissions = town_submissions(survey_round, town)
    forms = _surveyed_forms(survey_round, submissions)
    ctx = selectors.town_context(survey_round, town)
    locked = [s.sheet for f in forms if not submissions[f.number].is_editable for s in f.sections]
    rows = _stored_rows(submissions.values(), forms, ctx)
    comments = selectors.open_comments(s.pk for s in submissions.values() if s.state == State.RETURNED)
    notes = []
    for form in forms:
        if found := comments.get(submissions[form.number].pk):
            sections = {s.section: rows.get((form.number, s.section), []) for s in form.sections}
            notes += comment_notes(form, sections, found)
    return template_workbook(
        forms,
        rows,
        year=survey_round.year,
        town=CommitteeRef(town.code, town.name, town.kind),
        committees=ctx.committees,
        locked=locked,
        notes=notes,
    )


def template_filename(survey_round: SurveyRound, town: Committee) -> str:
    return download_name(town, _("survey forms"), year=survey_round.year, extension="xlsx")

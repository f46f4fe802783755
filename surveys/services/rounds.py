"""Opening a round: its submissions, one per town per enabled form, prefilled."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from committees.models import UPPER_KINDS, Committee
from committees.scoping import Action
from evaluations.selectors import standard_in_force

from .. import selectors
from ..models import (
    Submission,
    SubmissionRow,
    SurveyRound,
    default_data_year,
    reference_date_of,
)
from ..prefill import round_prefill
from ..spec import FORM_NUMBERS, SPEC_VERSION
from ..validation import (
    count,
    split_blank_required,
)
from .common import (
    _require,
)


def _scope_default(actor) -> Committee:
    """A round's scope when none is chosen: the tree's one root (a district, or the province or the
    city above the districts) the actor manages rounds of."""
    roots = list(Committee.objects.filter(parent__isnull=True, kind__in=UPPER_KINDS)[:2])
    if not roots:
        raise ValidationError(_("There is no district committee."))
    if len(roots) > 1:
        raise ValidationError(_("Choose the committee whose towns the round asks."))
    return roots[0]


@transaction.atomic
def round_open(
    *,
    actor,
    year: int,
    deadline: datetime.date,
    opened_on: datetime.date | None = None,
    forms: Sequence[int] | None = None,
    data_year: int | None = None,
    scope: Committee | None = None,
) -> SurveyRound:
    """Open a round for the towns below `scope` (a district, a city or a province; default the
    tree's root): one submission per town per enabled form, prefilled from the registry and from
    last round's approved values. A past deadline is allowed (back-filling a year). The money and
    activity figures are of `data_year` (default: the year before)."""
    scope = scope or _scope_default(actor)
    if scope.kind not in UPPER_KINDS:
        raise ValidationError(_("A round asks the towns of a district, a city or a province."))
    _require(actor, Action.MANAGE_ROUNDS, scope)
    if SurveyRound.objects.filter(year=year, scope=scope).exists():
        raise ValidationError(_("The %(year)d round is already open.") % {"year": year})
    reference_date = reference_date_of(year)
    try:
        standard = standard_in_force(reference_date)
    except ObjectDoesNotExist as exc:  # no 五有五好 standard in force yet
        raise ValidationError(str(exc)) from exc
    survey_round = SurveyRound(
        year=year,
        scope=scope,
        data_year=data_year or default_data_year(year),
        reference_date=reference_date,
        # A back-filled round (past deadline) counts as opened by its deadline unless told otherwise.
        opened_on=opened_on or min(timezone.localdate(), deadline),
        deadline=deadline,
        enabled_forms=sorted(forms) if forms is not None else list(FORM_NUMBERS),
        spec_version=SPEC_VERSION,
        fhfg_standard=standard,
        opened_by=actor,
    )
    survey_round.full_clean()
    survey_round.save()
    towns = selectors.towns_on(reference_date, scope)
    if not towns:
        raise ValidationError(_("There are no towns to survey."))
    _round_submissions_create(survey_round, towns, actor=actor)
    return survey_round


def _round_submissions_create(survey_round: SurveyRound, towns, *, actor) -> None:
    """One submission per town per enabled form, its rows prefilled (round_prefill), its counts
    those of the prefilled values."""
    drafts = round_prefill(survey_round, towns)
    specs = selectors.enabled_specs(survey_round)
    submissions = []
    for town in towns:
        for form in specs:
            # Required cells the registry left blank are to fill, not errors, until a first save.
            issues = split_blank_required(drafts.validate(town, form))[0]
            errors, warnings = count(issues)
            submissions.append(
                Submission(
                    survey_round=survey_round,
                    town=town,
                    form=form.number,
                    error_count=errors,
                    warning_count=warnings,
                    # updated_*: the last edit of the values (最近修改); opening the round is none.
                )
            )
    history = {"default_user": actor, "default_change_reason": _("round opened"), "batch_size": 500}
    submissions = bulk_create_with_history(submissions, Submission, **history)
    rows = [
        SubmissionRow(
            submission=submission,
            committee_id=draft.committee_id,
            section=draft.section,
            position=position,
            values=draft.values,
            prefill=draft.prefill,
        )
        for submission in submissions
        for section in selectors.submission_form(submission).sections
        for position, draft in enumerate(drafts.rows(submission.town, submission.form, section.section), start=1)
    ]
    bulk_create_with_history(rows, SubmissionRow, **history)

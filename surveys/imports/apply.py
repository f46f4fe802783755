"""Applying an upload's plan (the confirm) through services.submission_save, all or nothing.

The confirm (upload_confirm) locks the town's forms, plans the file again and writes in the same
transaction, and refuses with a conflict when a form it writes has been saved by someone else
since the preview, or when a form was submitted or returned since, so that the confirm would
skip or write other sheets than the preview said: two confirms of one town never mix their files.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from committees.models import Committee

from .. import services
from ..models import Submission, SurveyRound
from .plan import UploadPlan, upload_plan


class UploadConflict(ValidationError):
    """The forms changed since the preview: the file was planned against versions no longer current."""


class UploadRefused(ValidationError):
    """A confirm that wrote nothing: the messages say why; `plan` is the file planned again."""

    def __init__(self, messages: list[str], plan: UploadPlan):
        super().__init__(messages)
        self.plan = plan


def _lock_town(survey_round: SurveyRound, town: Committee) -> dict[int, int]:
    """Lock the town's submissions of the round (in one order, so that two confirms queue rather
    than deadlock) and return their versions. On SQLite the transaction is IMMEDIATE already."""
    locked = (
        Submission.objects.select_for_update()
        .filter(survey_round=survey_round, town=town)
        .order_by("pk")
        .values_list("pk", "version")
    )
    return dict(locked)


def upload_apply(
    *, actor, plan: UploadPlan, submit: bool = False, versions: Mapping[int, int] | None = None
) -> list[Submission]:
    """Save the plan's sheets through submission_save (and submit their forms when asked), all or
    nothing: a refused save or submit leaves every form as it was. The town's forms are locked
    first; when one the plan writes has changed since `versions` (by default the plan's own: the
    versions it was read at), the upload is refused (UploadConflict) and nothing is written."""
    if not plan.ok:
        raise ValidationError(_("The file has errors; nothing was imported."))
    planned = plan.versions if versions is None else versions
    sections: dict[int, dict[str, list[dict]]] = {}
    changed: set[int] = set()
    for sheet in plan.sheets:
        sections.setdefault(sheet.submission.pk, {})[sheet.section.section] = sheet.rows
        if sheet.changed:
            changed.add(sheet.submission.pk)
    submissions = plan.submissions
    with transaction.atomic():
        current = _lock_town(plan.survey_round, plan.town)
        stale = [s for s in submissions if current.get(s.pk) != planned.get(s.pk)]
        if stale:
            raise UploadConflict(
                _(
                    "Someone else imported or saved these forms (%(forms)s) after your preview; nothing was "
                    "imported. Upload the file again to see what it changes now."
                )
                % {"forms": "、".join(f"表{s.form}" for s in stale)},
                code="conflict",
            )
        for submission in submissions:
            if submission.pk in changed:
                services.submission_save(
                    actor=actor,
                    submission=submission,
                    rows=sections[submission.pk],
                    expected_version=current[submission.pk],
                )
        if submit:
            submissions = [services.submission_submit(actor=actor, submission=s) for s in submissions]
    return submissions


def upload_confirm(
    *,
    actor,
    survey_round: SurveyRound,
    town: Committee,
    data: bytes,
    versions: Mapping[int, int] | None = None,
    skipped: Collection[int] | None = None,
) -> UploadPlan:
    """Plan the kept file again and save it, under one lock of the town's forms: two confirms of
    one town queue, and the second, planned against versions no longer current, is refused.
    `versions` are those the preview showed (plan.versions), `skipped` the forms whose sheets it
    said are skipped (plan.skipped_forms): a form submitted or returned since would make the
    confirm write other sheets than the user saw, and is refused too. A refusal (ValidationError)
    carries the plan again (UploadRefused), for the page to show it."""
    with transaction.atomic():
        _lock_town(survey_round, town)
        plan = upload_plan(actor=actor, survey_round=survey_round, town=town, data=data)
        moved = set() if skipped is None else set(plan.skipped_forms) ^ set(skipped)
        if moved and not plan.errors:
            message = _(
                "%(forms)s changed state after your preview (submitted, returned or approved); nothing was "
                "imported. Upload the file again to see what it imports now."
            ) % {"forms": "、".join(f"表{n}" for n in sorted(moved))}
            raise UploadRefused([message], plan)
        try:
            upload_apply(actor=actor, plan=plan, versions=versions)
        except ValidationError as exc:
            raise UploadRefused(exc.messages, plan) from exc
    return plan

"""Migration 0104: the per-form extensions become one extension per town and round."""

import datetime

import pytest
from django.utils import timezone

BEFORE = [("surveys", "0103_text_validators")]
AFTER = [("surveys", "0104_town_extension")]


@pytest.mark.django_db(transaction=True)
def test_the_latest_extension_of_a_towns_forms_becomes_the_towns(xs, migrate_to):
    from tests.surveys.conftest import open_round

    survey_round = open_round(xs, 2024)
    apps = migrate_to(BEFORE)
    Submission = apps.get_model("surveys", "Submission")
    Transition = apps.get_model("surveys", "SubmissionTransition")
    forms = Submission.objects.filter(survey_round_id=survey_round.pk, town_id=xs.dg.pk).order_by("form")
    first, later = datetime.date(2030, 1, 5), datetime.date(2030, 1, 9)
    Submission.objects.filter(pk=forms[0].pk).update(extended_until=first)
    Submission.objects.filter(pk=forms[1].pk).update(extended_until=later)
    Transition.objects.create(
        submission_id=forms[1].pk,
        action="extend",
        from_state="draft",
        to_state="draft",
        by_id=xs.staff.pk,
        at=timezone.now(),
        reason="换届",
        extended_until=later,
    )

    apps = migrate_to(AFTER)
    (extension,) = apps.get_model("surveys", "TownExtension").objects.all()
    assert (extension.town_id, extension.until, extension.reason, extension.granted_by_id) == (
        xs.dg.pk,
        later,
        "换届",
        xs.staff.pk,
    )

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from committees.models import Committee
from evaluations.models import FhfgStandard
from surveys.models import State, Submission, SubmissionRow, SurveyRound, reference_date_of
from tests.factories import CommitteeFactory


@pytest.fixture
def standard(db):
    return FhfgStandard.objects.get(name="2023 修订")


def make_round(standard, **fields) -> SurveyRound:
    district = Committee.objects.filter(kind="district").first() or CommitteeFactory(code="XS", name="锡山区关工委")
    values = {
        "year": 2024,
        "scope": district,
        "reference_date": datetime.date(2024, 12, 31),
        "opened_on": datetime.date(2024, 4, 20),
        "deadline": datetime.date(2024, 10, 8),
        "spec_version": "2024.1",
        "fhfg_standard": standard,
    }
    return SurveyRound(**{**values, **fields})


def test_the_reference_date_is_the_last_day_of_the_year():
    assert reference_date_of(2023) == datetime.date(2023, 12, 31)


def test_a_round_with_another_reference_date_is_refused(standard):
    with pytest.raises(ValidationError) as exc:
        make_round(standard, reference_date=datetime.date(2024, 6, 30)).full_clean()
    assert "reference_date" in exc.value.message_dict


def test_enabled_forms_are_among_the_five(standard):
    make_round(standard).full_clean()
    for forms in ([], [6], [1, 1], "12"):
        with pytest.raises(ValidationError):
            make_round(standard, enabled_forms=forms).full_clean()


def test_one_submission_per_round_town_and_form(xs, standard):
    survey_round = make_round(standard)
    survey_round.save()
    Submission.objects.create(survey_round=survey_round, town=xs.dg, form=1)
    with pytest.raises(IntegrityError):
        Submission.objects.create(survey_round=survey_round, town=xs.dg, form=1)


def test_the_database_keeps_forms_and_states_valid(xs, standard):
    survey_round = make_round(standard)
    survey_round.save()
    for fields in ({"form": 6}, {"form": 1, "state": "lost"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Submission.objects.create(survey_round=survey_round, town=xs.dg, **fields)


def test_rows_have_one_place_per_section(xs, standard):
    survey_round = make_round(standard)
    survey_round.save()
    sub = Submission.objects.create(survey_round=survey_round, town=xs.dg, form=4)
    SubmissionRow.objects.create(submission=sub, section="B", position=1)
    SubmissionRow.objects.create(submission=sub, section="main", position=1)
    with pytest.raises(IntegrityError):
        SubmissionRow.objects.create(submission=sub, section="B", position=1)


def test_the_towns_deadline_is_the_later_of_deadline_and_extension(xs, standard):
    survey_round = make_round(standard)
    sub = Submission(survey_round=survey_round, town=xs.dg, form=1, state=State.DRAFT)
    assert sub.town_deadline() == datetime.date(2024, 10, 8)
    sub.extended_until = datetime.date(2024, 10, 20)
    assert sub.town_deadline() == datetime.date(2024, 10, 20)
    assert sub.is_editable and not sub.is_locked

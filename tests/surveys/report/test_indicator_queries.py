"""The indicators are aggregates in the database: their query count doesn't grow with villages."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import Committee, Kind
from surveys import services
from surveys.models import State, Submission, SubmissionRow
from surveys.report import selectors
from surveys.report.indicators import report_indicators
from surveys.report.problems import evaluate_problems
from tests.factories import CommitteeFactory

TOWNS = 3


def compile_counting(survey_round, scope) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        found = report_indicators(survey_round, scope)
        missing = selectors.missing_forms(survey_round, scope)
        evaluate_problems(survey_round=survey_round, scope=scope, indicators=found, missing=missing)
    return found, len(queries)


def add_villages(survey_round, towns: list[Committee], per_town: int) -> None:
    """More villages in each town, with approved rows copied from the town's first village."""
    rows = []
    for town in towns:
        villages = [
            Committee(code=f"{town.code}V{n:03d}", name=f"{town.name}第{n}村", kind=Kind.VILLAGE, parent=town)
            for n in range(100, 100 + per_town)
        ]
        for village in villages:
            village.save()  # save() builds the path
        for submission in Submission.objects.filter(survey_round=survey_round, town=town, form__in=[1, 2, 3]):
            template = SubmissionRow.objects.filter(submission=submission, committee__kind=Kind.VILLAGE).first()
            last = SubmissionRow.objects.filter(submission=submission).order_by("-position").first().position
            rows += [
                SubmissionRow(
                    submission=submission,
                    committee=village,
                    section=template.section,
                    position=last + n,
                    values={**template.values, "committee_code": village.code, "committee_name": village.name},
                )
                for n, village in enumerate(villages, start=1)
            ]
    SubmissionRow.objects.bulk_create(rows)


def test_the_query_count_does_not_grow_with_villages(xs):
    towns = [xs.dg, xs.eh] + [
        CommitteeFactory(code=f"XS9{n}", name=f"合成{n}镇", kind=Kind.TOWN, parent=xs.district) for n in range(TOWNS)
    ]
    for town in towns:  # the fixture's towns have two villages; every town gets three
        for n in range(3 if town in (xs.dg, xs.eh) else 1, 4):
            CommitteeFactory(code=f"{town.code}V0{n}", name=f"{town.name}{n}村", kind=Kind.VILLAGE, parent=town)
    survey_round = services.round_open(actor=xs.admin, year=2023, deadline=datetime.date(2023, 10, 10))
    Submission.objects.filter(survey_round=survey_round).update(state=State.APPROVED)

    small, few = compile_counting(survey_round, xs.district)
    add_villages(survey_round, towns, 27)
    large, many = compile_counting(survey_round, xs.district)

    assert small["villages"]["value"] == 3 * len(towns)
    assert large["villages"]["value"] == 30 * len(towns)
    assert many == few
    assert few < 40

"""The report's 五有五好 figures from the villages' reviews (surveys/report/fhfg_reviews.py): the
round year's checks of the approved 表3's villages, and the rectifications opened, verified and
open on the report's date."""

import datetime

from evaluations.models import ItemResult, ReviewKind, ReviewResult
from evaluations.selectors import standard_in_force, standard_items
from evaluations.services import record_review
from surveys import services
from surveys.report.fhfg_reviews import review_figures
from tests.surveys.conftest import open_round, submission
from tests.surveys.forms import rows


def review(xs, committee, kind, day, result, **items):
    standard = standard_in_force(day)
    results = {item.pk: items.get(f"r{item.order}", ItemResult.MET) for item in standard_items(standard)}
    record_review(
        actor=xs.staff, committee=committee, kind=kind, day=day, standard=standard, results=results, result=result
    )


def approved_round(xs):
    survey_round = open_round(xs, 2023, deadline=datetime.date(2023, 10, 10))
    sub = submission(survey_round, xs.dg, 3)
    services.submission_save(actor=xs.staff, submission=sub, rows=rows(3))
    services.submission_submit(actor=xs.staff, submission=sub)
    services.submission_approve(actor=xs.staff, submission=sub)
    return survey_round


def test_the_figures_are_the_reviews_as_known_on_the_report_date(xs):
    survey_round = approved_round(xs)
    review(xs, xs.dg_v1, ReviewKind.LOOK_BACK, datetime.date(2023, 6, 1), ReviewResult.REGRESSED, r5="not_met")
    review(xs, xs.dg_v1, ReviewKind.SPOT_CHECK, datetime.date(2023, 11, 5), ReviewResult.IMPROVED)
    review(xs, xs.eh_v1, ReviewKind.LOOK_BACK, datetime.date(2023, 6, 1), ReviewResult.REGRESSED)  # not approved

    at_deadline = review_figures(survey_round, xs.district, datetime.date(2023, 10, 10))
    assert at_deadline["fhfg_review_lookback"] == {
        "consolidated": 0,
        "improved": 0,
        "regressed": 1,
        "not_checked": 1,
    }
    assert at_deadline["fhfg_review_regressed"] == [{"committee": "XS01V01", "name": "东港村关工委"}]
    assert at_deadline["fhfg_rectifications"] == {"opened": 1, "verified": 0, "open": 1}

    year_end = review_figures(survey_round, xs.district, datetime.date(2023, 12, 31))
    assert year_end["fhfg_review_lookback"]["improved"] == 1 and year_end["fhfg_review_regressed"] == []
    assert year_end["fhfg_rectifications"] == {"opened": 1, "verified": 1, "open": 0}


def test_villages_without_any_review_leave_the_figures_out(xs):
    assert review_figures(approved_round(xs), xs.district, datetime.date(2023, 10, 10)) == {}

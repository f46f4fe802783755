"""Form 3 and the reviews: a new round's village row is the village's reviews' (status as of the
reference date, the latest review's items, the round year's look-back, the open rectifications'
measures), a village without reviews keeps last round's values, a changed cell is marked, and an
open rectification carries its measures into the next round until a follow-up review verifies it."""

from __future__ import annotations

import datetime

from evaluations.models import FhfgStandard, ItemResult, ReviewKind, ReviewResult
from evaluations.selectors import standard_in_force, standard_items
from evaluations.services import record_review
from surveys import services
from surveys.models import SubmissionRow
from surveys.selectors import submission_form
from surveys.validation import changed_cells
from tests.surveys.conftest import open_round, submission

MEASURES = "补足活动经费，年底前由镇关工委复查"


def review(xs, committee, kind, day, result, **items):
    """A review of every item 达标 but those named by order: r5="not_met"."""
    standard = standard_in_force(day) if day >= datetime.date(2011, 1, 1) else FhfgStandard.objects.get(name="2011")
    results = {item.pk: items.get(f"r{item.order}", ItemResult.MET) for item in standard_items(standard)}
    return record_review(
        actor=xs.staff,
        committee=committee,
        kind=kind,
        day=day,
        standard=standard,
        results=results,
        result=result,
        measures=MEASURES if result == ReviewResult.REGRESSED else "",
    )


def village_row(survey_round, town, committee) -> SubmissionRow:
    return submission(survey_round, town, 3).rows.get(section="main", committee=committee)


def test_a_village_with_reviews_gets_the_row_they_give(xs):
    review(xs, xs.dg_v1, ReviewKind.CREATION, datetime.date(2010, 5, 1), ReviewResult.PASSED)
    review(xs, xs.dg_v1, ReviewKind.ACCEPTANCE, datetime.date(2016, 6, 1), ReviewResult.PASSED)
    review(xs, xs.dg_v1, ReviewKind.LOOK_BACK, datetime.date(2023, 9, 1), ReviewResult.IMPROVED, r3="partly_met")

    survey_round = open_round(xs, 2023)

    row = village_row(survey_round, xs.dg, xs.dg_v1)
    expected = {"fhfg_built": True, "built_year": 2010, "creation_round": "first", "lookback": "improved"}
    assert {key: row.values[key] for key in expected} == expected
    assert row.values["fhfg_item_3"] == "partly_met" and row.values["fhfg_item_1"] == "met"
    assert row.values.get("rectification") is None
    assert row.prefill["fhfg_item_3"] == "partly_met" and row.prefill["lookback"] == "improved"
    # A village without reviews keeps what it had (here nothing: no earlier round).
    assert "fhfg_built" not in village_row(survey_round, xs.dg, xs.dg_v2).values


def test_a_review_after_the_reference_date_is_not_read(xs):
    review(xs, xs.dg_v1, ReviewKind.CREATION, datetime.date(2010, 5, 1), ReviewResult.PASSED)
    review(xs, xs.dg_v1, ReviewKind.LOOK_BACK, datetime.date(2023, 9, 1), ReviewResult.CONSOLIDATED)

    row = village_row(open_round(xs, 2022, deadline=datetime.date(2022, 10, 8)), xs.dg, xs.dg_v1)

    assert (row.values["built_year"], row.values["lookback"]) == (2010, "not_checked")


def test_a_cell_changed_from_the_reviews_is_marked(xs):
    review(xs, xs.dg_v1, ReviewKind.CREATION, datetime.date(2019, 5, 1), ReviewResult.PASSED)
    sub = submission(open_round(xs, 2023), xs.dg, 3)
    services.submission_save(
        actor=xs.dg_secretary,
        submission=sub,
        rows={"main": [{"committee_code": "XS01V01", "lookback": "巩固"}]},
    )
    row = sub.rows.get(section="main", committee=xs.dg_v1)
    assert row.prefill["creation_round"] == "new"
    assert changed_cells(submission_form(sub).main, row.values, row.prefill) == {"lookback"}


def test_an_open_rectification_carries_its_measures_into_the_next_round(xs):
    review(xs, xs.dg_v1, ReviewKind.CREATION, datetime.date(2010, 5, 1), ReviewResult.PASSED)
    review(xs, xs.dg_v1, ReviewKind.LOOK_BACK, datetime.date(2023, 9, 1), ReviewResult.REGRESSED, r5="not_met")

    row = village_row(open_round(xs, 2023, deadline=datetime.date(2023, 10, 8)), xs.dg, xs.dg_v1)
    assert (row.values["lookback"], row.values["rectification"], row.values["fhfg_item_5"]) == (
        "regressed",
        MEASURES,
        "not_met",
    )

    # Not checked in 2024, still open: the measures carry over.
    row = village_row(open_round(xs, 2024, deadline=datetime.date(2024, 10, 8)), xs.dg, xs.dg_v1)
    assert (row.values["lookback"], row.values["rectification"]) == ("not_checked", MEASURES)

    # A follow-up review finds the item fixed: the rectification is verified, nothing carries.
    review(xs, xs.dg_v1, ReviewKind.SPOT_CHECK, datetime.date(2024, 11, 20), ReviewResult.IMPROVED)
    row = village_row(open_round(xs, 2025, deadline=datetime.date(2025, 10, 8)), xs.dg, xs.dg_v1)
    assert row.values.get("rectification") is None and row.values["fhfg_item_5"] == "met"

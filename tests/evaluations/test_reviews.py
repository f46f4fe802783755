"""Reviews, derived status and rectifications (evaluations.services / selectors)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from committees.scoping import check_evaluate, evaluable_committees, may_evaluate
from evaluations.models import (
    FhfgStandard,
    ItemResult,
    Rectification,
    RectificationState,
    ReviewKind,
    ReviewResult,
)
from evaluations.selectors import check_results, rectification_rows, standard_items, statuses
from evaluations.services import record_review, rectification_done


@pytest.fixture
def v2011(db):
    return FhfgStandard.objects.get(name="2011")


def _results(standard, **by_order):
    """Every item 达标 but those named by order: r3="not_met"."""
    return {item.pk: by_order.get(f"r{item.order}", ItemResult.MET) for item in standard_items(standard)}


def _review(xs, standard, committee, kind, day, result, **items):
    return record_review(
        actor=xs.staff,
        committee=committee,
        kind=kind,
        day=day,
        standard=standard,
        results=_results(standard, **items),
        result=result,
    )


def test_built_year_and_creation_period_come_from_the_first_pass(xs, v2011):
    _review(xs, v2011, xs.dg_v1, ReviewKind.CREATION, datetime.date(2009, 5, 1), ReviewResult.FAILED, r1="not_met")
    _review(xs, v2011, xs.dg_v1, ReviewKind.CREATION, datetime.date(2010, 6, 1), ReviewResult.PASSED)
    _review(xs, v2011, xs.dg_v1, ReviewKind.ACCEPTANCE, datetime.date(2016, 6, 1), ReviewResult.PASSED)
    _review(xs, v2011, xs.dg_v2, ReviewKind.CREATION, datetime.date(2019, 6, 1), ReviewResult.PASSED)
    ids = [xs.dg_v1.pk, xs.dg_v2.pk, xs.eh_v1.pk]
    status = statuses(ids, datetime.date(2023, 12, 31))
    assert (status[xs.dg_v1.pk].built, status[xs.dg_v1.pk].built_year, status[xs.dg_v1.pk].period) == (
        True,
        2010,
        "第一轮",
    )
    assert (status[xs.dg_v2.pk].built_year, status[xs.dg_v2.pk].period) == (2019, "新建")
    assert status[xs.eh_v1.pk].built is False and status[xs.eh_v1.pk].period == ""
    # As of a day before the pass, it was not built yet.
    assert statuses([xs.dg_v2.pk], datetime.date(2018, 12, 31))[xs.dg_v2.pk].built is False


def test_a_regression_opens_a_rectification_that_only_a_follow_up_review_closes(xs, v2011):
    review = _review(
        xs, v2011, xs.dg_v1, ReviewKind.LOOK_BACK, datetime.date(2023, 9, 1), ReviewResult.REGRESSED, r5="not_met"
    )
    rectification = Rectification.objects.get(opened_by=review)
    assert [item.name for item in rectification.items.all()] == ["有活动经费"]
    assert rectification.due_date == datetime.date(2023, 11, 30)
    status = statuses([xs.dg_v1.pk], datetime.date(2024, 1, 1))[xs.dg_v1.pk]
    assert (status.open_rectifications, status.overdue_rectifications) == (1, 1)
    assert check_results([xs.dg_v1.pk], 2023)[xs.dg_v1.pk].result == ReviewResult.REGRESSED

    rectification_done(actor=xs.dg_secretary, rectification=rectification, day=datetime.date(2023, 10, 1))
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.DONE
    assert list(rectification_rows(Rectification.objects.all(), on=datetime.date(2023, 10, 2))) == [
        rectification
    ]  # done is not closed

    # A follow-up that still finds the item short keeps it open (and opens its own).
    again = _review(
        xs, v2011, xs.dg_v1, ReviewKind.SPOT_CHECK, datetime.date(2023, 10, 15), ReviewResult.REGRESSED, r5="not_met"
    )
    rectification.refresh_from_db()
    assert rectification.state == RectificationState.DONE
    follow_up = _review(
        xs, v2011, xs.dg_v1, ReviewKind.SPOT_CHECK, datetime.date(2023, 11, 20), ReviewResult.IMPROVED, r5="partly_met"
    )
    rectification.refresh_from_db()
    assert (rectification.state, rectification.verified_by) == (RectificationState.VERIFIED, follow_up)
    assert Rectification.objects.get(opened_by=again).state == RectificationState.VERIFIED
    assert list(rectification_rows(Rectification.objects.all(), on=datetime.date(2023, 10, 2))) == []
    assert rectification.history.count() >= 3


def test_a_review_gives_every_item_and_a_result_its_kind_allows(xs, v2011):
    results = _results(v2011)
    results.pop(next(iter(results)))
    with pytest.raises(ValidationError, match="有组织班子"):
        record_review(
            actor=xs.staff,
            committee=xs.dg_v1,
            kind=ReviewKind.ACCEPTANCE,
            day=datetime.date(2017, 1, 1),
            standard=v2011,
            results=results,
            result=ReviewResult.PASSED,
        )
    with pytest.raises(ValidationError):
        _review(xs, v2011, xs.dg_v1, ReviewKind.LOOK_BACK, datetime.date(2023, 1, 1), ReviewResult.PASSED)
    with pytest.raises(ValidationError):
        _review(xs, v2011, xs.dg_v1, ReviewKind.CREATION, datetime.date(2999, 1, 1), ReviewResult.PASSED)
    assert not xs.dg_v1.fhfg_reviews.exists()


def test_a_committee_is_evaluated_from_above(xs):
    assert may_evaluate(xs.staff, xs.dg) and may_evaluate(xs.staff, xs.eh_v1)
    assert not may_evaluate(xs.staff, xs.district)
    assert may_evaluate(xs.dg_secretary, xs.dg_v1)
    assert not may_evaluate(xs.dg_secretary, xs.dg)  # a town does not verify itself
    assert not may_evaluate(xs.dg_secretary, xs.eh_v1)
    assert not may_evaluate(xs.viewer, xs.dg_v1)
    assert set(evaluable_committees(xs.dg_secretary)) == {xs.dg_v1, xs.dg_v2, xs.dg_school}
    with pytest.raises(Http404):
        check_evaluate(xs.dg_secretary, xs.eh_v1)
    with pytest.raises(PermissionDenied):
        check_evaluate(xs.dg_secretary, xs.dg)

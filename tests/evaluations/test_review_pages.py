"""The review pages: recording a review (a grid of results per item), a committee's review history,
the rectifications list and a rectification's page with its report of done; the committee page's
panel and the town secretary's home page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from evaluations.models import ItemResult, Rectification, RectificationState, Review, ReviewKind, ReviewResult
from evaluations.selectors import standard_in_force, standard_items
from tests.evaluations.helpers import regression

DAY = datetime.date(2024, 6, 1)


def review_data(day: datetime.date, kind: str, result: str, **items) -> dict:
    """A POST of the review form with the version in force on `day`: every item 达标 but those named
    by order (r5="not_met")."""
    standard = standard_in_force(day)
    data = {"kind": kind, "date": day.isoformat(), "standard": str(standard.pk), "result": result}
    for item in standard_items(standard):
        data[f"item_{item.pk}"] = items.get(f"r{item.order}", ItemResult.MET)
    return data


def create_url(committee) -> str:
    return reverse("evaluations:review_create", kwargs={"committee_pk": committee.pk})


def test_staff_record_a_regression_that_opens_a_rectification(xs, client_for):
    data = review_data(DAY, ReviewKind.LOOK_BACK, ReviewResult.REGRESSED, r5=ItemResult.NOT_MET)
    data.update(due_date="2024-09-01", measures="落实经费")
    response = client_for(xs.staff).post(create_url(xs.dg_v1), data)

    assert response.status_code == 302
    review = Review.objects.get(committee=xs.dg_v1)
    assert (review.kind, review.result, review.recorded_by) == (ReviewKind.LOOK_BACK, ReviewResult.REGRESSED, xs.staff)
    rectification = Rectification.objects.get(opened_by=review)
    assert [i.name for i in rectification.items.all()] == ["有活动经费"]
    assert (rectification.due_date, rectification.measures) == (datetime.date(2024, 9, 1), "落实经费")


def test_a_result_the_kind_does_not_give_is_refused_and_nothing_saved(xs, client_for):
    data = review_data(DAY, ReviewKind.LOOK_BACK, ReviewResult.PASSED)
    response = client_for(xs.staff).post(create_url(xs.dg_v1), data)

    assert response.status_code == 200
    assert "此类检查不能给出这一结果" in response.content.decode()
    assert not Review.objects.exists()


def test_the_form_shows_a_grid_of_the_versions_items(xs, client_for):
    response = client_for(xs.dg_secretary).get(create_url(xs.dg_v1))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('type="radio"') == 3 * 10  # 达标 / 基本达标 / 未达标 for each of the ten items
    assert "有活动经费" in body and "基本达标" in body


@pytest.mark.parametrize(
    ("user", "committee", "status"),
    [
        ("dg_secretary", "dg", 403),  # a town is reviewed from above, never by itself
        ("dg_secretary", "eh_v1", 404),
        ("viewer", "dg_v1", 403),
        ("eh_secretary", "eh_v1", 200),
        ("staff", "dg", 200),
    ],
)
def test_who_may_record_a_review(xs, client_for, user, committee, status):
    assert client_for(getattr(xs, user)).get(create_url(getattr(xs, committee))).status_code == status


def test_the_history_shows_every_review_with_its_results(xs, client_for):
    regression(xs.staff, xs.dg_v1, DAY)
    url = reverse("evaluations:review_history", kwargs={"committee_pk": xs.dg_v1.pk})
    body = client_for(xs.viewer).get(url).content.decode()

    assert "回头看" in body and "退化" in body
    assert "有活动经费：未达标" in body and "有组织班子：达标" in body
    assert "记录检查" not in body  # a viewer records nothing


def test_the_list_filters_by_state_and_town_in_the_readers_scope(xs, client_for, django_assert_max_num_queries):
    regression(xs.staff, xs.dg_v1, DAY, due=datetime.date(2024, 7, 1))
    regression(xs.staff, xs.dg_v2, datetime.date.today(), due=datetime.date.today() + datetime.timedelta(days=30))
    regression(xs.staff, xs.eh_v1, DAY)
    url = reverse("evaluations:rectification_list")
    staff = client_for(xs.staff)

    with django_assert_max_num_queries(12):
        body = staff.get(url).content.decode()
    assert body.count("data-rectification=") == 3
    assert staff.get(url, {"state": "overdue"}).content.decode().count("data-rectification=") == 2
    assert staff.get(url, {"town": xs.eh.pk}).content.decode().count("data-rectification=") == 1
    secretary = client_for(xs.dg_secretary).get(url).content.decode()
    assert secretary.count("data-rectification=") == 2 and "甘露村" not in secretary


def test_the_list_runs_the_same_queries_for_many_rectifications(xs, client_for, django_assert_max_num_queries):
    for village in (xs.dg_v1, xs.dg_v2, xs.eh_v1, xs.eh_v2):
        regression(xs.staff, village, DAY)
        regression(xs.staff, village, DAY + datetime.timedelta(days=1))
    staff = client_for(xs.staff)
    with django_assert_max_num_queries(12):
        response = staff.get(reverse("evaluations:rectification_list"), {"state": "all"})
    assert response.content.decode().count("data-rectification=") == 8


def test_a_town_secretary_reports_its_towns_own_rectification_done_and_it_stays_open(xs, client_for):
    rectification = regression(xs.staff, xs.dg, DAY)
    done = reverse("evaluations:rectification_done", kwargs={"pk": rectification.pk})
    page = reverse("evaluations:rectification", kwargs={"pk": rectification.pk})
    assert client_for(xs.viewer).post(done, {"day": "2024-08-01"}).status_code == 403
    assert client_for(xs.eh_secretary).post(done, {"day": "2024-08-01"}).status_code == 404
    secretary = client_for(xs.dg_secretary)  # one test client, logged in as each user in turn

    body = secretary.get(page).content.decode()
    assert "报告整改完成" in body and "记录复查" not in body  # its own town: done yes, review no
    assert secretary.post(done, {"day": "2024-08-01", "measures": "已落实"}).status_code == 302

    rectification.refresh_from_db()
    assert (rectification.state, rectification.done_on) == (RectificationState.DONE, datetime.date(2024, 8, 1))
    assert "只有复查认定其条目达标后" in client_for(xs.staff).get(page).content.decode()
    assert "记录复查" in client_for(xs.staff).get(page).content.decode()


def test_a_follow_up_review_on_the_page_verifies_it(xs, client_for):
    rectification = regression(xs.staff, xs.dg_v1, DAY)
    data = review_data(DAY + datetime.timedelta(days=60), ReviewKind.SPOT_CHECK, ReviewResult.IMPROVED)
    assert client_for(xs.dg_secretary).post(create_url(xs.dg_v1), data).status_code == 302

    rectification.refresh_from_db()
    assert rectification.state == RectificationState.VERIFIED


def test_the_committee_page_and_the_town_home_show_open_rectifications(xs, client_for):
    regression(xs.staff, xs.dg_v1, DAY)
    secretary = client_for(xs.dg_secretary)

    panel = secretary.get(reverse("committees:detail", kwargs={"pk": xs.dg_v1.pk})).content.decode()
    assert 'id="fhfg"' in panel and "有活动经费" in panel and "逾期1项" in panel
    home = secretary.get(reverse("home")).content.decode()
    assert 'id="rectifications"' in home and "东港村关工委" in home and "未完成：1项；其中逾期：1项" in home
    assert "东港村关工委" not in client_for(xs.eh_secretary).get(reverse("home")).content.decode()


def test_the_lists_state_tabs_name_the_rectifications_states(xs, client_for):
    """The tabs read 未销号 / 已逾期 / 全部 — not the committees' "Open" (正常)."""
    page = client_for(xs.staff).get(reverse("evaluations:rectification_list")).content.decode()
    tabs = page.split('class="state-tabs"')[1].split("</nav>")[0]
    assert "未销号" in tabs and "已逾期" in tabs and "全部" in tabs
    assert "正常" not in tabs

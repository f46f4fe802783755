"""In-portal notices (the bell in the header): a town's secretaries are told of returns,
reopenings, approvals and extensions of their town's forms, email address or not; each user sees
only their own; opening the notices page marks them read."""

import datetime

from django.urls import reverse

from surveys import services
from surveys.models import Notice, Step
from tests.surveys.conftest import submitted


def test_return_approve_and_extend_notify_the_towns_secretary_without_an_address(xs, survey_round):
    assert xs.dg_secretary.email == ""
    services.submission_return(actor=xs.staff, submission=submitted(survey_round, xs.dg, 2), reason="表2人数不对")
    services.submissions_approve(actor=xs.staff, submissions=[submitted(survey_round, xs.dg, 1)])
    until = survey_round.deadline + datetime.timedelta(days=5)
    services.town_extend(actor=xs.staff, survey_round=survey_round, town=xs.dg, until=until)

    notices = Notice.objects.filter(user=xs.dg_secretary).select_related("transition").order_by("pk")
    assert [n.transition.action for n in notices] == [Step.RETURN, Step.APPROVE, Step.EXTEND]
    assert all(n.read_at is None for n in notices)
    assert not Notice.objects.exclude(user=xs.dg_secretary).exists()  # 鹅湖镇's secretary, staff: none


def test_the_bell_shows_the_unread_count_in_one_query(xs, survey_round, client_for, django_assert_max_num_queries):
    client = client_for(xs.dg_secretary)
    page = client.get(reverse("surveys:round_list")).content.decode()
    assert "bell-count" not in page
    services.submission_return(actor=xs.staff, submission=submitted(survey_round, xs.dg, 2), reason="请改")
    services.submission_return(actor=xs.staff, submission=submitted(survey_round, xs.dg, 4), reason="请改")

    from surveys.context_processors import notices

    request = client.get(reverse("surveys:round_list")).wsgi_request
    with django_assert_max_num_queries(1):
        assert str(notices(request)["unread_notices"]) == "2"
    page = client.get(reverse("surveys:round_list")).content.decode()
    assert '<span class="bell-count">2</span>' in page
    assert reverse("surveys:notice_list") in page


def test_the_notices_page_lists_the_users_own_and_marks_them_read(xs, survey_round, client_for):
    services.submission_return(actor=xs.staff, submission=submitted(survey_round, xs.dg, 2), reason="东港表2请改")
    services.submission_return(actor=xs.staff, submission=submitted(survey_round, xs.eh, 2), reason="鹅湖表2请改")

    page = client_for(xs.dg_secretary).get(reverse("surveys:notice_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "东港表2请改" in body and "notice-unread" in body
    assert "鹅湖表2请改" not in body
    assert not Notice.objects.filter(user=xs.dg_secretary, read_at__isnull=True).exists()
    assert Notice.objects.filter(user=xs.eh_secretary, read_at__isnull=True).count() == 1  # not someone else's

    again = client_for(xs.dg_secretary).get(reverse("surveys:notice_list")).content.decode()
    assert "东港表2请改" in again and "notice-unread" not in again
    assert "bell-count" not in again


def test_staff_without_notices_see_an_empty_page(xs, survey_round, client_for):
    services.submission_return(actor=xs.staff, submission=submitted(survey_round, xs.dg, 2), reason="请改")
    body = client_for(xs.staff).get(reverse("surveys:notice_list")).content.decode()
    assert "请改" not in body

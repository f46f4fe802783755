"""The home page (工作台): each role is told what to do next in the open round."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Job
from surveys import services
from surveys.models import State, Submission, TownExtension
from surveys.report.models import ReportRun
from tests.surveys.conftest import fill_and_submit, submission, today
from tests.surveys.test_completeness_queries import add_towns

HOME = reverse("home")


@pytest.fixture
def returned(xs, survey_round):
    """东港镇's form 2, submitted by its secretary and returned by staff with a reason."""
    sub = fill_and_submit(xs.dg_secretary, submission(survey_round, xs.dg, 2))
    return services.submission_return(actor=xs.staff, submission=sub, reason="请补充第3行的联系电话")


def page(client) -> str:
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_home_is_a_page_not_a_redirect_to_the_tree(xs, client_for):
    response = client_for(xs.viewer).get(HOME)
    assert response.status_code == 200
    assert "surveys/home.html" in [t.name for t in response.templates]


def test_home_asks_an_anonymous_user_to_log_in(client):
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_logging_in_lands_on_the_home_page(xs, client):
    xs.dg_secretary.set_password("Xishan-test-2024")
    xs.dg_secretary.save()
    response = client.post(reverse("login"), {"username": "dg_secretary", "password": "Xishan-test-2024"})
    assert response.status_code == 302 and response.url == HOME


def test_the_secretary_sees_their_forms_with_state_deadline_and_links(xs, client_for, survey_round):
    response = client_for(xs.dg_secretary).get(HOME)
    forms = response.context["forms"]
    assert [s.form for s in forms] == survey_round.enabled_forms
    assert {s.town_id for s in forms} == {xs.dg.pk}
    html = response.content.decode()
    for s in forms:
        assert reverse("surveys:submission_detail", args=[s.pk]) in html
    assert "30 天" in html  # days left before the round's deadline
    assert "鹅湖镇" not in html


def test_the_secretary_sees_what_was_returned_and_why(xs, client_for, returned):
    html = page(client_for(xs.dg_secretary))
    assert "请补充第3行的联系电话" in html
    assert 'data-state="returned"' in html


def test_an_overdue_form_says_so_and_an_extension_counts(xs, client_for, survey_round):
    Submission.objects.filter(survey_round=survey_round).update(state=State.DRAFT)
    survey_round.deadline = today() - datetime.timedelta(days=2)
    survey_round.opened_on = today() - datetime.timedelta(days=40)
    survey_round.save()
    client = client_for(xs.dg_secretary)
    assert page(client).count("已逾期") == len(survey_round.enabled_forms)
    TownExtension.objects.create(
        survey_round=survey_round,
        town=xs.dg,
        until=today() + datetime.timedelta(days=5),
        granted_by=xs.staff,
        granted_at=timezone.now(),
    )
    html = page(client)
    assert html.count("已逾期") == 0  # one extension for the town's forms
    assert "5 天" in html


def test_staff_see_counts_the_review_queue_oldest_first_and_overdue_towns(xs, client_for, survey_round):
    subs = list(Submission.objects.filter(survey_round=survey_round, form=1).order_by("town__code"))
    now = datetime.datetime(2024, 9, 20, 10, tzinfo=datetime.UTC)
    for i, sub in enumerate(subs):  # 东港镇 submitted later than 鹅湖镇
        sub.state = State.SUBMITTED
        sub.last_submitted_at = now - datetime.timedelta(days=i)
        sub.save()
    Submission.objects.filter(survey_round=survey_round, town=xs.eh).exclude(form=1).update(state=State.APPROVED)
    survey_round.deadline = today() - datetime.timedelta(days=1)
    survey_round.opened_on = today() - datetime.timedelta(days=40)
    survey_round.save()
    response = client_for(xs.staff).get(HOME)
    counts = response.context["counts"]
    forms = len(survey_round.enabled_forms)
    assert counts["submitted"] == 2 and counts["approved"] == forms - 1 and counts["draft"] == forms - 1
    assert counts["overdue"] == forms - 1
    assert [s.town_id for s in response.context["waiting"]] == [xs.eh.pk, xs.dg.pk]
    assert [t["town_id"] for t in response.context["overdue"]] == [xs.dg.pk]
    assert "jobs" not in response.context  # the admin's panels only


def test_a_form_opened_from_the_review_queue_goes_back_to_it_once_reviewed(xs, client_for, survey_round):
    sub = fill_and_submit(xs.dg_secretary, submission(survey_round, xs.dg, 2))
    client = client_for(xs.staff)
    detail = f"{reverse('surveys:submission_detail', args=[sub.pk])}?next=/"
    assert f'href="{detail}"' in page(client)

    response = client.post(reverse("surveys:submission_return", args=[sub.pk]), {"reason": "请核对", "next": "/"})

    assert response.status_code == 302 and response.url == HOME


def test_staff_see_the_latest_report_run(xs, client_for, survey_round):
    ReportRun.objects.create(survey_round=survey_round, scope=xs.district, started_by=xs.staff)
    latest = ReportRun.objects.create(survey_round=survey_round, scope=xs.dg, started_by=xs.staff)
    response = client_for(xs.staff).get(HOME)
    assert response.context["latest_run"] == latest
    assert reverse("surveys:report_run", args=[latest.pk]) in response.content.decode()


def test_the_admin_also_sees_open_jobs_and_failed_runs(xs, client_for, survey_round):
    running = Job.objects.create(kind="district_summary", committee=xs.district, status=Job.Status.RUNNING)
    Job.objects.create(kind="district_summary", committee=xs.district, status=Job.Status.DONE)
    failed = ReportRun.objects.create(
        survey_round=survey_round, scope=xs.district, status=ReportRun.Status.FAILED, error="boom"
    )
    ReportRun.objects.create(survey_round=survey_round, scope=xs.district, status=ReportRun.Status.DONE)
    response = client_for(xs.admin).get(HOME)
    assert response.context["jobs"] == [running]
    assert response.context["failed_runs"] == [failed]
    html = response.content.decode()
    assert reverse("committees:job_detail", args=[running.pk]) in html
    assert "district_summary" not in html
    staff = client_for(xs.staff).get(HOME)
    assert reverse("committees:job_detail", args=[running.pk]) not in staff.content.decode()


@pytest.mark.parametrize("who", ["viewer", "dg_viewer"])
def test_a_viewer_sees_progress_and_no_write_control(xs, client_for, survey_round, who):
    response = client_for(getattr(xs, who)).get(HOME)
    html = response.content.decode()
    forms = len(survey_round.enabled_forms)
    expected = forms if who == "dg_viewer" else 2 * forms
    assert response.context["counts"]["total"] == expected
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<form" not in main and "<button" not in main and "<input" not in main
    assert "/upload/" not in main and "/submit/" not in main
    assert "waiting" not in response.context and "forms" not in response.context


def test_a_secretary_sees_only_their_town(xs, client_for, survey_round, returned):
    html = page(client_for(xs.eh_secretary))
    assert "请补充第3行的联系电话" not in html
    ids = {s.town_id for s in client_for(xs.eh_secretary).get(HOME).context["forms"]}
    assert ids == {xs.eh.pk}


def test_without_an_open_round_the_page_says_so(xs, client_for):
    assert "没有正在进行的调查" in page(client_for(xs.dg_secretary))


def test_the_committee_page_shows_the_registered_survey_panel(xs, client_for, returned):
    html = client_for(xs.dg_viewer).get(reverse("committees:detail", args=[xs.dg.pk])).content.decode()
    assert "survey-panel" in html and "请补充第3行的联系电话" in html
    assert reverse("surveys:submission_detail", args=[returned.pk]) in html
    village = client_for(xs.dg_viewer).get(reverse("committees:detail", args=[xs.dg_v1.pk])).content.decode()
    assert "survey-panel" not in village  # a village has no forms of its own


# Bounded queries: the same for the xs district as for 100 more towns. ---------------------

# session, user, roles, the notices bell, round, … (a secretary: and the town's rectifications, counted and listed)
MAX_QUERIES = {"admin": 12, "staff": 9, "dg_secretary": 9, "viewer": 6}


@pytest.mark.parametrize("who", sorted(MAX_QUERIES))
def test_the_home_page_costs_the_same_for_2_and_102_towns(
    xs, client_for, survey_round, django_assert_max_num_queries, who
):
    client = client_for(getattr(xs, who))
    with django_assert_max_num_queries(MAX_QUERIES[who]) as few:
        page(client)
    add_towns(xs, survey_round, 1, 100)
    with django_assert_max_num_queries(MAX_QUERIES[who]) as many:
        page(client)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_district_page_shows_the_round_s_counts(xs, client_for, survey_round):
    response = client_for(xs.staff).get(reverse("committees:detail", args=[xs.district.pk]))
    html = response.content.decode()
    assert "survey-panel" in html
    assert reverse("surveys:completeness", args=[survey_round.year]) in html
    (panel,) = [p for t, p in response.context["panels"] if t == "surveys/_committee_panel.html"]
    assert panel["counts"]["total"] == 2 * len(survey_round.enabled_forms)


def test_a_registered_panel_is_rendered_and_one_with_nothing_to_show_is_left_out(xs, client_for, monkeypatch):
    from committees import panels

    monkeypatch.setattr(panels, "PANELS", {})
    panels.register(panels.Panel("empty", "surveys/_committee_panel.html", lambda request, committee: None))
    panels.register(panels.Panel("one", "surveys/_counts.html", lambda request, committee: {"n": committee.pk}, 5))
    response = client_for(xs.viewer).get(reverse("committees:detail", args=[xs.dg.pk]))
    assert response.context["panels"] == [("surveys/_counts.html", {"n": xs.dg.pk})]
    assert 'class="counts"' in response.content.decode()

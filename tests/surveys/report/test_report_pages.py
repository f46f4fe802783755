"""The report pages: a round's runs with the start form, a run's live progress then its
downloads, a failed run's error and "Run again", downloading a file, the HTML report page."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from surveys.report import runs, tasks
from surveys.report.models import ReportRun
from tests.surveys.conftest import fill, open_round, submission

pytestmark = pytest.mark.usefixtures("media_root")

ALL_FORMATS = ["xlsx", "docx", "html", "json"]


@pytest.fixture
def survey_round(xs):
    survey_round = open_round(xs, 2023)
    # One approved form, so that the report has a town's rows to show.
    sub = submission(survey_round, xs.dg, 1)
    type(sub).objects.filter(pk=sub.pk).update(state="approved")
    return survey_round


@pytest.fixture
def queued(monkeypatch):
    """The run ids sent to the worker (the tests execute the runs themselves)."""
    sent: list[int] = []
    monkeypatch.setattr(tasks.compile_report, "delay", sent.append)
    return sent


def start(client, scope, formats=ALL_FORMATS, year=2023):
    return client.post(reverse("surveys:report_runs", kwargs={"year": year}), {"scope": scope.pk, "formats": formats})


def run_url(name: str, run: ReportRun) -> str:
    return reverse(f"surveys:{name}", kwargs={"pk": run.pk})


def test_staff_start_a_run_and_land_on_its_page(xs, client_for, survey_round, queued):
    response = start(client_for(xs.staff), xs.district)

    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == run_url("report_run", run)
    assert (run.scope, run.started_by, run.status, run.formats) == (xs.district, xs.staff, "queued", ALL_FORMATS)


def test_the_form_checks_every_format_and_offers_the_district_first(xs, client_for, survey_round):
    body = client_for(xs.staff).get(reverse("surveys:report_runs", kwargs={"year": 2023})).content.decode()

    for fmt in ALL_FORMATS:
        assert f'value="{fmt}"' in body
    assert body.count("checked") == len(ALL_FORMATS)
    options = body[body.index('name="scope"') :]
    assert options.index(xs.district.name) < options.index(xs.dg.name) < options.index(xs.eh.name)


def test_a_secretary_is_offered_their_own_town_only(xs, client_for, survey_round):
    body = client_for(xs.dg_secretary).get(reverse("surveys:report_runs", kwargs={"year": 2023})).content.decode()

    assert f'<option value="{xs.dg.pk}"' in body
    assert f'<option value="{xs.district.pk}"' not in body and f'<option value="{xs.eh.pk}"' not in body


def test_a_viewer_gets_no_start_form(xs, client_for, survey_round):
    body = client_for(xs.viewer).get(reverse("surveys:report_runs", kwargs={"year": 2023})).content.decode()

    assert 'name="scope"' not in body


def test_no_format_is_a_form_error(xs, client_for, survey_round, queued):
    response = start(client_for(xs.staff), xs.district, formats=[])

    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not ReportRun.objects.exists()


def test_an_unknown_year_is_not_found(xs, client_for, survey_round):
    assert client_for(xs.staff).get(reverse("surveys:report_runs", kwargs={"year": 1999})).status_code == 404


def test_the_run_page_polls_the_progress_while_queued(xs, client_for, survey_round, queued):
    client = client_for(xs.staff)
    start(client, xs.district)
    run = ReportRun.objects.get()

    body = client.get(run_url("report_run", run)).content.decode()
    progress = client.get(run_url("report_run_progress", run), headers={"HX-Request": "true"})

    polling = f'hx-get="{run_url("report_run_progress", run)}" hx-trigger="every 1s"'
    assert polling in body and 'data-status="queued"' in body
    assert "data-format=" not in body  # no download yet
    assert polling in progress.content.decode() and "HX-Refresh" not in progress


def test_the_run_page_shows_the_downloads_once_done(xs, client_for, survey_round, queued):
    client = client_for(xs.staff)
    start(client, xs.district)
    run = ReportRun.objects.get()
    runs.report_run_execute(run)

    progress = client.get(run_url("report_run_progress", run), headers={"HX-Request": "true"})
    body = client.get(run_url("report_run", run)).content.decode()

    assert progress["HX-Refresh"] == "true" and "hx-get" not in progress.content.decode()
    assert "hx-get" not in body and 'data-status="done"' in body
    for stored in run.files.all():
        assert reverse("surveys:report_file", kwargs={"pk": stored.pk}) in body
    assert sorted(run.files.values_list("format", flat=True)) == sorted(ALL_FORMATS)
    assert run_url("report_page", run) in body


def test_a_file_downloads_with_its_bytes_and_a_chinese_name(xs, client_for, survey_round, queued):
    client = client_for(xs.staff)
    start(client, xs.district)
    run = ReportRun.objects.get()
    runs.report_run_execute(run)
    stored = run.files.get(format="xlsx")

    response = client.get(reverse("surveys:report_file", kwargs={"pk": stored.pk}))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored.file.open("rb").read()
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert f"filename*=UTF-8''{quote(xs.district.name + '调研报告-2023.xlsx')}" in disposition


def test_a_failed_run_shows_its_error_and_runs_again(xs, client_for, survey_round, queued, monkeypatch):
    def broken(report):
        raise ValueError("no such sheet: 汇总")

    client = client_for(xs.staff)
    start(client, xs.district, formats=["xlsx"])
    failed = ReportRun.objects.get()
    with monkeypatch.context() as patch:
        patch.setattr(runs, "builder_for", lambda fmt: broken)
        runs.report_run_execute(failed)

    body = client.get(run_url("report_run", failed)).content.decode()
    # The program's error stays in the run's row and the log; the user reads what to do.
    assert failed.error == "ValueError: no such sheet: 汇总"
    assert "程序出错，任务已中止" in body and "ValueError" not in body
    assert "hx-get" not in body and run_url("report_run_retry", failed) in body

    response = client.post(run_url("report_run_retry", failed))

    again = ReportRun.objects.exclude(pk=failed.pk).get()
    assert response.status_code == 302 and response.url == run_url("report_run", again)
    assert (again.status, again.scope, again.formats, again.started_by) == (
        "queued",
        xs.district,
        failed.formats,
        xs.staff,
    )


def test_the_report_page_shows_the_report_with_its_charts(xs, client_for, survey_round, queued):
    # A 表4 with its backbone in four age bands: a chart of one category (or none) is not drawn.
    form4 = submission(survey_round, xs.dg, 4)
    fill(xs.dg_secretary, form4)
    type(form4).objects.filter(pk=form4.pk).update(state="approved")
    client = client_for(xs.staff)
    start(client, xs.district, formats=["json"])
    run = ReportRun.objects.get()
    runs.report_run_execute(run)

    body = client.get(run_url("report_page", run)).content.decode()

    assert "主要指标" in body and "data-report-chart" in body
    assert "vendor/echarts/echarts.min.js" in body and "js/report-charts.js" in body


def test_the_report_page_of_an_unfinished_run_goes_to_the_run(xs, client_for, survey_round, queued):
    client = client_for(xs.staff)
    start(client, xs.district)
    run = ReportRun.objects.get()

    response = client.get(run_url("report_page", run))

    assert response.status_code == 302 and response.url == run_url("report_run", run)


def test_the_history_lists_the_rounds_runs_newest_first(xs, client_for, survey_round, queued):
    client = client_for(xs.staff)
    start(client, xs.district)
    start(client, xs.dg)
    first, second = ReportRun.objects.order_by("pk")
    other_round = open_round(xs, 2024)
    ReportRun.objects.create(survey_round=other_round, scope=xs.district, started_by=xs.staff)

    body = client.get(reverse("surveys:report_runs", kwargs={"year": 2023})).content.decode()

    assert body.count("<tr data-run=") == 2
    assert body.index(f'data-run="{second.pk}"') < body.index(f'data-run="{first.pk}"')


@pytest.mark.parametrize("role", ["staff", "dg_secretary", "viewer"])
def test_the_completeness_page_links_to_the_reports_for_every_reader(xs, client_for, survey_round, role):
    # A viewer reads the reports too, without the start form.
    body = client_for(getattr(xs, role)).get(reverse("surveys:completeness", kwargs={"year": 2023})).content.decode()

    assert body.count(reverse("surveys:report_runs", kwargs={"year": 2023})) == 1


def test_a_run_is_numbered_among_the_runs_of_its_round_and_scope(xs, client_for, survey_round, queued):
    """ "第2次生成" read the run's database id: the first run of 东港镇 after two of the district
    was shown as the third."""
    client = client_for(xs.staff)
    start(client, xs.district)
    start(client, xs.district)
    start(client, xs.dg)
    town_run = ReportRun.objects.get(scope=xs.dg)
    assert town_run.pk > 1  # its id is not its number
    assert "第1次生成" in client.get(run_url("report_run", town_run)).content.decode()
    runs_page = client.get(reverse("surveys:report_runs", kwargs={"year": 2023})).content.decode()
    row = runs_page[runs_page.index(f'data-run="{town_run.pk}"') :].split("</tr>")[0]
    assert ">1</a>" in row

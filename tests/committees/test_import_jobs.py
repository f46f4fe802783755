"""Imports of more than 1,000 rows go through background jobs (run inline here): the preview, then
the confirm; the job page polls its progress with htmx and falls back to a refresh without it."""

import pytest
from django.urls import reverse

from committees import services
from committees.excel import build_workbook
from committees.imports import TABLES
from committees.imports.background import JOB_ROWS
from committees.models import Job, Person, Volunteer
from tests.committees.test_import_helpers import confirm, media_root, snapshot, upload  # noqa: F401
from xishan_portal.celery import app as celery_app

pytestmark = pytest.mark.usefixtures("media_root")
ROWS = JOB_ROWS + 50


@pytest.fixture
def eager(django_capture_on_commit_callbacks):
    """Queued jobs run at once, in the test's process and transaction."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield django_capture_on_commit_callbacks
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def progress(monkeypatch):
    seen: list[tuple[int, int]] = []
    original = services.job_progress

    def spy(*, job, progress, stage=""):
        seen.append((job.pk, progress))
        original(job=job, progress=progress, stage=stage)

    monkeypatch.setattr(services, "job_progress", spy)
    return seen


def big_workbook(xs) -> bytes:
    villages = [xs.dg_v1, xs.dg_v2]
    rows = [
        {
            "committee_code": villages[i % 2].code,
            "committee_name": villages[i % 2].name,
            "name": f"大批志愿者{i}",
            "birth_year": 1940 + i % 40,
            "category": "老教师",
            "layer": "参与层",
        }
        for i in range(ROWS)
    ]
    return build_workbook([(TABLES["volunteers"].spec(), rows)])


def test_a_big_volunteer_file_is_previewed_and_applied_by_jobs(xs, client_for, eager, progress, media_root):  # noqa: F811
    client = client_for(xs.dg_secretary)
    before = snapshot()
    with eager(execute=True):
        response = upload(client, "volunteers", big_workbook(xs))
    plan_job = Job.objects.get(kind="import_plan")
    assert response.status_code == 302 and response.url == reverse("imports:job", kwargs={"pk": plan_job.pk})
    assert plan_job.status == Job.Status.DONE and plan_job.created_by == xs.dg_secretary
    assert plan_job.committee == xs.dg
    summary = plan_job.result["summary"]
    assert summary["ok"] and summary["counts"]["new"] == ROWS
    moves = [p for pk, p in progress if pk == plan_job.pk]
    assert len(set(moves)) >= 5 and moves == sorted(moves)  # the bar moved while the rows were checked
    assert snapshot() == before  # a preview writes nothing

    page = client.get(response.url)
    body = page.content.decode()
    assert "确认导入" in body or "Confirm import" in body
    assert f"{ROWS}" in body

    with eager(execute=True):
        confirmed = confirm(client, "volunteers")
    apply_job = Job.objects.get(kind="import_apply")
    assert confirmed.status_code == 302 and confirmed.url == reverse("imports:job", kwargs={"pk": apply_job.pk})
    assert apply_job.status == Job.Status.DONE, apply_job.error
    assert apply_job.result["applied"] is True
    assert Volunteer.objects.filter(committee__in=[xs.dg_v1, xs.dg_v2]).count() == ROWS
    assert Person.objects.filter(code__startswith="XSP").count() == ROWS
    assert Volunteer.history.filter(history_user=xs.dg_secretary).count() == ROWS
    assert [p for p in (media_root / "imports").iterdir()] == []  # the kept file went with the apply
    done = client.get(confirmed.url).content.decode()
    assert "新增 1050 行" in done or "1050 new" in done

    with eager(execute=True):
        assert confirm(client, "volunteers").status_code == 302  # nothing left to confirm
    assert Job.objects.filter(kind="import_apply").count() == 1


def test_a_big_file_with_errors_cannot_be_confirmed(xs, client_for, eager, media_root):  # noqa: F811
    client = client_for(xs.eh_secretary)  # the file is 东港's: every row is out of scope
    with eager(execute=True):
        response = upload(client, "volunteers", big_workbook(xs))
    job = Job.objects.get(kind="import_plan")
    assert job.result["summary"]["counts"]["errors"] == ROWS
    assert len(job.result["summary"]["errors"]) == 1000  # the page shows the first thousand
    page = client.get(response.url).content.decode()
    assert "确认导入" not in page and "Confirm import" not in page
    assert not [p for p in media_root.rglob("*") if p.is_file()]
    with eager(execute=True):
        confirm(client, "volunteers")
    assert not Job.objects.filter(kind="import_apply").exists()


def test_the_job_page_polls_with_htmx_and_refreshes_without_javascript(xs, client_for):
    job = Job.objects.create(
        kind="import_plan", committee=xs.dg, created_by=xs.dg_secretary, params={"table": "volunteers", "file": "x"}
    )
    client = client_for(xs.dg_secretary)
    url = reverse("imports:job", kwargs={"pk": job.pk})
    body = client.get(url).content.decode()
    assert "vendor/htmx/htmx.min.js" in body
    assert f'hx-get="{url}"' in body and 'hx-trigger="every 1s"' in body
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in body

    services.job_progress(job=job, progress=42, stage="检查")
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and 'value="42"' in partial.content.decode()
    assert "HX-Refresh" not in partial.headers

    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, progress=100, result={"summary": None})
    finished = client.get(url, HTTP_HX_REQUEST="true")
    assert finished.headers["HX-Refresh"] == "true" and "hx-get" not in finished.content.decode()


def test_the_summary_job_page_polls_with_htmx_too(xs, client_for):
    job = Job.objects.create(kind="district_summary", committee=xs.dg, created_by=xs.admin)
    client = client_for(xs.admin)
    url = reverse("committees:job_detail", kwargs={"pk": job.pk})
    assert f'hx-get="{url}"' in client.get(url).content.decode()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, progress=100, result={"towns": 2})
    assert client.get(url, HTTP_HX_REQUEST="true").headers["HX-Refresh"] == "true"

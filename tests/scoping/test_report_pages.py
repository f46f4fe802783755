"""Role × run matrix for the report pages: a district run and a 东港镇 run, each done with a
file. Out of the reader's scope: 404 (district files answer 404 to town secretaries); readable
but not compilable: 403; a refused POST creates nothing."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from surveys.report import tasks
from surveys.report.models import ReportFile, ReportRun
from tests.scoping.matrix import ROLES
from tests.surveys.conftest import open_round

RUNS = ["district", "dg"]
READS_RUN = {
    "admin": {"district", "dg"},
    "staff": {"district", "dg"},
    "dg_secretary": {"dg"},
    "eh_secretary": set(),
    "viewer": {"district", "dg"},
    "dg_viewer": {"dg"},
}
SCOPES = ["district", "dg", "eh"]
READS_SCOPE = {
    "admin": {"district", "dg", "eh"},
    "staff": {"district", "dg", "eh"},
    "dg_secretary": {"dg"},
    "eh_secretary": {"eh"},
    "viewer": {"district", "dg", "eh"},
    "dg_viewer": {"dg"},
}
COMPILES = {
    "admin": {"district", "dg", "eh"},
    "staff": {"district", "dg", "eh"},
    "dg_secretary": {"dg"},
    "eh_secretary": {"eh"},
    "viewer": set(),
    "dg_viewer": set(),
}


def expected(role: str, scope: str, ok: int, reads: dict = READS_RUN) -> int:
    if scope not in reads[role]:
        return 404
    return ok if scope in COMPILES[role] else 403


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def queued(monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(tasks.compile_report, "delay", sent.append)
    return sent


@pytest.fixture
def done_runs(xs) -> dict[str, ReportRun]:
    """A finished run with its JSON file for the district and for 东港镇."""
    survey_round = open_round(xs, 2023)
    made = {}
    for name in RUNS:
        scope = getattr(xs, name)
        run = ReportRun.objects.create(
            survey_round=survey_round, scope=scope, started_by=xs.admin, formats=["json"], status="done", progress=100
        )
        stored = ReportFile(run=run, format="json", size=2)
        stored.file.save(f"report-2023-{scope.code}.json", ContentFile(b"{}"))
        made[name] = run
    return made


def url(name: str, pk: int) -> str:
    return reverse(f"surveys:{name}", kwargs={"pk": pk})


@pytest.mark.parametrize("role", ROLES)
def test_the_runs_page_lists_the_runs_each_role_reads(xs, client_for, done_runs, role):
    response = client_for(getattr(xs, role)).get(reverse("surveys:report_runs", kwargs={"year": 2023}))

    assert response.status_code == 200
    shown = {int(pk) for pk in re.findall(r'<tr data-run="(\d+)"', response.content.decode())}
    assert shown == {done_runs[name].pk for name in READS_RUN[role]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("page", ["report_run", "report_run_progress", "report_page"])
def test_the_run_pages_follow_the_matrix(xs, client_for, done_runs, role, run, page):
    response = client_for(getattr(xs, role)).get(url(page, done_runs[run].pk))

    assert response.status_code == (200 if run in READS_RUN[role] else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("run", RUNS)
def test_files_download_only_in_scope(xs, client_for, done_runs, role, run):
    stored = done_runs[run].files.get()

    response = client_for(getattr(xs, role)).get(url("report_file", stored.pk))

    assert response.status_code == (200 if run in READS_RUN[role] else 404)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"{}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("run", RUNS)
def test_running_again_follows_the_matrix(xs, client_for, done_runs, role, run):
    response = client_for(getattr(xs, role)).post(url("report_run_retry", done_runs[run].pk))

    assert response.status_code == expected(role, run, 302)
    assert ReportRun.objects.count() == (3 if response.status_code == 302 else 2)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("scope", SCOPES)
def test_starting_a_run_follows_the_matrix(xs, client_for, done_runs, role, scope):
    committee = getattr(xs, scope)

    response = client_for(getattr(xs, role)).post(
        reverse("surveys:report_runs", kwargs={"year": 2023}), {"scope": committee.pk, "formats": ["json"]}
    )

    assert response.status_code == expected(role, scope, 302, READS_SCOPE)
    created = ReportRun.objects.exclude(pk__in=[r.pk for r in done_runs.values()])
    assert [r.scope for r in created] == ([committee] if response.status_code == 302 else [])


@pytest.mark.parametrize("role", ["dg_secretary", "eh_secretary"])
def test_a_secretary_gets_404_for_district_files(xs, client_for, done_runs, role):
    stored = ReportFile.objects.get(run=done_runs["district"])

    assert client_for(getattr(xs, role)).get(url("report_file", stored.pk)).status_code == 404

"""committees.downloads.file_response — every download names its file safely and is audited."""

import re
from urllib.parse import quote, unquote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from committees.downloads import ascii_fallback, content_disposition
from committees.models import AuditEvent, AuditKind, Committee
from surveys.report.models import ReportFile, ReportRun
from tests.surveys.conftest import open_round

# RFC 6266 as we write it: a quoted ASCII fallback, then the UTF-8 name percent-encoded.
HEADER = re.compile(r"""^attachment; filename="[A-Za-z0-9._-]+"(; filename\*=UTF-8''[A-Za-z0-9%._~-]+)?$""")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def done_run(xs, scope) -> ReportFile:
    run = ReportRun.objects.create(
        survey_round=open_round(xs, 2023), scope=scope, started_by=xs.admin, formats=["json"], status="done"
    )
    stored = ReportFile(run=run, format="json", size=2)
    stored.file.save(f"report-2023-{scope.code}.json", ContentFile(b"{}"))
    return stored


def test_a_report_of_a_committee_named_with_a_line_break_downloads(xs, client_for):
    # Set directly in the database, as a name saved before names were checked would be.
    Committee.objects.filter(pk=xs.dg.pk).update(name="东港镇\r\n关工委")
    stored = done_run(xs, xs.dg)

    response = client_for(xs.staff).get(reverse("surveys:report_file", kwargs={"pk": stored.pk}))

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert HEADER.match(disposition), disposition
    assert "\r" not in disposition and "\n" not in disposition
    assert unquote(disposition.split("UTF-8''")[1]) == "东港镇 关工委调研报告-2023.json"


def test_a_download_is_in_the_audit_log_with_its_scope_and_file(xs, client_for):
    stored = done_run(xs, xs.dg)

    client_for(xs.dg_secretary).get(reverse("surveys:report_file", kwargs={"pk": stored.pk}))

    event = AuditEvent.objects.get(kind=AuditKind.DOWNLOAD)
    assert (event.user, event.committee, event.ip_address) == (xs.dg_secretary, xs.dg, "127.0.0.1")
    assert event.detail == "东港镇关工委调研报告-2023.json"


def test_a_registry_export_is_in_the_audit_log(xs, client_for):
    response = client_for(xs.dg_secretary).get(reverse("imports:volunteers_export", kwargs={"pk": xs.dg.pk}))

    assert response.status_code == 200
    assert unquote(response["Content-Disposition"].split("UTF-8''")[1]) == "东港镇关工委“五老”志愿者.xlsx"
    event = AuditEvent.objects.get(kind=AuditKind.DOWNLOAD)
    assert (event.user, event.committee, event.detail) == (xs.dg_secretary, xs.dg, "东港镇关工委“五老”志愿者.xlsx")


def test_a_refused_download_is_not_in_the_audit_log(xs, client_for):
    response = client_for(xs.eh_secretary).get(reverse("imports:volunteers_export", kwargs={"pk": xs.dg.pk}))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditKind.DOWNLOAD).exists()


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("report.xlsx", "report.xlsx"),
        ("东港镇-report-2023.xlsx", "report-2023.xlsx"),
        ("东港镇.docx", "download.docx"),
        ('a"b\\c\r\nd;e.json', "a_b_c_d_e.json"),
        ("=cmd|' /C calc'!A0.xlsx", "cmd_C_calc_A0.xlsx"),
    ],
)
def test_the_ascii_fallback_keeps_only_plain_characters(name, fallback):
    assert ascii_fallback(name) == fallback


@pytest.mark.parametrize("name", ["东港镇\r\n关工委.xlsx", "a\x00b.xlsx", "../../etc/passwd", 'x"; filename=evil.exe'])
def test_no_name_breaks_the_header(name):
    disposition = content_disposition(name)

    assert HEADER.match(disposition), disposition
    assert quote("/") not in disposition and "/" not in unquote(disposition)


def test_an_export_from_the_django_admin_is_in_the_audit_log(xs, client):
    xs.admin.is_staff = xs.admin.is_superuser = True
    xs.admin.save()
    client.force_login(xs.admin)
    url = reverse("admin:committees_backbonerole_export")
    page = client.get(url)
    xlsx = next(value for value, title in page.context["form"].fields["format"].choices if title == "xlsx")

    response = client.post(url, {"format": xlsx, "resource": "0", "backboneroleresource_name": "on"})

    assert response.status_code == 200, response.content[:500]
    assert HEADER.match(response["Content-Disposition"]), response["Content-Disposition"]
    event = AuditEvent.objects.get(kind=AuditKind.DOWNLOAD)
    assert event.user == xs.admin and event.detail.startswith("BackboneRole-") and event.detail.endswith(".xlsx")

"""Role × committee matrix for the volunteers export and the upload → preview → confirm pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from committees.excel_specs import VOLUNTEER_SHEET
from committees.imports import export_volunteers
from committees.models import Layer, Person, Volunteer
from tests.factories import PersonFactory
from tests.scoping.matrix import OBJECTS, READS, ROLES

EDITS_SOMEWHERE = {"admin", "dg_secretary", "eh_secretary"}


@pytest.fixture
def volunteer(xs):
    person = PersonFactory(code="P0001", name="张建国", phone="13912345678")
    return Volunteer.objects.create(person=person, committee=xs.dg_v1, layer=Layer.BACKBONE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", OBJECTS)
def test_export_follows_the_matrix(xs, client_for, volunteer, role, obj):
    url = reverse("imports:volunteers_export", kwargs={"pk": getattr(xs, obj).pk})
    response = client_for(getattr(xs, role)).get(url)
    assert response.status_code == (200 if obj in READS[role] else 404)


def test_dg_secretary_cannot_download_ehu(xs, client_for):
    url = reverse("imports:volunteers_export", kwargs={"pk": xs.eh.pk})
    assert client_for(xs.dg_secretary).get(url).status_code == 404


def phone_in_export(response) -> str:
    ws = load_workbook(io.BytesIO(response.content))[VOLUNTEER_SHEET]
    return ws.cell(2, 7).value


def test_the_export_masks_phones_for_a_viewer(xs, client_for, volunteer):
    url = reverse("imports:volunteers_export", kwargs={"pk": xs.dg.pk})
    assert phone_in_export(client_for(xs.viewer).get(url)) == "139****5678"


def test_the_export_shows_phones_to_an_editor(xs, client_for, volunteer):
    url = reverse("imports:volunteers_export", kwargs={"pk": xs.dg.pk})
    assert phone_in_export(client_for(xs.dg_secretary).get(url)) == "13912345678"


@pytest.mark.parametrize("role", ROLES)
def test_upload_needs_edit_registry_somewhere(xs, client_for, role):
    client = client_for(getattr(xs, role))
    expected = 200 if role in EDITS_SOMEWHERE else 403
    assert client.get(reverse("imports:volunteers_upload")).status_code == expected
    assert client.post(reverse("imports:volunteers_confirm")).status_code == (302 if expected == 200 else 403)


def test_a_viewer_gets_403_on_upload(xs, client_for, volunteer):
    data = export_volunteers(xs.dg)
    response = client_for(xs.viewer).post(
        reverse("imports:volunteers_upload"), {"file": SimpleUploadedFile("v.xlsx", data)}
    )
    assert response.status_code == 403


def test_upload_preview_confirm(xs, client_for, volunteer):
    book = load_workbook(io.BytesIO(export_volunteers(xs.dg)))
    book[VOLUNTEER_SHEET].cell(2, 4).value = "张建军"
    out = io.BytesIO()
    book.save(out)
    client = client_for(xs.dg_secretary)
    preview = client.post(reverse("imports:volunteers_upload"), {"file": SimpleUploadedFile("v.xlsx", out.getvalue())})
    assert preview.status_code == 200
    assert len(preview.context["plan"].changed) == 1 and preview.context["errors"] == []
    assert "张建国 → 张建军" in preview.content.decode()
    assert Person.objects.get(code="P0001").name == "张建国"
    response = client.post(reverse("imports:volunteers_confirm"))
    assert response.status_code == 302
    person = Person.objects.get(code="P0001")
    assert person.name == "张建军" and person.history.first().history_user == xs.dg_secretary


def test_an_upload_outside_the_uploaders_town_shows_errors_and_cannot_be_confirmed(xs, client_for, volunteer):
    client = client_for(xs.eh_secretary)
    preview = client.post(
        reverse("imports:volunteers_upload"), {"file": SimpleUploadedFile("v.xlsx", export_volunteers(xs.dg))}
    )
    assert preview.status_code == 200 and "XS01V01" in preview.context["errors"][0]
    assert client.post(reverse("imports:volunteers_confirm")).status_code == 302
    assert Person.objects.get(code="P0001").history.count() == 1

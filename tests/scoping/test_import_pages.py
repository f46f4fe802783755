"""Role × committee matrix for the Excel pages of the four registry tables: export, blank
template, upload → preview → confirm, and the background job page.

Out of the reader's scope: 404. Readable but not writable: 403. A file naming another town's
committees is refused row by row and nothing is written.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from committees.excel_specs import CODES_SHEET, VOLUNTEER_SHEET
from committees.imports import TABLES, table_export, volunteers_export
from committees.models import (
    Job,
    Layer,
    Person,
    Position,
    StationKind,
    TeamType,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)
from tests.committees.test_import_helpers import media_root, snapshot  # noqa: F401 - a fixture
from tests.factories import PersonFactory, PostFactory
from tests.scoping.matrix import OBJECTS, READS, ROLES

pytestmark = pytest.mark.usefixtures("media_root")

EDITS_SOMEWHERE = {"admin", "dg_secretary", "eh_secretary"}
WRITES = {
    "admin": {"district", "dg", "dg_v1", "eh_v1"},
    "staff": set(),
    "dg_secretary": {"dg", "dg_v1"},
    "eh_secretary": {"eh_v1"},
    "viewer": set(),
    "dg_viewer": set(),
}


@pytest.fixture
def volunteer(xs):
    person = PersonFactory(code="P0001", name="张建国", phone="13912345678")
    return Volunteer.objects.create(person=person, committee=xs.dg_v1, layer=Layer.BACKBONE)


@pytest.fixture
def registry(xs, volunteer):
    """A row of every table in each town."""
    for village, town, n in ((xs.dg_v1, xs.dg, 1), (xs.eh_v1, xs.eh, 2)):
        PostFactory(
            committee=village, person=PersonFactory(code=f"L000{n}", name=f"主任{n}"), position=Position.DIRECTOR
        )
        VolunteerTeam.objects.create(committee=town, name=f"宣讲团{n}", team_type=TeamType.LECTURE_GROUP)
        TutoringStation.objects.create(committee=village, name=f"辅导站{n}", kind=StationKind.CENTRAL)
    Volunteer.objects.create(person=PersonFactory(code="P0002"), committee=xs.eh_v1, layer=Layer.PARTICIPANT)


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", OBJECTS)
def test_export_follows_the_matrix(xs, client_for, registry, table, role, obj):
    url = reverse(f"imports:{table}_export", kwargs={"pk": getattr(xs, obj).pk})
    response = client_for(getattr(xs, role)).get(url)
    assert response.status_code == (200 if obj in READS[role] else 404)


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("obj", OBJECTS)
def test_template_follows_the_matrix(xs, client_for, table, role, obj):
    url = reverse(f"imports:{table}_template", kwargs={"pk": getattr(xs, obj).pk})
    response = client_for(getattr(xs, role)).get(url)
    expected = 404 if obj not in READS[role] else (200 if obj in WRITES[role] else 403)
    assert response.status_code == expected


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("role", ROLES)
def test_upload_and_confirm_need_edit_registry_somewhere(xs, client_for, table, role):
    client = client_for(getattr(xs, role))
    expected = 200 if role in EDITS_SOMEWHERE else 403
    assert client.get(reverse(f"imports:{table}_upload")).status_code == expected
    assert client.post(reverse(f"imports:{table}_confirm")).status_code == (302 if expected == 200 else 403)


@pytest.mark.parametrize("table", TABLES)
def test_a_viewer_gets_403_on_upload(xs, client_for, registry, table):
    data = table_export(TABLES[table], xs.dg)
    response = client_for(xs.dg_viewer).post(
        reverse(f"imports:{table}_upload"), {"file": SimpleUploadedFile("x.xlsx", data)}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("table", TABLES)
def test_a_file_of_another_town_is_refused_row_by_row_and_nothing_is_written(xs, client_for, registry, table):
    data = table_export(TABLES[table], xs.district)  # both towns' rows
    before = snapshot()
    client = client_for(xs.eh_secretary)
    preview = client.post(reverse(f"imports:{table}_upload"), {"file": SimpleUploadedFile("x.xlsx", data)})
    assert preview.status_code == 200
    errors = preview.context["summary"]["errors"]
    rows = load_workbook(io.BytesIO(data))[TABLES[table].spec().name]
    dg_rows = [r for r in range(2, rows.max_row + 1) if str(rows.cell(r, 1).value or "").startswith("XS01")]
    assert dg_rows and [e.split("，")[1] for e in errors] == [f"第{r}行" for r in dg_rows]
    assert all("XS01" in e and "不在您的权限范围内" in e for e in errors)
    assert client.post(reverse(f"imports:{table}_confirm")).status_code == 302
    assert snapshot() == before


def test_the_template_lists_only_the_committees_the_user_may_fill_in(xs, client_for):
    response = client_for(xs.dg_secretary).get(reverse("imports:stations_template", kwargs={"pk": xs.dg.pk}))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["校外教育辅导站", "填表说明", CODES_SHEET]
    codes = [row[0] for row in book[CODES_SHEET].iter_rows(min_row=2, values_only=True)]
    assert codes == ["XS01", "XS01S01", "XS01V01", "XS01V02"]
    ws = book["校外教育辅导站"]
    assert ws.max_row == 1 and ws.protection.sheet and ws["A1"].protection.locked
    assert ws.column_dimensions["A"].protection.locked is False  # rows the filler adds are typeable
    formulas = {v.formula1 for v in ws.data_validations.dataValidation}
    assert '"中心站,分点"' in formulas and f"'{CODES_SHEET}'!$A$2:$A$5" in formulas


def phone_in_export(response) -> str:
    ws = load_workbook(io.BytesIO(response.content))[VOLUNTEER_SHEET]
    return ws.cell(2, 7).value


def test_the_export_masks_phones_for_a_viewer(xs, client_for, volunteer):
    url = reverse("imports:volunteers_export", kwargs={"pk": xs.dg.pk})
    assert phone_in_export(client_for(xs.viewer).get(url)) == "139****5678"


def test_the_export_shows_phones_to_an_editor(xs, client_for, volunteer):
    url = reverse("imports:volunteers_export", kwargs={"pk": xs.dg.pk})
    assert phone_in_export(client_for(xs.dg_secretary).get(url)) == "13912345678"


def test_upload_preview_confirm(xs, client_for, volunteer, media_root):  # noqa: F811
    book = load_workbook(io.BytesIO(volunteers_export(xs.dg)))
    book[VOLUNTEER_SHEET].cell(2, 4).value = "张建军"
    out = io.BytesIO()
    book.save(out)
    client = client_for(xs.dg_secretary)
    preview = client.post(reverse("imports:volunteers_upload"), {"file": SimpleUploadedFile("v.xlsx", out.getvalue())})
    assert preview.status_code == 200
    assert preview.context["summary"]["counts"]["changed"] == 1 and preview.context["summary"]["errors"] == []
    assert "张建国 → 张建军" in preview.content.decode()
    assert Person.objects.get(code="P0001").name == "张建国"
    assert len(list((media_root / "imports").iterdir())) == 1  # kept for the confirm step, not in the session
    response = client.post(reverse("imports:volunteers_confirm"))
    assert response.status_code == 302
    person = Person.objects.get(code="P0001")
    assert person.name == "张建军" and person.history.first().history_user == xs.dg_secretary
    assert list((media_root / "imports").iterdir()) == []  # gone once applied


def test_an_upload_outside_the_uploaders_town_shows_errors_and_cannot_be_confirmed(xs, client_for, volunteer):
    client = client_for(xs.eh_secretary)
    preview = client.post(
        reverse("imports:volunteers_upload"), {"file": SimpleUploadedFile("v.xlsx", volunteers_export(xs.dg))}
    )
    assert preview.status_code == 200 and "XS01V01" in preview.context["summary"]["errors"][0]
    assert client.post(reverse("imports:volunteers_confirm")).status_code == 302
    assert Person.objects.get(code="P0001").history.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_an_import_job_is_shown_to_its_uploader_only(xs, client_for, role):
    job = Job.objects.create(
        kind="import_plan", committee=xs.dg, created_by=xs.dg_secretary, params={"table": "volunteers", "file": "x"}
    )
    client = client_for(getattr(xs, role))
    own = role == "dg_secretary"
    assert client.get(reverse("imports:job", kwargs={"pk": job.pk})).status_code == (200 if own else 404)
    generic = client.get(reverse("committees:job_detail", kwargs={"pk": job.pk}))
    assert generic.status_code == (302 if own else 404)


def test_the_upload_page_offers_the_downloads_of_the_users_town_only(xs, client_for):
    body = client_for(xs.dg_secretary).get(reverse("imports:people_upload")).content.decode()
    assert reverse("imports:people_template", kwargs={"pk": xs.dg.pk}) in body
    assert reverse("imports:people_export", kwargs={"pk": xs.dg.pk}) in body
    assert reverse("imports:people_template", kwargs={"pk": xs.eh.pk}) not in body
    assert reverse("imports:people_template", kwargs={"pk": xs.dg_v1.pk}) not in body

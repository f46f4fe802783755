"""The django-admin's import-export: reference data in and out, registry tables out, no ID numbers."""

from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.models import BackboneRole, PointsRule
from committees.resources import PersonResource, PointsRuleResource
from tests import badfiles
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_points_rules_round_trip_and_an_unchanged_row_is_skipped(db):
    PointsRule.objects.create(code="t-service", name="服务年限", points=Decimal("2.00"))
    PointsRule.objects.create(code="t-award", name="市级表彰", points=Decimal("5.00"), basis="per_award")
    dataset = PointsRuleResource().export(queryset=PointsRule.objects.filter(code__startswith="t-"))
    assert dataset.headers == ["code", "name", "points", "basis", "grade"]
    dataset[0] = ("t-award", "市级表彰", "6.00", "per_award", "")  # rows follow the model's ordering

    result = PointsRuleResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["update", "skip"]
    assert PointsRule.objects.get(code="t-award").points == Decimal("6.00")
    assert PointsRule.history.filter(history_type="~").count() == 1


def test_the_person_export_leaves_out_id_numbers(db):
    PersonFactory(code="P0001", id_number="320205195501010011")
    dataset = PersonResource().export()
    assert "id_number" not in dataset.headers
    assert "320205195501010011" not in dataset.csv


def test_an_admin_imports_backbone_roles_through_the_django_admin(client, superuser):
    client.force_login(superuser)
    changelist = client.get(reverse("admin:committees_backbonerole_changelist")).content.decode()
    assert reverse("admin:committees_backbonerole_import") in changelist
    assert reverse("admin:committees_backbonerole_export") in changelist

    page = client.get(reverse("admin:committees_backbonerole_import"))
    csv = next(value for value, title in page.context["form"].fields["format"].choices if title == "csv")
    data = tablib.Dataset(["调研员", "6"], headers=["name", "display_order"]).csv.encode()
    preview = client.post(
        reverse("admin:committees_backbonerole_import"),
        {"format": csv, "resource": "0", "import_file": SimpleUploadedFile("roles.csv", data)},
    )
    assert preview.status_code == 200 and not BackboneRole.objects.filter(name="调研员").exists()
    confirm = preview.context["confirm_form"].initial
    response = client.post(reverse("admin:committees_backbonerole_process_import"), confirm)
    assert response.status_code == 302
    role = BackboneRole.objects.get(name="调研员")
    assert role.display_order == 6 and role.history.get().history_user == superuser


@pytest.mark.parametrize("model", ["person", "post", "volunteer", "volunteerteam", "tutoringstation"])
def test_the_registry_tables_export_from_the_django_admin(client, superuser, model):
    client.force_login(superuser)
    assert client.get(reverse(f"admin:committees_{model}_export")).status_code == 200
    with pytest.raises(Exception):  # noqa: B017 - no import URL: imports go through the scoped pages
        reverse(f"admin:committees_{model}_import")


def _admin_import(client, data: bytes):
    page = client.get(reverse("admin:committees_backbonerole_import"))
    xlsx = next(value for value, title in page.context["form"].fields["format"].choices if title == "xlsx")
    return client.post(
        reverse("admin:committees_backbonerole_import"),
        {"format": xlsx, "resource": "0", "import_file": SimpleUploadedFile("roles.xlsx", data)},
    )


@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda data: badfiles.zip_bomb(), "工作簿解压后有"),
        (lambda data: badfiles.ole2("EncryptionInfo", "EncryptedPackage"), "工作簿设置了打开密码（已加密）"),
        (
            lambda data: badfiles.raw_cell(data, ("Tablib Dataset", "B2"), ' t="n"><v>NaN</v>'),
            "工作表“Tablib Dataset”，第2行，“display_order”列，值“NaN”：无法读取该单元格",
        ),
    ],
    ids=["zip-bomb", "encrypted", "nan"],
)
def test_the_admin_import_opens_workbooks_through_the_upload_checks(client, superuser, spoil, message):
    client.force_login(superuser)
    before = BackboneRole.objects.count()
    data = tablib.Dataset(["调研员", 6], headers=["name", "display_order"]).export("xlsx")
    response = _admin_import(client, spoil(data))
    assert response.status_code == 200
    (error,) = response.context["form"].errors["import_file"]
    assert error.startswith(message), error
    assert BackboneRole.objects.count() == before


def test_an_admin_imports_a_workbook_read_through_the_upload_checks(client, superuser):
    client.force_login(superuser)
    data = tablib.Dataset(["调研员", 6], headers=["name", "display_order"]).export("xlsx")
    preview = _admin_import(client, data)
    assert preview.status_code == 200 and "confirm_form" in preview.context
    response = client.post(
        reverse("admin:committees_backbonerole_process_import"), preview.context["confirm_form"].initial
    )
    assert response.status_code == 302 and BackboneRole.objects.get(name="调研员").display_order == 6

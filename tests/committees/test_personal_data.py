"""Phone and ID numbers (docs/DOMAIN.md, Roles): shown in full only to a reader who may change the
person (scoping.people_changeable_by), masked for everyone else — on the people list, the person
page and its history panel, the registry exports and the django-admin's export."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from committees import selectors, services
from committees.imports import TABLES, table_export
from committees.models import Layer, Volunteer
from committees.resources import PersonResource
from tests.factories import PersonFactory, PostFactory, UserFactory

OLD_PHONE, NEW_PHONE, ID_NUMBER = "13921358261", "13711112222", "320205195501011234"
MASKED_OLD, MASKED_NEW, MASKED_ID = "139****8261", "137****2222", "3202**********1234"
MAY_CHANGE = ["admin", "dg_secretary"]
MAY_NOT_CHANGE = ["staff", "viewer", "dg_viewer", "eh_secretary"]


@pytest.fixture
def person(xs):
    """Serves in 东港镇; once served in 鹅湖镇 (so its secretary reads the person but may not change
    them); its phone and ID number were changed by 东港镇's secretary."""
    person = PersonFactory(name="钱五老", phone=OLD_PHONE)
    PostFactory(committee=xs.dg_v1, person=person)
    Volunteer.objects.create(
        person=person, committee=xs.eh_v1, layer=Layer.BACKBONE, exited_on=datetime.date(2023, 1, 1), exit_reason="迁居"
    )
    services.person_update(actor=xs.dg_secretary, person=person, data={"phone": NEW_PHONE, "id_number": ID_NUMBER})
    return person


@pytest.fixture
def two_towns(xs):
    """Serves in both towns: only a user who may write both may change them."""
    person = PersonFactory(name="孙两镇", phone=NEW_PHONE, id_number=ID_NUMBER, code="P0009")
    PostFactory(committee=xs.dg_v1, person=person)
    Volunteer.objects.create(person=person, committee=xs.dg_v2, layer=Layer.BACKBONE)
    Volunteer.objects.create(person=person, committee=xs.eh_v1, layer=Layer.BACKBONE)
    return person


def page(client, person) -> str:
    return client.get(reverse("registry:person_detail", kwargs={"pk": person.pk})).content.decode()


def cells(data: bytes) -> set:
    book = load_workbook(io.BytesIO(data))
    return {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}


def test_mask_id_number_keeps_the_region_and_the_last_four():
    assert selectors.mask_id_number(ID_NUMBER) == MASKED_ID
    assert selectors.mask_id_number(" 320205550101123 ") == "3202*******1123"  # the old 15-digit number
    assert selectors.mask_id_number("") == ""
    assert selectors.mask_id_number("1234567") == "****"


@pytest.mark.parametrize("role", MAY_NOT_CHANGE)
def test_the_history_panel_masks_phone_and_id_number_for_a_reader_who_may_not_change_the_person(
    xs, client_for, person, role
):
    body = page(client_for(getattr(xs, role)), person)
    assert f"{MASKED_OLD} → {MASKED_NEW}" in body
    assert f"— → {MASKED_ID}" in body
    for full in (OLD_PHONE, NEW_PHONE, ID_NUMBER, ID_NUMBER[:6]):
        assert full not in body


@pytest.mark.parametrize("role", MAY_CHANGE)
def test_the_history_panel_shows_phone_and_id_number_to_who_may_change_the_person(xs, client_for, person, role):
    body = page(client_for(getattr(xs, role)), person)
    assert f"{OLD_PHONE} → {NEW_PHONE}" in body
    assert f"— → {ID_NUMBER}" in body


@pytest.mark.parametrize("role", MAY_CHANGE + MAY_NOT_CHANGE)
def test_the_person_page_and_the_people_list_follow_the_same_rule(xs, client_for, person, role):
    client = client_for(getattr(xs, role))
    details = client.get(reverse("registry:person_detail", kwargs={"pk": person.pk})).context["person"]
    [listed] = client.get(reverse("registry:person_list")).context["page_obj"]
    full = role in MAY_CHANGE
    assert details.phone_shown == listed.phone_shown == (NEW_PHONE if full else MASKED_NEW)
    assert details.id_number_shown == (ID_NUMBER if full else MASKED_ID)


def test_a_person_serving_in_two_towns_is_masked_for_each_town_secretary(xs, client_for, two_towns):
    for user in (xs.dg_secretary, xs.eh_secretary):
        client = client_for(user)
        body = page(client, two_towns) + client.get(reverse("registry:person_list")).content.decode()
        assert MASKED_NEW in body and MASKED_ID in body
        assert NEW_PHONE not in body and ID_NUMBER not in body
        edit = reverse("registry:person_edit", kwargs={"pk": two_towns.pk})
        assert edit not in body
        assert client.get(edit).status_code == 403  # the form would show both numbers in full
    assert NEW_PHONE in page(client_for(xs.admin), two_towns)


@pytest.mark.parametrize("table", ["people", "volunteers"])
def test_the_registry_export_masks_a_person_the_exporter_may_not_change(xs, two_towns, table):
    assert MASKED_NEW in cells(table_export(TABLES[table], xs.dg, user=xs.dg_secretary))
    assert NEW_PHONE not in cells(table_export(TABLES[table], xs.dg, user=xs.dg_secretary))
    assert NEW_PHONE in cells(table_export(TABLES[table], xs.district, user=xs.admin))


def test_the_admin_person_export_masks_phones_unless_the_user_may_change_the_person(xs, two_towns):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert PersonResource(user=superuser).export().dict[0]["phone"] == NEW_PHONE
    for user in (xs.dg_secretary, xs.viewer, None):
        assert PersonResource(user=user).export().dict[0]["phone"] == MASKED_NEW


def test_the_admin_export_page_passes_its_user_to_the_resource(xs, client, two_towns):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = reverse("admin:committees_person_export")
    form = client.get(url).context["form"]
    json_format = next(value for value, title in form.fields["format"].choices if title == "json")
    response = client.post(
        url, {"format": json_format, "resource": "0", **{f"personresource_{f}": "on" for f in ("code", "phone")}}
    )
    assert NEW_PHONE in response.content.decode()

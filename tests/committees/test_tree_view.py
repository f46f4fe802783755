from django.urls import reverse


def test_it_shows_the_towns_to_the_district_admin(xs, client_for):
    response = client_for(xs.admin).get(reverse("committees:tree"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "东港镇关工委" in body and "鹅湖镇关工委" in body
    assert response.context["counts"]["towns"] == 2
    assert response.context["counts"]["villages"] == 4


def test_it_shows_only_their_town_to_a_secretary(xs, client_for):
    response = client_for(xs.dg_secretary).get(reverse("committees:tree"))
    body = response.content.decode()
    assert "东港村关工委" in body
    assert "鹅湖镇" not in body and "甘露村" not in body
    assert response.context["counts"]["villages"] == 2

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


def _add_villages(town, count):
    from committees.models import Committee, Kind

    for n in range(count):
        Committee.objects.create(code=f"{town.code}V{n + 50}", name=f"新增村{n}", kind=Kind.VILLAGE, parent=town)


def test_the_tree_runs_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    client = client_for(xs.admin)
    client.get(reverse("committees:tree"))  # warm the session
    _add_villages(xs.dg, 60)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("committees:tree"))
    assert response.context["counts"]["villages"] == 64
    with django_assert_max_num_queries(12):
        response = client.get(reverse("committees:tree"), {"q": "新增村", "page": 2})
    assert len(response.context["page_obj"]) == 10


def test_a_committee_page_runs_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    client = client_for(xs.admin)
    _add_villages(xs.dg, 60)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("committees:detail", kwargs={"pk": xs.dg.pk}))
    assert response.context["counts"]["villages"] == 62
    assert len(response.context["page_obj"]) == 50


def test_a_committee_page_offers_excel_downloads_and_templates_to_a_secretary(xs, client_for):
    body = client_for(xs.dg_secretary).get(reverse("committees:detail", kwargs={"pk": xs.dg.pk})).content.decode()
    for table in ("volunteers", "people", "teams", "stations"):
        assert reverse(f"imports:{table}_export", kwargs={"pk": xs.dg.pk}) in body
        assert reverse(f"imports:{table}_template", kwargs={"pk": xs.dg.pk}) in body
        assert reverse(f"imports:{table}_upload") in body


def test_a_committee_page_offers_a_viewer_downloads_only(xs, client_for):
    body = client_for(xs.dg_viewer).get(reverse("committees:detail", kwargs={"pk": xs.dg.pk})).content.decode()
    assert reverse("imports:volunteers_export", kwargs={"pk": xs.dg.pk}) in body
    assert reverse("imports:volunteers_template", kwargs={"pk": xs.dg.pk}) not in body
    assert reverse("imports:volunteers_upload") not in body
    assert reverse("registry:post_create", kwargs={"committee_pk": xs.dg.pk}) not in body

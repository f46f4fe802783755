"""Bad input on the committee pages: a clear Chinese error, and nothing changed."""

from django.urls import reverse

from committees.models import Committee


def _snapshot():
    return list(Committee.objects.order_by("pk").values_list("code", "name", "parent_id", "path", "closed_on"))


def test_a_duplicate_code_gets_a_chinese_error(xs, client_for):
    before = _snapshot()
    response = client_for(xs.admin).post(
        reverse("committees:create", kwargs={"parent_pk": xs.dg.pk}),
        {"code": "XS01V01", "name": "重复村", "kind": "village", "display_order": 0},
    )
    assert response.status_code == 200
    assert "单位编码" in response.content.decode() and "已存在" in response.content.decode()
    assert _snapshot() == before


def test_a_village_under_a_school_gets_a_chinese_error(xs, client_for):
    before = _snapshot()
    response = client_for(xs.admin).post(
        reverse("committees:create", kwargs={"parent_pk": xs.dg_school.pk}),
        {"code": "XS01V09", "name": "学校下的村", "kind": "village", "display_order": 0},
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert _snapshot() == before


def test_moving_a_village_under_a_school_is_refused(xs, client_for):
    before = _snapshot()
    response = client_for(xs.admin).post(
        reverse("committees:move", kwargs={"pk": xs.dg_v1.pk}), {"parent": xs.dg_school.pk}
    )
    assert response.status_code == 200
    assert "不能" in response.content.decode()
    assert _snapshot() == before


def test_closing_a_town_with_open_children_gets_a_chinese_error(xs, client_for):
    before = _snapshot()
    response = client_for(xs.admin).post(
        reverse("committees:close", kwargs={"pk": xs.dg.pk}), {"closed_on": "2024-06-30"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "东港镇关工委" in body and "先" in body
    assert _snapshot() == before


def test_deleting_a_town_with_data_gets_a_chinese_error(xs, client_for):
    before = _snapshot()
    response = client_for(xs.admin).post(reverse("committees:delete", kwargs={"pk": xs.dg.pk}), follow=True)
    assert "不能删除" in response.content.decode()
    assert _snapshot() == before


def test_malformed_ids_get_a_chinese_not_found_page(xs, client_for):
    client = client_for(xs.admin)
    for url in [
        "/committees/abc/",
        "/committees/1.5/",
        "/committees/-3/",
        "/committees/99999999999999999999999/",
        "/committees/999999999999999999/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "页面不存在" in response.content.decode(), url


def test_a_closing_date_before_the_opening_date_is_refused(xs, client_for):
    Committee.objects.filter(pk=xs.dg_v1.pk).update(opened_on="2020-01-01")
    response = client_for(xs.admin).post(
        reverse("committees:close", kwargs={"pk": xs.dg_v1.pk}), {"closed_on": "2019-01-01"}
    )
    assert response.status_code == 200
    xs.dg_v1.refresh_from_db()
    assert xs.dg_v1.closed_on is None

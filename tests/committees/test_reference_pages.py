"""The settings pages: district admins keep the backbone roles and the points rules (local policy
as data): list, add, change, with history and Chinese errors; nothing is half-written."""

from decimal import Decimal

import pytest
from django.urls import reverse

from committees.models import BackboneRole, PointsRule


def test_it_lists_both_tables_with_their_rows(xs, client_for):
    PointsRule.objects.create(code="Y1", name="服务满一年", points=Decimal("5"))

    response = client_for(xs.admin).get(reverse("registry:reference_list"))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-table="backbone-roles"' in body and 'data-table="points-rules"' in body
    assert "服务满一年" in body and "按服务年限" in body  # the basis shown by its label
    # A rule's code is the program's key: the list shows its name (the form still edits it).
    assert "规则编码" not in body and "单位编码" not in body
    # surveys registers its policy pages' links (committees' templates name no other app's URL).
    assert f'<a href="{reverse("surveys:rule_list")}">问题规则</a> · <a href="{reverse("surveys:round_list")}">' in body


def test_an_admin_adds_a_backbone_role(xs, client_for):
    response = client_for(xs.admin).post(
        reverse("registry:reference_create", kwargs={"table": "backbone-roles"}), {"name": "调研员", "display_order": 9}
    )

    assert response.status_code == 302
    role = BackboneRole.objects.get(name="调研员")
    assert role.history.get().history_user == xs.admin


def test_an_admin_changes_a_points_rule_and_the_history_says_what(xs, client_for):
    rule = PointsRule.objects.create(code="A1", name="区级表彰", points=Decimal("10"), basis="per_award", grade="区级")
    client = client_for(xs.admin)
    url = reverse("registry:reference_edit", kwargs={"table": "points-rules", "pk": rule.pk})

    response = client.post(
        url, {"code": "A1", "name": "区级表彰", "points": "12.5", "basis": "per_award", "grade": "区级"}
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.points == Decimal("12.50")
    page = client.get(url).content.decode()
    assert "10.00 → 12.50" in page and "区管理员" in page


def test_a_seeded_role_keeps_its_first_name_in_the_history(xs, client_for):
    role = BackboneRole.objects.order_by("display_order").first()  # seeded by the migration, no history
    old = role.name
    url = reverse("registry:reference_edit", kwargs={"table": "backbone-roles", "pk": role.pk})

    client_for(xs.admin).post(url, {"name": "宣讲员（新）", "display_order": role.display_order})

    assert f"{old} → 宣讲员（新）" in client_for(xs.admin).get(url).content.decode()


@pytest.mark.parametrize(
    ("table", "data", "message"),
    [
        ("backbone-roles", {"name": "", "display_order": 1}, "这个字段是必填项"),
        ("points-rules", {"code": "A1", "name": "重复", "points": "1", "basis": "per_year"}, "已存在"),
        ("points-rules", {"code": "B1", "name": "文字", "points": "五分", "basis": "per_year"}, "输入一个数字"),
        ("points-rules", {"code": "B2", "name": "无依据", "points": "1", "basis": "monthly"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_writes_nothing(xs, client_for, table, data, message):
    PointsRule.objects.create(code="A1", name="区级表彰", points=Decimal("10"))
    before = (BackboneRole.objects.count(), PointsRule.objects.count())

    response = client_for(xs.admin).post(reverse("registry:reference_create", kwargs={"table": table}), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (BackboneRole.objects.count(), PointsRule.objects.count()) == before


def test_unknown_tables_and_rows_are_not_found(xs, client_for):
    client = client_for(xs.admin)
    assert client.get(reverse("registry:reference_create", kwargs={"table": "committees"})).status_code == 404
    url = reverse("registry:reference_edit", kwargs={"table": "points-rules", "pk": 999999})
    assert client.get(url).status_code == 404


def test_the_menu_offers_settings_to_district_admins_only(xs, client_for):
    url = reverse("registry:reference_list")
    assert url in client_for(xs.admin).get(reverse("registry:person_list")).content.decode()
    assert url not in client_for(xs.staff).get(reverse("registry:person_list")).content.decode()

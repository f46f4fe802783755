"""Award schemes and their categories on the pages (/awards/schemes/…): district admins create
and change them; a category with nominations keeps its meaning (not deleted, same kind of awardee)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evaluations.models import AwardCategory, AwardPeriod, AwardScheme, Nomination

CREATE = reverse("awards:scheme_create")


def _management(prefix: str, total: int, initial: int) -> dict:
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial, f"{prefix}-MAX_NUM_FORMS": 1000}


def _row(n: int, **fields) -> dict:
    return {f"categories-{n}-{name}": value for name, value in fields.items()}


@pytest.fixture
def scheme(xs):
    scheme = AwardScheme.objects.create(name="校外教育辅导站工作先进评选")
    station = AwardCategory.objects.create(scheme=scheme, order=1, name="优秀辅导站", awardee_kind="station")
    AwardCategory.objects.create(scheme=scheme, order=2, name="先进个人", awardee_kind="person", points=3)
    period = AwardPeriod.objects.create(scheme=scheme, first_year=2020, last_year=2022)
    site = xs.dg_v1.tutoring_stations.create(name="东港辅导站", kind="central")
    Nomination.objects.create(period=period, category=station, committee=xs.dg, station=site)
    return scheme


def _edit_data(scheme, **changes) -> dict:
    """The scheme's page as posted unchanged (plus `changes`), with the blank rows left blank."""
    categories = list(scheme.categories.order_by("order"))
    count = len(categories)
    data = {"name": scheme.name, "every_years": scheme.every_years, "notes": ""}
    data |= _management("categories", count + 2, count)
    for n, c in enumerate(categories):
        data |= _row(n, id=c.pk, scheme=scheme.pk, order=c.order, name=c.name, awardee_kind=c.awardee_kind)
        data |= _row(n, points=c.points or "")
    data |= _row(count, order=1) | _row(count + 1, order=1)  # the empty rows' default order
    return data | changes


def test_an_admin_creates_a_scheme_with_its_categories(xs, client_for):
    data = {"name": "关心下一代先进集体评选", "every_years": 2, "notes": "", **_management("categories", 3, 0)}
    data |= _row(0, order=1, name="先进集体", awardee_kind="committee", points="")
    data |= _row(1, order=2, name="先进个人", awardee_kind="person", points=5)
    data |= _row(2, order=1)
    response = client_for(xs.admin).post(CREATE, data)
    assert response.status_code == 302
    scheme = AwardScheme.objects.get(name="关心下一代先进集体评选")
    assert scheme.every_years == 2
    assert [(c.name, c.awardee_kind, c.points) for c in scheme.categories.order_by("order")] == [
        ("先进集体", "committee", None),
        ("先进个人", "person", 5),
    ]
    assert scheme.categories.get(name="先进个人").history.get().history_user == xs.admin
    assert "关心下一代先进集体评选" in client_for(xs.admin).get(reverse("awards:award_index")).content.decode()


def test_staff_and_secretaries_read_the_schemes_but_may_not_change_them(xs, scheme, client_for):
    edit = reverse("awards:scheme_edit", kwargs={"pk": scheme.pk})
    for user in (xs.staff, xs.dg_secretary):
        client = client_for(user)
        assert client.get(CREATE).status_code == 403
        assert client.post(edit, _edit_data(scheme, name="改名")).status_code == 403
        assert edit not in client.get(reverse("awards:award_index")).content.decode()
    assert AwardScheme.objects.get().name == "校外教育辅导站工作先进评选"
    assert edit in client_for(xs.admin).get(reverse("awards:award_index")).content.decode()


def test_an_admin_changes_points_adds_a_category_and_deletes_an_unused_one(xs, scheme, client_for):
    edit = reverse("awards:scheme_edit", kwargs={"pk": scheme.pk})
    data = _edit_data(scheme, every_years=4, **{"categories-1-points": 4, "categories-1-DELETE": ""})
    data |= _row(2, order=3, name="突出贡献奖", awardee_kind="committee_or_person", points=5)
    assert client_for(xs.admin).post(edit, data).status_code == 302
    assert [(c.name, c.points) for c in scheme.categories.order_by("order")] == [
        ("优秀辅导站", None),
        ("先进个人", 4),
        ("突出贡献奖", 5),
    ]
    data = _edit_data(scheme, **{"categories-1-DELETE": "on"})
    assert client_for(xs.admin).post(edit, data).status_code == 302
    assert list(scheme.categories.values_list("name", flat=True)) == ["优秀辅导站", "突出贡献奖"]


def test_a_category_in_use_is_not_deleted_nor_its_kind_changed(xs, scheme, client_for):
    edit = reverse("awards:scheme_edit", kwargs={"pk": scheme.pk})
    client = client_for(xs.admin)
    response = client.post(edit, _edit_data(scheme, **{"categories-0-DELETE": "on"}))
    assert response.status_code == 200
    assert "「优秀辅导站」已有推荐，使用中的奖项不能删除。" in response.content.decode()
    response = client.post(edit, _edit_data(scheme, **{"categories-0-awardee_kind": "committee"}))
    assert "「优秀辅导站」已有推荐，不能改变获奖对象类别。" in response.content.decode()
    assert scheme.categories.get(name="优秀辅导站").awardee_kind == "station"
    renamed = client.post(edit, _edit_data(scheme, **{"categories-0-name": "优秀校外辅导站"}))
    assert renamed.status_code == 302 and scheme.categories.filter(name="优秀校外辅导站").exists()

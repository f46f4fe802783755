"""Levels above a district: a province and cities above the districts, roles held at
any level above the towns and working by path, as they do at a district."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from committees import scoping
from committees.models import Committee, Kind, Role, RoleAssignment, path_prefixes
from committees.scoping import Action
from tests.factories import CommitteeFactory, RoleFactory, UserFactory


def _tree():
    province = CommitteeFactory(code="JS", name="江苏省关工委", kind=Kind.PROVINCE)
    wuxi = CommitteeFactory(code="JS02", name="无锡市关工委", kind=Kind.CITY, parent=province)
    suzhou = CommitteeFactory(code="JS05", name="苏州市关工委", kind=Kind.CITY, parent=province)
    xishan = CommitteeFactory(code="JS02XS", name="锡山区关工委", kind=Kind.DISTRICT, parent=wuxi)
    wuzhong = CommitteeFactory(code="JS05WZ", name="吴中区关工委", kind=Kind.DISTRICT, parent=suzhou)
    dg = CommitteeFactory(code="JS02XS01", name="东港镇关工委", kind=Kind.TOWN, parent=xishan)
    village = CommitteeFactory(code="JS02XS01V01", name="东港村关工委", kind=Kind.VILLAGE, parent=dg)
    mudu = CommitteeFactory(code="JS05WZ01", name="木渎镇关工委", kind=Kind.TOWN, parent=wuzhong)
    return province, wuxi, xishan, dg, village, mudu


@pytest.mark.django_db
def test_a_committees_path_prefixes_are_its_own_and_its_ancestors_paths():
    _province, _wuxi, _xishan, _dg, village, _mudu = _tree()
    ancestors_and_self = [*Committee.objects.filter(code__in=village.ancestor_codes()).order_by("depth"), village]
    assert path_prefixes(village.path) == [c.path for c in ancestors_and_self]
    assert path_prefixes(village.path) == ["/JS/", "/JS/JS02/", "/JS/JS02/JS02XS/", "/JS/JS02/JS02XS/JS02XS01/",
                                           "/JS/JS02/JS02XS/JS02XS01/JS02XS01V01/"]  # fmt: skip


@pytest.mark.django_db
def test_a_province_city_district_tree_validates_and_keeps_paths():
    province, wuxi, xishan, dg, village, _mudu = _tree()
    for committee in (province, wuxi, xishan, dg, village):
        committee.full_clean()
    assert village.path == "/JS/JS02/JS02XS/JS02XS01/JS02XS01V01/" and village.depth == 4
    # A district may stand alone as Xishan's demo does, and a city may be the root of its tree.
    Committee(code="ALONE", name="独立区关工委", kind=Kind.DISTRICT).full_clean()
    Committee(code="CITY", name="某市关工委", kind=Kind.CITY).full_clean()
    # A district directly under a province (a province's own districts) is allowed.
    Committee(code="JSD", name="省直区关工委", kind=Kind.DISTRICT, parent=province).full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "parent_code", "message"),
    [
        (Kind.PROVINCE, "JS02", "“省”类型的关工委不能有上级关工委。"),
        (Kind.CITY, "JS02XS", "“市”类型的关工委不能设在“区”类型的关工委之下。"),
        (Kind.DISTRICT, "JS02XS01", "“区”类型的关工委不能设在“镇”类型的关工委之下。"),
        (Kind.TOWN, "JS02", "“镇”类型的关工委不能设在“市”类型的关工委之下。"),
        (Kind.TOWN, None, "此类型的关工委必须有上级关工委。"),
    ],
)
def test_a_level_out_of_place_is_refused_in_chinese(kind, parent_code, message):
    _tree()
    parent = Committee.objects.get(code=parent_code) if parent_code else None
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        Committee(code="NEW", name="新关工委", kind=kind, parent=parent).full_clean()
    assert refused.value.message_dict["parent"] == [message]


@pytest.mark.django_db
def test_roles_are_held_at_any_level_above_the_towns_and_work_by_path():
    province, wuxi, xishan, dg, village, mudu = _tree()
    admin, city_staff, district_staff = UserFactory(), UserFactory(), UserFactory()
    RoleFactory(user=admin, committee=province, role=Role.DISTRICT_ADMIN)
    RoleFactory(user=city_staff, committee=wuxi, role=Role.DISTRICT_STAFF)
    RoleFactory(user=district_staff, committee=xishan, role=Role.DISTRICT_STAFF)
    for assignment in RoleAssignment.objects.all():
        assignment.full_clean()
    with pytest.raises(ValidationError):
        RoleAssignment(user=UserFactory(), committee=dg, role=Role.DISTRICT_STAFF).full_clean()

    assert scoping.can(admin, Action.MANAGE_ROUNDS, mudu) and scoping.can(admin, Action.MANAGE_STRUCTURE, village)
    assert scoping.can(city_staff, Action.REVIEW, village) and not scoping.can(city_staff, Action.VIEW, mudu)
    assert not scoping.can(city_staff, Action.MANAGE_ROUNDS, dg)
    assert set(scoping.committees_for(district_staff).values_list("code", flat=True)) == {
        "JS02XS",
        "JS02XS01",
        "JS02XS01V01",
    }
    assert list(scoping.scope_roots(city_staff)) == [wuxi]
    assert list(scoping.scope_roots(admin)) == [province]


@pytest.mark.django_db
def test_the_committee_page_offers_the_kinds_a_level_may_hold(client):
    province, wuxi, *_ = _tree()
    admin = UserFactory()
    RoleFactory(user=admin, committee=province, role=Role.DISTRICT_ADMIN)
    client.force_login(admin)
    from committees.forms import CommitteeCreateForm

    assert [k for k, _label in CommitteeCreateForm(parent=province).fields["kind"].choices] == ["city", "district"]
    assert [k for k, _label in CommitteeCreateForm(parent=wuxi).fields["kind"].choices] == ["district"]
    page = client.get(f"/committees/{province.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "无锡市关工委" in text and "苏州市关工委" in text


@pytest.mark.django_db
def test_roles_and_counts_read_as_the_level_names_them(client):
    province, wuxi, xishan, *_ = _tree()
    admin, staff = UserFactory(first_name="省管"), UserFactory(first_name="市员")
    RoleFactory(user=admin, committee=province, role=Role.DISTRICT_ADMIN)
    RoleFactory(user=staff, committee=wuxi, role=Role.DISTRICT_STAFF)
    district_admin = RoleFactory(user=UserFactory(), committee=xishan, role=Role.DISTRICT_ADMIN)
    client.force_login(admin)
    with translation.override("zh-hans"):
        assert district_admin.role_label == "区管理员"
        users = client.get("/users/").content.decode()
        assert "省管理员 · 江苏省关工委" in users and "市工作人员 · 无锡市关工委" in users
        page = client.get(f"/committees/{province.pk}/").content.decode()
        assert "省管 · 省管理员" in page  # the role holders of the committee
        assert 'data-count="cities">2<' in page and 'data-count="districts">2<' in page
        district_page = client.get(f"/committees/{xishan.pk}/").content.decode()
        assert 'data-count="districts"' not in district_page and 'data-count="towns">1<' in district_page


@pytest.mark.django_db
def test_the_portal_names_the_place_it_serves(client, settings):
    province, *_ = _tree()
    admin = UserFactory()
    RoleFactory(user=admin, committee=province, role=Role.DISTRICT_ADMIN)
    client.force_login(admin)
    page = client.get("/").content.decode()
    assert "锡山区关工委工作平台" in page and "锡山区关心下一代工作委员会" in page  # the default
    settings.SITE_PLACE = "江苏省"
    page = client.get("/").content.decode()
    assert page.count("江苏省关工委工作平台") == 2 and "江苏省关心下一代工作委员会" in page  # title, header; footer
    assert "锡山区" not in page

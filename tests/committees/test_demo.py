from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest

from committees.demo import DEMO_USERS, demo_committees
from committees.models import Committee, Kind, Role, RoleAssignment
from tests.factories import UserFactory

User = get_user_model()


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "committees": Committee.objects.count(),
        "history": Committee.history.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "role_history": RoleAssignment.history.count(),
        "admin_password": User.objects.get(username="admin").password,
    }


def test_it_builds_the_xishan_tree(demo_district):
    towns = list(Committee.objects.filter(parent__code="XS", kind__in=[Kind.TOWN, Kind.SUBDISTRICT]).order_by("code"))
    assert [(t.code, t.name, t.kind) for t in towns] == [
        ("XS01", "东港镇关工委", Kind.TOWN),
        ("XS02", "锡北镇关工委", Kind.TOWN),
        ("XS03", "鹅湖镇关工委", Kind.TOWN),
        ("XS04", "羊尖镇关工委", Kind.TOWN),
        ("XS05", "东亭街道关工委", Kind.SUBDISTRICT),
        ("XS06", "安镇街道关工委", Kind.SUBDISTRICT),
        ("XS07", "厚桥街道关工委", Kind.SUBDISTRICT),
        ("XS08", "东北塘街道关工委", Kind.SUBDISTRICT),
        ("XS09", "云林街道关工委", Kind.SUBDISTRICT),
    ]
    villages = [Committee.objects.filter(parent=t, kind__in=[Kind.VILLAGE, Kind.COMMUNITY]).count() for t in towns]
    assert villages == [20, 18, 16, 17, 13, 12, 11, 10, 11]
    lines = Committee.objects.filter(kind=Kind.LINE).values_list("code", "name")
    assert ("XSL03", "区民营经济关工委") in lines
    assert Committee.objects.get(code="XS01S01").name == "锡山区东港中学关工委"
    assert Committee.objects.get(code="XS01E001").kind == Kind.ENTERPRISE


def test_it_records_history_for_each_committee(demo_district):
    assert Committee.history.count() == Committee.objects.count() == 584


def test_every_path_is_what_save_would_build(demo_district):
    for committee in Committee.objects.select_related("parent"):
        assert committee.path == committee.build_path(), committee.code
        assert committee.depth == committee.path.count("/") - 2
    assert Committee.objects.get(code="XS01V01").path == "/XS/XS01/XS01V01/"


def test_names_are_distinct_and_deterministic():
    specs = [spec for level in demo_committees() for spec in level]
    assert len({s.name for s in specs}) == len(specs)
    assert demo_committees() == demo_committees()
    assert all(s.parent_code is None or s.opened_on >= specs[0].opened_on for s in specs)


def test_a_second_run_changes_nothing(demo_district):  # loaded once in the process; the second load is the command
    before = snapshot()
    out = load_demo()
    assert snapshot() == before
    assert "已经加载过" in out


def test_it_adds_only_what_is_missing(demo_district):  # loaded once in the process; the second load is the command
    Committee.objects.get(code="XS09E038").delete()
    out = load_demo()
    assert Committee.objects.filter(code="XS09E038").exists()
    assert "新增关工委 1 个" in out


def test_it_keeps_an_existing_users_password(db):
    UserFactory(username="admin", password="my-own-password")
    out = load_demo()
    admin = User.objects.get(username="admin")
    assert admin.check_password("my-own-password")
    assert RoleAssignment.objects.active().filter(user=admin, role=Role.DISTRICT_ADMIN, committee__code="XS").exists()
    assert "密码未重置" in out


def test_demo_users_can_log_in_with_the_printed_passwords(db, client):
    out = load_demo()
    for demo in DEMO_USERS:
        assert f"{demo.username}" in out and demo.password in out
        # django-axes checks every login against its lockouts, and needs the request for that.
        assert client.login(request=HttpRequest(), username=demo.username, password=demo.password), demo.username
        client.logout()


def test_demo_users_hold_their_roles(demo_district):
    held = set(RoleAssignment.objects.active().values_list("user__username", "role", "committee__code"))
    assert held == {
        ("admin", Role.DISTRICT_ADMIN, "XS"),
        ("staff", Role.DISTRICT_STAFF, "XS"),
        ("dongang", Role.TOWN_SECRETARY, "XS01"),
        ("ehu", Role.TOWN_SECRETARY, "XS03"),
        ("viewer", Role.VIEWER, "XS"),
    }
    assert User.objects.get(username="dongang").first_name == "东港镇秘书"

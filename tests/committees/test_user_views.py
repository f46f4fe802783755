"""The user administration pages: district admins only."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse

from committees import services
from committees.models import Role, RoleAssignment
from tests.conftest import PASSWORD
from tests.factories import RoleFactory, UserFactory

User = get_user_model()


def _messages(response) -> list:
    return list(get_messages(response.wsgi_request))


def _new_user_data(**extra) -> dict:
    return {"username": "xq_secretary", "full_name": "锡北秘书", "email": "", "password": "", **extra}


# The list ------------------------------------------------------------------------


def test_it_lists_users_with_their_active_roles(xs, client_for):
    RoleFactory(user=xs.viewer, committee=xs.eh, role=Role.VIEWER, ended_at="2024-01-01T00:00:00+08:00")
    response = client_for(xs.admin).get(reverse("users:list"))
    assert response.status_code == 200
    rows = {u.username: u for u in response.context["page_obj"]}
    assert set(rows) == {"admin", "staff", "dg_secretary", "eh_secretary", "viewer", "dg_viewer"}
    assert [(r.role, r.committee) for r in rows["dg_secretary"].active_roles] == [(Role.TOWN_SECRETARY, xs.dg)]
    assert [r.committee for r in rows["viewer"].active_roles] == [xs.district]  # the ended one is left out
    assert "东港镇关工委" in response.content.decode()


def test_it_searches_by_username_and_full_name(xs, client_for):
    client = client_for(xs.admin)
    by_username = client.get(reverse("users:list"), {"q": "SECRETARY"}).context["page_obj"]
    assert {u.username for u in by_username} == {"dg_secretary", "eh_secretary"}
    by_name = client.get(reverse("users:list"), {"q": "东港"}).context["page_obj"]
    assert {u.username for u in by_name} == {"dg_secretary", "dg_viewer"}


def test_it_filters_by_state_and_role(xs, client_for):
    xs.staff.is_active = False
    xs.staff.save()
    RoleFactory(user=xs.dg_viewer, committee=xs.eh, role=Role.VIEWER)  # two viewer roles: listed once
    client = client_for(xs.admin)
    inactive = client.get(reverse("users:list"), {"state": "inactive"}).context["page_obj"]
    assert [u.username for u in inactive] == ["staff"]
    active = client.get(reverse("users:list"), {"state": "active"}).context["page_obj"]
    assert "staff" not in {u.username for u in active} and len(active) == 5
    viewers = client.get(reverse("users:list"), {"role": Role.VIEWER}).context["page_obj"]
    assert [u.username for u in viewers] == ["dg_viewer", "viewer"]


def test_it_lists_in_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries):
    for n in range(60):
        RoleFactory(user=UserFactory(username=f"bulk{n:02d}"), committee=xs.dg, role=Role.VIEWER)
    client = client_for(xs.admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("users:list"))
    assert len(response.context["page_obj"]) == 50
    with django_assert_max_num_queries(8):
        response = client.get(reverse("users:list"), {"page": 2, "role": Role.VIEWER, "q": "bulk"})
    assert len(response.context["page_obj"]) == 10


# Creating a user -------------------------------------------------------------------


def test_it_creates_a_user_and_shows_the_generated_password_once(xs, client_for, monkeypatch):
    monkeypatch.setattr(services, "password_generate", lambda: "Gen3rated-pw")
    client = client_for(xs.admin)
    response = client.post(reverse("users:create"), _new_user_data(email="xq@example.com"))
    user = User.objects.get(username="xq_secretary")
    assert (user.first_name, user.email, user.is_active) == ("锡北秘书", "xq@example.com", True)
    assert user.check_password("Gen3rated-pw")
    _assert_shown_once_on_the_page(client, response, "Gen3rated-pw", user)


def test_it_creates_a_user_with_a_typed_password_and_a_first_role(xs, client_for):
    data = _new_user_data(password="Long-enough-9", role=Role.TOWN_SECRETARY, committee=xs.eh.pk)
    response = client_for(xs.admin).post(reverse("users:create"), data)
    assert response.status_code == 302
    user = User.objects.get(username="xq_secretary")
    assert user.check_password("Long-enough-9")
    assert not [m for m in _messages(response) if m.level == constants.WARNING]  # no password to tell
    assignment = RoleAssignment.objects.active().get(user=user)
    assert (assignment.role, assignment.committee, assignment.granted_by) == (Role.TOWN_SECRETARY, xs.eh, xs.admin)


def test_it_refuses_a_duplicate_username(xs, client_for):
    response = client_for(xs.admin).post(reverse("users:create"), _new_user_data(username="DG_Secretary"))
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert User.objects.filter(username__iexact="dg_secretary").count() == 1


def test_it_refuses_a_first_role_on_the_wrong_kind_and_creates_nothing(xs, client_for):
    data = _new_user_data(role=Role.TOWN_SECRETARY, committee=xs.dg_v1.pk)
    response = client_for(xs.admin).post(reverse("users:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["committee"]
    assert not User.objects.filter(username="xq_secretary").exists()


def test_it_refuses_a_weak_typed_password(xs, client_for):
    response = client_for(xs.admin).post(reverse("users:create"), _new_user_data(password="123"))
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(username="xq_secretary").exists()


def test_it_needs_both_role_and_committee(xs, client_for):
    response = client_for(xs.admin).post(reverse("users:create"), _new_user_data(role=Role.VIEWER))
    assert response.context["form"].errors["committee"]
    assert not User.objects.filter(username="xq_secretary").exists()


# Detail, editing, activation, passwords ---------------------------------------------------


def test_it_shows_a_user_with_roles_and_history(xs, client_for):
    RoleFactory(
        user=xs.dg_secretary, committee=xs.eh, role=Role.VIEWER, ended_at="2024-01-01T00:00:00+08:00", ended_by=xs.admin
    )
    response = client_for(xs.admin).get(reverse("users:detail", kwargs={"pk": xs.dg_secretary.pk}))
    assert response.status_code == 200
    assert [r.committee for r in response.context["active_roles"]] == [xs.dg]
    assert [(r.committee, r.ended_by) for r in response.context["ended_roles"]] == [(xs.eh, xs.admin)]
    body = response.content.decode()
    assert "东港秘书" in body and "鹅湖镇关工委" in body and "区管理员" in body


def test_it_edits_name_and_email(xs, client_for):
    url = reverse("users:edit", kwargs={"pk": xs.viewer.pk})
    client = client_for(xs.admin)
    assert client.get(url).status_code == 200
    response = client.post(url, {"full_name": " 新名字 ", "email": "v@example.com"})
    assert response.status_code == 302
    xs.viewer.refresh_from_db()
    assert (xs.viewer.first_name, xs.viewer.email) == ("新名字", "v@example.com")


def test_it_validates_the_email(xs, client_for):
    url = reverse("users:edit", kwargs={"pk": xs.viewer.pk})
    response = client_for(xs.admin).post(url, {"full_name": "新名字", "email": "not-an-email"})
    assert response.status_code == 200 and response.context["form"].errors["email"]
    xs.viewer.refresh_from_db()
    assert xs.viewer.first_name == "区查看员"


def test_it_deactivates_and_reactivates(xs, client_for):
    client = client_for(xs.admin)
    response = client.post(reverse("users:deactivate", kwargs={"pk": xs.eh_secretary.pk}))
    assert response.status_code == 302
    xs.eh_secretary.refresh_from_db()
    assert not xs.eh_secretary.is_active
    client.post(reverse("users:reactivate", kwargs={"pk": xs.eh_secretary.pk}))
    xs.eh_secretary.refresh_from_db()
    assert xs.eh_secretary.is_active


def test_it_refuses_to_deactivate_yourself(xs, client_for):
    RoleFactory(user=UserFactory(username="admin2"), committee=xs.district, role=Role.DISTRICT_ADMIN)
    response = client_for(xs.admin).post(reverse("users:deactivate", kwargs={"pk": xs.admin.pk}))
    assert response.status_code == 302
    assert [m.level for m in _messages(response)] == [constants.ERROR]
    xs.admin.refresh_from_db()
    assert xs.admin.is_active


def test_it_resets_a_password_and_shows_it_once(xs, client_for, monkeypatch):
    monkeypatch.setattr(services.users, "password_generate", lambda: "Gen3rated-pw")
    client = client_for(xs.admin)
    response = client.post(reverse("users:reset_password", kwargs={"pk": xs.dg_viewer.pk}))
    xs.dg_viewer.refresh_from_db()
    assert not xs.dg_viewer.check_password(PASSWORD)
    assert xs.dg_viewer.check_password("Gen3rated-pw")
    _assert_shown_once_on_the_page(client, response, "Gen3rated-pw", xs.dg_viewer)


def _assert_shown_once_on_the_page(client, response, password: str, user) -> None:
    """The password is on the page that answers the POST, kept by no cache, and never stored:
    not in the signed (unencrypted) messages cookie, not in the session, not shown again."""
    assert response.status_code == 200
    body = response.content.decode()
    assert password in body and user.username in body
    assert reverse("users:detail", kwargs={"pk": user.pk}) in body
    assert "no-store" in response["Cache-Control"]
    for name, morsel in client.cookies.items():
        assert password not in morsel.value, name
    assert password not in str(dict(client.session.items()))
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    request.session = client.session
    assert not [m for m in FallbackStorage(request) if password in str(m)]  # the stores, decoded
    assert not [m for m in _messages(response) if password in str(m)]
    assert password not in client.get(reverse("users:detail", kwargs={"pk": user.pk})).content.decode()


def test_action_urls_take_only_post(xs, client_for):
    client = client_for(xs.admin)
    for name in ("deactivate", "reactivate", "reset_password", "role_assign"):
        assert client.get(reverse(f"users:{name}", kwargs={"pk": xs.viewer.pk})).status_code == 405
    xs.viewer.refresh_from_db()
    assert xs.viewer.is_active and xs.viewer.check_password(PASSWORD)


# Roles ------------------------------------------------------------------------------


def test_it_assigns_a_role(xs, client_for):
    url = reverse("users:role_assign", kwargs={"pk": xs.viewer.pk})
    response = client_for(xs.admin).post(url, {"role": Role.TOWN_SECRETARY, "committee": xs.eh.pk})
    assert response.status_code == 302
    assert RoleAssignment.objects.active().filter(user=xs.viewer, committee=xs.eh, role=Role.TOWN_SECRETARY).exists()
    # Without handover the current secretary keeps the role.
    assert RoleAssignment.objects.active().filter(user=xs.eh_secretary, committee=xs.eh).exists()


def test_it_hands_over_a_role(xs, client_for):
    old = RoleAssignment.objects.get(user=xs.eh_secretary, committee=xs.eh)
    url = reverse("users:role_assign", kwargs={"pk": xs.viewer.pk})
    data = {"role": Role.TOWN_SECRETARY, "committee": xs.eh.pk, "handover": "on"}
    response = client_for(xs.admin).post(url, data)
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.ended_at is not None and old.ended_by == xs.admin
    new = RoleAssignment.objects.active().get(committee=xs.eh, role=Role.TOWN_SECRETARY)
    assert new.user == xs.viewer and new.granted_by == xs.admin
    history = client_for(xs.admin).get(reverse("users:detail", kwargs={"pk": xs.eh_secretary.pk}))
    assert list(history.context["ended_roles"]) == [old]


def test_it_refuses_a_town_secretary_on_a_village(xs, client_for):
    url = reverse("users:role_assign", kwargs={"pk": xs.viewer.pk})
    response = client_for(xs.admin).post(url, {"role": Role.TOWN_SECRETARY, "committee": xs.dg_v1.pk})
    assert response.status_code == 200
    assert response.context["assign_form"].errors["committee"]
    assert not RoleAssignment.objects.filter(user=xs.viewer, committee=xs.dg_v1).exists()


def test_it_refuses_a_closed_committee(xs, client_for):
    xs.eh_v1.closed_on = "2024-01-01"
    xs.eh_v1.save()
    url = reverse("users:role_assign", kwargs={"pk": xs.viewer.pk})
    response = client_for(xs.admin).post(url, {"role": Role.VIEWER, "committee": xs.eh_v1.pk})
    assert response.status_code == 200 and response.context["assign_form"].errors["committee"]


def test_it_refuses_a_role_the_user_already_holds(xs, client_for):
    url = reverse("users:role_assign", kwargs={"pk": xs.dg_secretary.pk})
    response = client_for(xs.admin).post(url, {"role": Role.TOWN_SECRETARY, "committee": xs.dg.pk})
    assert response.status_code == 200 and response.context["assign_form"].non_field_errors()
    assert RoleAssignment.objects.filter(user=xs.dg_secretary).count() == 1


def test_it_ends_a_role(xs, client_for):
    assignment = RoleAssignment.objects.get(user=xs.dg_viewer)
    url = reverse("users:role_end", kwargs={"pk": xs.dg_viewer.pk, "assignment_pk": assignment.pk})
    response = client_for(xs.admin).post(url)
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_at is not None and assignment.ended_by == xs.admin


def test_it_refuses_to_end_the_last_admin(xs, client_for):
    assignment = RoleAssignment.objects.get(user=xs.admin)
    url = reverse("users:role_end", kwargs={"pk": xs.admin.pk, "assignment_pk": assignment.pk})
    response = client_for(xs.admin).post(url)
    assert [m.level for m in _messages(response)] == [constants.ERROR]
    assignment.refresh_from_db()
    assert assignment.ended_at is None


# Permissions and bad ids -------------------------------------------------------------------

URLS = {
    "users:list": {},
    "users:create": {},
    "users:detail": {"pk": "target"},
    "users:edit": {"pk": "target"},
    "users:deactivate": {"pk": "target"},
    "users:reactivate": {"pk": "target"},
    "users:reset_password": {"pk": "target"},
    "users:role_assign": {"pk": "target"},
    "users:role_end": {"pk": "target", "assignment_pk": "assignment"},
}


def _url(xs, name: str) -> str:
    target = xs.dg_viewer
    ids = {"target": target.pk, "assignment": RoleAssignment.objects.get(user=target).pk}
    return reverse(name, kwargs={k: ids[v] for k, v in URLS[name].items()})


@pytest.mark.parametrize("role", ["staff", "dg_secretary", "eh_secretary", "viewer", "dg_viewer"])
@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_it_validates_permissions(xs, client_for, role, name, method):
    data = {"full_name": "x", "username": "x", "role": Role.VIEWER, "committee": xs.dg.pk} if method == "post" else {}
    response = getattr(client_for(getattr(xs, role)), method)(_url(xs, name), data)
    assert response.status_code == 403
    xs.dg_viewer.refresh_from_db()
    assert xs.dg_viewer.is_active and xs.dg_viewer.check_password(PASSWORD) and xs.dg_viewer.first_name == "东港查看员"
    assert RoleAssignment.objects.filter(user=xs.dg_viewer).get().ended_at is None
    assert not User.objects.filter(username="x").exists()


@pytest.mark.parametrize("name", URLS)
def test_it_sends_anonymous_users_to_the_login_page(xs, client, name):
    response = client.get(_url(xs, name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_lets_a_deactivated_admin_do_nothing(xs, client_for):
    RoleFactory(user=UserFactory(username="admin2"), committee=xs.district, role=Role.DISTRICT_ADMIN)
    client = client_for(xs.admin)
    xs.admin.is_active = False
    xs.admin.save()
    assert client.get(reverse("users:list")).status_code == 302  # logged out: the backend refuses inactive users


@pytest.mark.parametrize("name", [n for n in URLS if n not in ("users:list", "users:create")])
def test_it_gives_404_for_an_unknown_user(xs, client_for, name):
    kwargs = {k: 999999 for k in URLS[name]}
    response = client_for(xs.admin).post(reverse(name, kwargs=kwargs), {})
    assert response.status_code == 404


def test_it_gives_404_for_a_role_of_another_user(xs, client_for):
    assignment = RoleAssignment.objects.get(user=xs.staff)
    url = reverse("users:role_end", kwargs={"pk": xs.dg_viewer.pk, "assignment_pk": assignment.pk})
    assert client_for(xs.admin).post(url).status_code == 404
    assignment.refresh_from_db()
    assert assignment.ended_at is None


# Own password ------------------------------------------------------------------------------


def test_a_user_changes_their_own_password(xs, client_for):
    client = client_for(xs.dg_viewer)
    assert client.get(reverse("password_change")).status_code == 200
    data = {"old_password": PASSWORD, "new_password1": "New-pass-Xishan-7", "new_password2": "New-pass-Xishan-7"}
    response = client.post(reverse("password_change"), data)
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    xs.dg_viewer.refresh_from_db()
    assert xs.dg_viewer.check_password("New-pass-Xishan-7")
    assert client.get(reverse("users:list")).status_code == 403  # still logged in, still no user admin


def test_it_refuses_a_wrong_old_password(xs, client_for):
    data = {"old_password": "wrong", "new_password1": "New-pass-Xishan-7", "new_password2": "New-pass-Xishan-7"}
    response = client_for(xs.dg_viewer).post(reverse("password_change"), data)
    assert response.status_code == 200 and response.context["form"].errors["old_password"]
    xs.dg_viewer.refresh_from_db()
    assert xs.dg_viewer.check_password(PASSWORD)

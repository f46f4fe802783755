"""The base layout's parts rendered once and kept ({% memo %}, committees/templatetags/layout.py):
kept for each value of its arguments, the language and the URL prefix; never holding a CSRF token;
the menu of one role never shown to another."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.test import override_settings
from django.urls import reverse, set_script_prefix
from django.utils import translation

ENGINE = Engine(libraries={"layout": "committees.templatetags.layout"})


def counting_template():
    calls = []

    def count():
        calls.append(1)
        return len(calls)

    return ENGINE.from_string("{% load layout %}{% memo flag %}[{{ count }}]{% endmemo %}"), count


def test_memo_renders_once_for_each_value_language_and_prefix():
    template, count = counting_template()
    with translation.override("zh-hans"):
        assert template.render(Context({"flag": True, "count": count})) == "[1]"
        assert template.render(Context({"flag": True, "count": count})) == "[1]"
        assert template.render(Context({"flag": False, "count": count})) == "[2]"
        assert template.render(Context({"flag": True, "count": count})) == "[1]"
    with translation.override("en"):
        assert template.render(Context({"flag": True, "count": count})) == "[3]"
    set_script_prefix("/portal/")
    try:
        with translation.override("zh-hans"):
            assert template.render(Context({"flag": True, "count": count})) == "[4]"
    finally:
        set_script_prefix("/")


def test_memo_renders_again_after_a_change_of_settings():
    template, count = counting_template()
    assert template.render(Context({"flag": 1, "count": count})) == "[1]"
    with override_settings(STATIC_URL="/assets/"):
        assert template.render(Context({"flag": 1, "count": count})) == "[2]"


def test_memo_refuses_a_csrf_token():
    with pytest.raises(TemplateSyntaxError):
        ENGINE.from_string("{% load layout %}{% memo %}<form>{% csrf_token %}</form>{% endmemo %}")


def menu_links(client, user) -> str:
    client.force_login(user)
    html = client.get(reverse("committees:tree")).content.decode()
    return html[html.index('<nav class="mainnav"') : html.index("</nav>")]


def test_each_role_sees_its_own_menu_whoever_came_before(client, xs):
    users_link = f'href="{reverse("users:list")}"'
    funds_link = f'href="{reverse("funding:index")}"'
    for _ in range(2):
        admin_menu = menu_links(client, xs.admin)
        viewer_menu = menu_links(client, xs.viewer)
        assert users_link in admin_menu and funds_link in admin_menu
        assert users_link not in viewer_menu and funds_link in viewer_menu


def test_the_menu_follows_the_language(client, xs):
    client.force_login(xs.staff)
    client.cookies["django_language"] = "en"
    assert ">Committees</a>" in client.get(reverse("committees:tree")).content.decode()
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("committees:tree")).content.decode()
    assert ">Committees</a>" not in page and 'lang="zh-hans"' in page


def test_a_signed_out_page_shows_no_menu_after_a_signed_in_one(client, xs):
    client.force_login(xs.admin)
    assert 'class="mainnav"' in client.get(reverse("committees:tree")).content.decode()
    client.logout()
    assert 'class="mainnav"' not in client.get(reverse("login")).content.decode()


def test_the_menu_s_entries_are_those_the_roles_allow_and_its_key_names_them_all(xs, rf):
    from committees import scoping
    from committees.context_processors import MENU_ACTIONS, navigation

    for user in (xs.admin, xs.staff, xs.dg_secretary, xs.viewer, xs.dg_viewer):
        request = rf.get("/")
        request.user = user
        nav = navigation(request)["nav"]
        expected = {name: scoping.can_anywhere(user, action) for name, action in MENU_ACTIONS.items()}
        assert {name: nav[name] for name in MENU_ACTIONS} == expected
        assert nav["key"] == tuple(expected.values())

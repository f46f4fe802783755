"""The list rows written in Python (committees.rows) are the rows the template loops they replaced
wrote: each loop, as it stood in the list's template, rendered over the page's own rows, must
appear in the page as served, for the demo district's users and some filters, sorts and pages
(names with markup characters in them included)."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, prefetch_related_objects
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from committees import scoping
from committees.models import Committee, Kind, Person, Post, TutoringStation, Volunteer
from tests.factories import PersonFactory, VolunteerFactory

# The loops as the templates had them (before committees.rows), whitespace included.
LOOPS = {
    "people": (
        "{% for p in page_obj %}\n"
        '    <tr><td><a href="{% url \'registry:person_detail\' p.pk %}">{{ p.name }}</a></td><td>{{ p.get_gender_display|default:"—" }}</td><td class="num">{{ p.birth_year }}</td>\n'
        '      <td>{{ p.phone_shown|default:"—" }}</td><td>{{ p.get_five_old_category_display|default:"—" }}</td>\n'
        "      <td>{% for post in p.open_posts %}{{ post.committee.name }} · {{ post.get_position_display }}{% if not forloop.last %}<br>{% endif %}{% empty %}—{% endfor %}</td>\n"
        "      <td>{% for v in p.active_memberships %}{{ v.committee.name }} · {{ v.get_layer_display }}{% if not forloop.last %}<br>{% endif %}{% empty %}—{% endfor %}</td></tr>\n"
        "  {% endfor %}"
    ),
    "volunteers": (
        "{% for v in page_obj %}\n"
        '    <tr><td><a href="{% url \'registry:person_detail\' v.person_id %}">{{ v.person.name }}</a></td><td class="num">{{ v.person.birth_year }}</td><td>{{ v.committee.name }}</td><td>{{ v.get_layer_display }}</td>\n'
        "      <td>{% for r in v.backbone_roles.all %}{{ r.name }}{% if not forloop.last %}、{% endif %}{% empty %}—{% endfor %}</td>\n"
        '      <td class="num">{{ v.points_total }}</td><td>{{ v.joined_on|date:"Y-m-d"|default:"—" }}</td><td>{{ v.exited_on|date:"Y-m-d"|default:"—" }}</td></tr>\n'
        "  {% endfor %}"
    ),
    "teams": (
        "{% for t in page_obj %}\n"
        "    <tr><td><a href=\"{% url 'registry:team_detail' t.pk %}\">{{ t.name }}</a></td><td>{{ t.get_team_type_display }}</td><td>{{ t.committee.name }}</td>\n"
        '      <td class="num">{{ t.founded_year|default_if_none:"—" }}</td><td class="num">{{ t.n_members }}</td><td>{{ t.service_content|default:"—"|truncatechars:80 }}</td></tr>\n'
        "  {% endfor %}"
    ),
    "stations": (
        "{% for s in page_obj %}\n"
        '    <tr><td><a href="{% url \'registry:station_detail\' s.pk %}">{{ s.name }}</a>{% if s.points.all %} <span class="badge">{% translate "hub and points" %}</span>{% endif %}</td><td>{{ s.committee.name }}</td>\n'
        "      <td>{% for point in s.points.all %}<a href=\"{% url 'registry:station_detail' point.pk %}\">{{ point.name }}</a>{% if not forloop.last %}、{% endif %}{% empty %}—{% endfor %}</td>\n"
        '      <td>{{ s.linked_school.name|default:"—" }}</td><td class="num">{{ s.opened_year|default_if_none:"—" }}</td><td class="num">{{ s.activities_per_year }}</td></tr>\n'
        "  {% endfor %}"
    ),
    "meetings": (
        "{% for m in page_obj %}\n"
        '    <tr><td>{{ m.date|date:"Y-m-d" }}</td><td>{{ m.get_kind_display }}</td><td>{{ m.convenor.name }}</td>\n'
        '      <td class="wrap">{% with taking_part=m.participants.all %}{% for c in taking_part|slice:":3" %}{{ c.name }}{% if not forloop.last %}、{% endif %}{% empty %}—{% endfor %}{% if taking_part|length > 3 %}{% blocktranslate count counter=taking_part|length %}… ({{ counter }} in all){% plural %}… ({{ counter }} in all){% endblocktranslate %}{% endif %}{% endwith %}</td>\n'
        '      <td class="wrap">{{ m.topics }}{% if m.decisions %}<br><span class="muted">{% translate "decisions" %}：{{ m.decisions|truncatechars:80 }}</span>{% endif %}{% if m.findings %}<br><span class="muted">{% translate "visit findings" %}：{{ m.findings|truncatechars:80 }}</span>{% endif %}</td>\n'
        '      {% if may_log %}<td>{% if m.convenor_id in writable %}<a href="{% url \'meetings:edit\' m.pk %}">{% translate "Change" %}</a> <a href="{% url \'meetings:delete\' m.pk %}">{% translate "Remove" %}</a>{% endif %}</td>{% endif %}</tr>\n'
        "  {% endfor %}"
    ),
    "ranking": (
        "{% for v in page_obj %}\n"
        '    <tr><td class="num">{{ v.rank }}</td><td><a href="{% url \'registry:person_detail\' v.person_id %}">{{ v.person.name }}</a></td><td>{{ v.committee.name }}</td><td>{{ v.get_layer_display }}</td><td class="num">{{ v.year_points|floatformat:"2" }}</td><td class="num">{{ v.year_entries }}</td></tr>\n'
        "  {% endfor %}"
    ),
}

PAGES = [
    ("people", "registry:person_list", {}),
    ("people", "registry:person_list", {"sort": "-birth_year", "page": "3"}),
    ("people", "registry:person_list", {"q": "<b>"}),
    ("volunteers", "registry:volunteer_list", {}),
    ("volunteers", "registry:volunteer_list", {"page": "40"}),
    ("volunteers", "registry:volunteer_list", {"sort": "-exited", "per_page": "100"}),
    ("volunteers", "registry:volunteer_list", {"q": "<b>"}),
    ("teams", "registry:team_list", {}),
    ("teams", "registry:team_list", {"sort": "-members", "page": "2"}),
    ("stations", "registry:station_list", {}),
    ("stations", "registry:station_list", {"page": "2"}),
    ("meetings", "meetings:list", {}),
    ("meetings", "meetings:list", {"page": "2"}),
    ("ranking", "registry:points_ranking", {"year": "2023"}),
    ("ranking", "registry:points_ranking", {"year": "2023", "page": "2"}),
    ("ranking", "registry:points_ranking", {}),
]


def _url(name: str, user) -> str:
    if name != "registry:points_ranking":
        return reverse(name)
    return reverse(name, args=[scoping.scope_roots(user).order_by("path").first().pk])


@pytest.fixture
def marked_up(demo_district):
    """A five-old whose name and committee's name hold characters HTML escapes."""
    village = Committee.objects.filter(kind=Kind.VILLAGE, path__startswith="/XS/").order_by("path").first()
    person = PersonFactory(name="<b>王\"&'</b>", phone="13900001111")
    return VolunteerFactory(person=person, committee=village)


def _as_prefetched(people: list[Person], user) -> list[Person]:
    """The page's people read again with their open posts and active memberships prefetched, as the
    list read them before selectors.people_with_memberships, and their phones as shown."""
    posts = scoping.scope_queryset(Post.objects.all(), user).open().select_related("committee")
    volunteers = scoping.scope_queryset(Volunteer.objects.all(), user).active().select_related("committee")
    again = Person.objects.in_bulk([p.pk for p in people])
    prefetched = [again[p.pk] for p in people]
    prefetch_related_objects(
        prefetched,
        Prefetch("posts", queryset=posts, to_attr="open_posts"),
        Prefetch("volunteer_memberships", queryset=volunteers, to_attr="active_memberships"),
    )
    for person, shown in zip(prefetched, people, strict=True):
        person.phone_shown = shown.phone_shown
    return prefetched


@pytest.mark.parametrize("username", ["staff", "dongang", "viewer"])
def test_the_rows_are_those_the_template_loops_wrote(marked_up, client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    for table, name, params in PAGES:
        response = client.get(_url(name, user), params)
        assert response.status_code == 200
        context = response.context
        shown = {k: context.get(k) for k in ("page_obj", "may_log", "writable")}
        if table == "people":  # the loop read the posts and memberships as the list prefetched them
            shown["page_obj"] = _as_prefetched(context["page_obj"].object_list, user)
        if table == "stations":  # and the satellite points, in the order they were registered
            points = Prefetch("points", queryset=TutoringStation.objects.order_by("pk"))
            prefetch_related_objects(context["page_obj"].object_list, points)
        with translation.override("zh-hans"):
            expected = Template("{% load i18n %}" + LOOPS[table]).render(Context(shown))
        assert context["page_obj"].object_list, (table, params)
        assert expected.count("<tr>") == len(context["page_obj"].object_list)
        assert expected in response.content.decode(), (username, table, params)


def test_the_marked_up_name_is_escaped(marked_up, client):
    client.force_login(get_user_model().objects.get(username="staff"))
    page = client.get(reverse("registry:volunteer_list"), {"q": "<b>"}).content.decode()
    assert "&lt;b&gt;王&quot;&amp;&#x27;&lt;/b&gt;" in page
    assert "<b>王" not in page
    assert Volunteer.objects.filter(person__name__startswith="<b>").count() == 1

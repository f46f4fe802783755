"""committees.links and the list templates' Python-written rows: the same links and text as the
template tags they replace."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe

from committees import rows
from committees.links import id_link
from committees.models import Committee
from committees.templatetags.listing import committee_leaves


@pytest.mark.parametrize("name", ["committees:detail", "registry:person_detail", "registry:team_detail"])
def test_id_link_gives_what_reverse_gives(name):
    link = id_link(name)
    for pk in (1, 42, 918273645546372819, 123456789):
        assert link(pk) == reverse(name, kwargs={"pk": pk})


def test_id_link_follows_the_script_prefix():
    set_script_prefix("/portal/")
    try:
        assert id_link("committees:detail")(7) == "/portal/committees/7/" == reverse("committees:detail", args=[7])
    finally:
        set_script_prefix("/")
    assert id_link("committees:detail")(7) == "/committees/7/"


def test_committee_leaves_match_the_template_loop_they_replace():
    committees = [Committee(pk=3, name="东港<村>&“关工委”"), Committee(pk=12, name='O\'Brien "学校"')]
    loop = Template(
        "{% for c in members %}<li><a href=\"{% url 'committees:detail' c.pk %}\">{{ c.name }}</a></li>{% endfor %}"
    ).render(Context({"members": committees}))
    assert committee_leaves(committees) == loop
    assert "&lt;村&gt;&amp;" in loop


@pytest.mark.parametrize(
    "value",
    [
        "王<b>&'\"",
        1955,
        -3,
        Decimal("12.50"),
        Decimal("-0.00"),
        Decimal("1E+3"),
        Decimal("1.2E-7"),
        Decimal("1E+250"),
        None,
        datetime.date(2024, 3, 9),
        datetime.datetime(2024, 3, 8, 20, 30, tzinfo=datetime.UTC),
        mark_safe("<i>safe</i>"),
        True,
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_cell_shows_a_value_as_a_template_shows_it(value, language):
    with translation.override(language):
        shown = Template("{{ value }}").render(Context({"value": value}))
        assert rows.text(value) == shown
        assert rows.or_dash(value) == Template('{{ value|default:"—" }}').render(Context({"value": value}))
        if isinstance(value, datetime.date) or value is None:
            assert rows.day(value) == Template('{{ value|date:"Y-m-d"|default:"—" }}').render(Context({"value": value}))

"""The committee tree written in Python (committees.tree_html) is the tree the recursive include of
the node template wrote (the templates as they stood are kept in tests/committees/tree_before/):
for a district's and a town's reader, past each limit, with committees of every group, names with
markup characters in them, in both languages. The tree's committees are read in three queries (the
numbers by parent and kind, which give the page's counts by kind too; the committees listed, which
are the ancestors the numbers add up to as well; the roots) whatever the limits."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Engine
from django.urls import reverse
from django.utils import translation

from committees import scoping, selectors
from committees.models import TOWN_KINDS, Committee, Kind
from committees.selectors import tree
from committees.tree_html import tree_html
from tests.factories import CommitteeFactory

BEFORE = Engine(
    dirs=["tests/committees/tree_before"],
    libraries={"i18n": "django.templatetags.i18n", "listing": "committees.templatetags.listing"},
)
LOOP = '{% for node in tree %}{% include "committees/_tree_node.html" with open=True %}{% endfor %}'


def _as_before(nodes) -> str:
    return BEFORE.from_string(LOOP).render(Context({"tree": nodes}))


@pytest.fixture
def marked_up(xs):
    CommitteeFactory(code="XS01E01", name="<b>东港</b> & 纺织企业", kind=Kind.ENTERPRISE, parent=xs.dg)
    line = CommitteeFactory(code="XSL01", name="教育条线关工委", kind=Kind.LINE, parent=xs.district)
    CommitteeFactory(code="XSL01S01", name="实验学校关工委", kind=Kind.SCHOOL, parent=line)
    CommitteeFactory(code="XS01L01", name="镇条线关工委", kind=Kind.LINE, parent=xs.dg)  # a leaf of a town
    CommitteeFactory(code="XS01C01", name='"引号"社区', kind=Kind.COMMUNITY, parent=xs.dg)
    return xs


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("limits", [(3000, 300), (5, 300), (5, 1)])
@pytest.mark.parametrize("username", ["admin", "dg_secretary"])
def test_the_tree_is_the_one_the_templates_wrote(marked_up, monkeypatch, language, limits, username):
    monkeypatch.setattr(tree, "TREE_LEAVES_AT_MOST", limits[0])
    monkeypatch.setattr(tree, "TREE_TOWNS_AT_MOST", limits[1])
    user = getattr(marked_up, username)
    nodes = selectors.committee_tree(scoping.committees_for(user), scoping.scope_roots(user).order_by("path")).nodes
    with translation.override(language):
        ours, before = str(tree_html(nodes)), _as_before(nodes)
    assert ours == before
    assert ("&lt;b&gt;东港&lt;/b&gt; &amp; 纺织企业" in ours) == (limits[0] == 3000)


@pytest.mark.parametrize("leaves_at_most", [3000, 5])
def test_the_counts_by_kind_are_those_of_kind_counts(marked_up, monkeypatch, leaves_at_most):
    monkeypatch.setattr(tree, "TREE_LEAVES_AT_MOST", leaves_at_most)
    readable = scoping.committees_for(marked_up.admin)
    found = selectors.committee_tree(readable, scoping.scope_roots(marked_up.admin))
    assert found.by_kind == selectors.kind_counts(readable)
    assert found.leaves_listed == (leaves_at_most == 3000)


@pytest.mark.parametrize("limits", [(3000, 300), (5, 300), (5, 1)])
def test_the_page_reads_the_tree_in_three_queries(
    marked_up, client_for, monkeypatch, django_assert_num_queries, limits
):
    monkeypatch.setattr(tree, "TREE_LEAVES_AT_MOST", limits[0])
    monkeypatch.setattr(tree, "TREE_TOWNS_AT_MOST", limits[1])
    client = client_for(marked_up.admin)
    client.get(reverse("committees:tree"))
    with django_assert_num_queries(3 + 3):  # the session, the user and the user's roles; the tree
        response = client.get(reverse("committees:tree"))
    assert response.context["counts"]["towns"] == 2


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.branches)


@pytest.mark.parametrize("limits", [(3000, 300), (5, 300), (5, 1)])
@pytest.mark.parametrize("username", ["admin", "dg_secretary"])
def test_each_node_counts_the_open_committees_below_it(marked_up, monkeypatch, limits, username):
    """The numbers by parent, read in one pass and added up the committees read, are each node's
    open committees below it by group, counted in the database committee by committee."""
    CommitteeFactory(
        code="XS01V99", name="已撤销村", kind=Kind.VILLAGE, parent=marked_up.dg, closed_on=datetime.date(2024, 1, 1)
    )
    monkeypatch.setattr(tree, "TREE_LEAVES_AT_MOST", limits[0])
    monkeypatch.setattr(tree, "TREE_TOWNS_AT_MOST", limits[1])
    user = getattr(marked_up, username)
    nodes = list(_walk(selectors.committee_tree(scoping.committees_for(user), scoping.scope_roots(user)).nodes))
    assert nodes
    groups = {**tree.TREE_GROUPS, "towns": TOWN_KINDS}
    for node in nodes:
        committee = Committee.objects.get(pk=node.committee.pk)
        below = Committee.objects.subtree_of(committee, include_self=False).open()
        expected = {key: below.filter(kind__in=kinds).count() for key, kinds in groups.items()}
        assert node.counts == {key: n for key, n in expected.items() if n}, node.committee.code

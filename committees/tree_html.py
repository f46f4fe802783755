"""The committee tree page's tree written in Python: the HTML the recursive include of its node
template wrote, byte for byte (tests/committees/test_tree_html.py compares them). An include a
node, and two more for its counts and its groups' labels, were most of the page's time: a
province's hundred districts took 60 ms."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .links import id_link
from .rows import text
from .selectors.tree import TreeNode
from .templatetags.listing import committee_leaves


def tree_html(nodes: list[TreeNode]) -> SafeString:
    """The roots open, every committee below them closed (a town's villages open under a root)."""
    link = id_link("committees:detail")
    counted = [
        ("towns", _("Towns and subdistricts")),
        ("villages", _("Villages and communities")),
        ("schools", _("Schools")),
        ("enterprises", _("Enterprises")),
    ]
    labels = {
        "villages": _("Villages and communities"),
        "schools": _("Schools"),
        "enterprises": _("Enterprises"),
        "lines": _("Line committees"),
    }
    other = _("Other committees")

    def counts(found: dict[str, int]) -> str:
        return "".join(f"<span>{text(label)} {text(found[key])}</span>" for key, label in counted if found.get(key))

    def group(key: str, members: list, villages_open: bool) -> str:
        opened = " open" if villages_open and key == "villages" else ""
        return (
            f'\n    <details class="tree-group" data-group="{text(key)}"{opened}>\n'
            f'      <summary>{text(labels.get(key, other))}\n <span class="muted">（{text(len(members))}）</span></summary>\n'
            f'      <ul class="tree-leaves">{committee_leaves(members)}</ul>\n'
            "    </details>\n  "
        )

    def node_html(node: TreeNode, opened: bool) -> str:
        c = node.committee
        villages_open = opened and c.is_town
        return (
            f'<details class="tree-node" data-code="{text(c.code)}"{" open" if opened else ""}>\n'
            f'  <summary><a href="{link(c.pk)}">{text(c.name)}</a> <span class="badge">{text(c.get_kind_display())}</span>\n'
            f'    <span class="tree-counts muted">{counts(node.counts)}\n</span></summary>\n'
            '  <div class="tree-body">\n'
            f"  {''.join(node_html(b, False) for b in node.branches)}\n"
            f"  {''.join(group(key, members, villages_open) for key, members in node.groups)}\n"
            "  </div>\n"
            "</details>\n"
        )

    return mark_safe("".join(node_html(node, True) for node in nodes))

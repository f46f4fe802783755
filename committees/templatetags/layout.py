"""The page layout's parts that are the same for many requests, rendered once: `{% memo a b %}…{% endmemo %}`.

The base layout writes some twenty links and labels around every page (the menu, the language
list, the stylesheets and scripts); through the template language each `{% url %}`,
`{% translate %}` and `{% static %}` costs some tens of microseconds, a millisecond or two a page.
A memo block renders its content once for each value of its arguments, the active language, the
URL prefix and URL configuration, keeps the HTML in the worker's memory, and writes it again on the
next request; a change of settings (tests override them) forgets every block's HTML.

Its content may depend on nothing else: not on the user (except through the arguments), the
request, the path or a CSRF token (a `{% csrf_token %}` inside a memo is refused).
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Different argument values a block keeps before it forgets them all (the menu has a few per role).
MAX_KEPT = 64

# Counts the changes of settings: a block renders again after one.
_settings_changes = [0]


@receiver(setting_changed, dispatch_uid="layout_memo_settings_changed")
def _forget_on_settings_change(**kwargs) -> None:
    _settings_changes[0] += 1


class MemoNode(template.Node):
    def __init__(self, nodelist: template.NodeList, args: list[template.base.FilterExpression]):
        self.nodelist = nodelist
        self.args = args
        self.kept: dict[tuple, str] = {}

    def render(self, context) -> str:
        key = (
            _settings_changes[0],
            get_language(),
            get_script_prefix(),
            get_urlconf(),
            *(arg.resolve(context) for arg in self.args),
        )
        html = self.kept.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(self.kept) >= MAX_KEPT:
                self.kept.clear()
            self.kept[key] = html
        return mark_safe(html)


@register.tag
def memo(parser, token) -> MemoNode:
    """The memo block (memo value … / endmemo): its content rendered once for each set of values."""
    args = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError("A memo block cannot hold a csrf_token tag, which differs by request.")
    return MemoNode(nodelist, args)

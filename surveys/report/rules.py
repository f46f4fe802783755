"""The problem rules as district admins keep them: read them in order, change one.

A change goes through problem_rule_update (the admin right anywhere, the model's clean, the
history with the acting user); the next compile reads the rules again (selectors.enabled_rules).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from committees import scoping
from committees.scoping import Action

from .models import ProblemRule

RULE_FIELDS = ("enabled", "threshold", "description", "recommendation_title", "recommendation")


def problem_rules() -> QuerySet[ProblemRule]:
    return ProblemRule.objects.order_by("display_order", "code")


def problem_rule_update(*, actor, rule: ProblemRule, **data) -> ProblemRule:
    """Change a rule's switch, threshold or texts; refused (PermissionDenied) without the right to
    manage rounds, standards and rules; a bad threshold raises ValidationError naming it."""
    scoping.require_anywhere(actor, Action.MANAGE_ROUNDS)
    changed = [f for f in RULE_FIELDS if f in data and getattr(rule, f) != data[f]]
    if not changed:
        return rule
    for name in changed:
        setattr(rule, name, data[name])
    rule.full_clean()
    rule._history_user = actor
    with transaction.atomic():
        if not rule.history.exists():
            # The migration seeded the rule without history: keep its first values, so that the
            # history shows what this change changed.
            ProblemRule.history.bulk_history_create(
                [ProblemRule.objects.get(pk=rule.pk)], default_change_reason=_("Default values")
            )
        rule.save(update_fields=changed)
    return rule

"""The problem rules as district admins keep them: read them in order, change one.

A change goes through problem_rule_update (the admin right anywhere, the model's clean, the
history with the acting user); the next compile reads the rules again (selectors.enabled_rules).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from committees import scoping
from committees.scoping import Action
from committees.services import history_baseline

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
        history_baseline(rule)  # the migration seeded the rule without history
        rule.save(update_fields=changed)
    return rule

"""The problem rules as district admins keep them: read them in order, change one.

A change goes through problem_rule_update (the admin right anywhere, the model's clean, the
history with the acting user); the next compile reads the rules again (selectors.enabled_rules).
"""

from __future__ import annotations

from django.db.models import QuerySet

from committees.services import reference_save

from .models import ProblemRule

RULE_FIELDS = ("enabled", "threshold", "description", "recommendation_title", "recommendation")


def problem_rules() -> QuerySet[ProblemRule]:
    return ProblemRule.objects.order_by("display_order", "code")


def problem_rule_update(*, actor, rule: ProblemRule, **data) -> ProblemRule:
    """Change a rule's switch, threshold or texts, as any district-wide reference row is changed
    (committees.services.reference_save: the admin right, the model's clean, the history)."""
    return reference_save(actor=actor, obj=rule, data={f: data[f] for f in RULE_FIELDS if f in data})

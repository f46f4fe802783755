from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def percent(ratio: Decimal | None) -> str:
    """A ratio as a percentage with one decimal (1.25 → 125.0%), or a dash."""
    if ratio is None:
        return "—"
    return f"{ratio * 100:.1f}%"

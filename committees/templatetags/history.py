"""A history row as a user reads it: who (the system when no user made it) and why, in words."""

from django import template
from django.utils.translation import gettext as _

from committees.selectors import change_reason_label

register = template.Library()


@register.filter
def history_who(record) -> str:
    """The name of the user who made the change; a loading command's change is the system's."""
    user = record.history_user
    if user is None:
        return _("System")
    return user.get_full_name() or user.username


@register.filter
def change_reason(reason: str) -> str:
    return change_reason_label(reason or "")

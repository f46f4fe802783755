from . import scoping
from .scoping import Action


def navigation(request) -> dict:
    """Which menu entries the current user sees (from their roles)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "manage_users": scoping.can_anywhere(user, Action.MANAGE_USERS),
            "manage_settings": scoping.can_anywhere(user, Action.MANAGE_ROUNDS),
            "manage_structure": scoping.can_anywhere(user, Action.MANAGE_STRUCTURE),
            "review": scoping.can_anywhere(user, Action.REVIEW),
            "reports": scoping.can_anywhere(user, Action.VIEW),
            "funds": scoping.can_anywhere(user, Action.VIEW),
            "evaluations": scoping.can_anywhere(user, Action.VIEW),
            "meetings": scoping.can_anywhere(user, Action.VIEW),
            "roles": scoping.user_scopes(user),
        }
    }

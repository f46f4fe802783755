from django.conf import settings
from django.utils.translation import get_language

from . import scoping
from .scoping import Action

# The menu's entries and the action each needs somewhere in the user's scope.
MENU_ACTIONS = {
    "manage_users": Action.MANAGE_USERS,
    "manage_settings": Action.MANAGE_ROUNDS,
    "manage_structure": Action.MANAGE_STRUCTURE,
    "review": Action.REVIEW,
    "reports": Action.VIEW,
    "funds": Action.VIEW,
    "evaluations": Action.VIEW,
    "meetings": Action.VIEW,
}


def site(request) -> dict:
    """The place the portal serves, in the page's language (settings.SITE_PLACE, SITE_PLACE_EN)."""
    chinese = (get_language() or "").startswith("zh")
    return {"site_place": settings.SITE_PLACE if chinese else settings.SITE_PLACE_EN}


def navigation(request) -> dict:
    """Which menu entries the current user sees (from their roles); `nav.key` names the set of
    entries, which the layout keeps its menu under (templates/base.html, {% memo %})."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scopes = scoping.user_scopes(user)
    allowed = frozenset().union(*(scope.actions for scope in scopes))
    entries = {name: action in allowed for name, action in MENU_ACTIONS.items()}
    return {"nav": {**entries, "key": tuple(entries.values()), "roles": scopes}}

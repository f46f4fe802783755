from django.utils.functional import SimpleLazyObject

from committees.models import Role
from committees.scoping import user_scopes

from . import selectors


def notices(request) -> dict:
    """The bell in the header, for the users notices are written to (town secretaries): the count of
    their unread notices, one query, only on a page that shows it. Other users pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not any(scope.role == Role.TOWN_SECRETARY for scope in user_scopes(user)):
        return {}
    return {"notices_bell": True, "unread_notices": SimpleLazyObject(lambda: selectors.unread_notice_count(user))}

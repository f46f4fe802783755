from django.utils.functional import SimpleLazyObject

from . import selectors


def notices(request) -> dict:
    """The count of the user's unread notices for the bell in the header: one query, only on a page that shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": SimpleLazyObject(lambda: selectors.unread_notice_count(user))}

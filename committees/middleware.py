import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


class DefaultLanguageMiddleware:
    """Chinese unless the user chose otherwise (the language cookie), whatever the browser says.

    Stands in for LocaleMiddleware: offices share machines with English-language browsers,
    and the portal must still open in Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


RENEWED_KEY = "_renewed_at"


class IdleSessionMiddleware:
    """Keep a working user's session alive: it ends SESSION_COOKIE_AGE after the last request.

    The session is renewed (saved with a new expiry) when its last renewal is older than
    SESSION_RENEW_SECONDS, rather than on every request as SESSION_SAVE_EVERY_REQUEST would:
    that is a database write per request, and the progress pages poll every second. The idle
    limit is then exact to within SESSION_RENEW_SECONDS.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(RENEWED_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                request.session[RENEWED_KEY] = now
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="session_renewed_at_login")
def _renewed_at_login(sender, request=None, **kwargs) -> None:
    # A new session starts renewed: its first requests need not save it again.
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_KEY] = int(time.time())

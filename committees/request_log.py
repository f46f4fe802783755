"""One log line for a refused or missing page (403, 404): who asked for which path, no traceback.

Django logs them on `django.request` as warnings, a 403 with the PermissionDenied's traceback;
the filter on that logger (settings.LOGGING) rewrites the record instead.
"""

from __future__ import annotations

import logging

SHORT = {403, 404}


class ClientErrorLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        status = getattr(record, "status_code", None)
        if request is None or status not in SHORT:
            return True
        user = getattr(request, "user", None)
        name = user.get_username() if user is not None and user.is_authenticated else "-"
        # get_full_path() percent-encodes: a path cannot add a line of its own to the log.
        record.msg, record.args = "%s %s %s user=%s", (status, request.method, request.get_full_path()[:500], name)
        record.exc_info = record.exc_text = record.stack_info = None
        return True

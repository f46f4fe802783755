"""The audit log page: logins, failed logins, lockouts, unlocks and downloads, for district admins."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .. import scoping
from ..audit import audit_events
from ..filters import AuditFilter
from ..pagination import paginate
from ..scoping import Action


@login_required
def audit_list(request):
    """List the events, newest first, filtered by user, kind and day, a page at a time."""
    scoping.require_anywhere(request.user, Action.MANAGE_USERS)
    events = AuditFilter(request.GET, queryset=audit_events())
    page, base = paginate(request, events.qs)
    return render(request, "committees/audit/list.html", {"filter": events, "page_obj": page, "querystring_base": base})

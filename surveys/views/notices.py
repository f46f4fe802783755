"""The in-portal notices of a town secretary: forms returned, reopened or approved, deadlines
extended. Each user sees only their own; opening the page marks the shown ones read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from committees.pagination import paginate

from .. import selectors, services


@require_safe
@login_required
def notice_list(request):
    """List the user's notices, newest first; the unread ones are marked read once shown."""
    page, query = paginate(request, selectors.notices_of(request.user))
    notices = list(page.object_list)
    unread = [n.pk for n in notices if n.read_at is None]
    if unread:
        services.notices_mark_read(user=request.user, notice_ids=unread)
    context = {"notices": notices, "unread_ids": set(unread), "page_obj": page, "querystring_base": query}
    return render(request, "surveys/notices.html", context)

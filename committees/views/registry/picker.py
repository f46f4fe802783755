"""The lists' committee picker: its <option>s, asked for when the committee filter is first focused."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ... import rows, scoping, selectors

# The browser keeps the options a minute: the lists a reader pages through ask once.
KEPT_SECONDS = 60


@require_safe
@login_required
def committee_choice_list(request):
    """The committees in the reader's scope that the picker offers (selectors.committee_choices),
    as the <option>s of the lists' <datalist> (templates/committees/registry/_filters.html).

    A list page no longer reads and writes them with every page: a province's picker was a
    quarter of an empty list's work, and a district's 180 options 7 KB of every list page."""
    choices = selectors.committee_choices(scoping.committees_for(request.user))
    response = HttpResponse(rows.committee_options(choices))
    patch_cache_control(response, private=True, max_age=KEPT_SECONDS)
    return response

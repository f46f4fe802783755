"""The committee page's 五有五好 panel (registered from EvaluationsConfig.ready()): status derived
from the reviews, the last review, the open and overdue rectifications, and the links."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from committees import scoping
from committees.models import TOWN_KINDS, VILLAGE_KINDS, Committee

from .. import selectors
from ..models import Rectification

SHOWN_KINDS = (*TOWN_KINDS, *VILLAGE_KINDS)  # the committees reviewed against the standard


def committee_panel(request: HttpRequest, committee: Committee) -> dict | None:
    if committee.kind not in SHOWN_KINDS:
        return None
    today = timezone.localdate()
    rectifications = list(
        selectors.rectification_rows(Rectification.objects.filter(committee=committee), state="open", on=today)
    )
    for r in rectifications:
        r.age = selectors.age_in_days(r, today)
        r.overdue = selectors.is_overdue(r, today)
    return {
        "committee": committee,
        "status": selectors.statuses([committee.pk], today)[committee.pk],
        "last_review": selectors.last_review(committee),
        "rectifications": rectifications,
        "may_evaluate": scoping.may_evaluate(request.user, committee),
    }

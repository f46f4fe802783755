"""What the funding pages share: the years offered, and the committees a year's figures cover."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import TOWN_KINDS, VILLAGE_KINDS, Committee

from ..models import Budget, FundEntry, SpecialFund

FIRST_YEAR = 2001  # the earliest standard seeded (funding.migrations.0002)


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404(_("No such year."))
    return year


def years_offered(year: int) -> list[int]:
    """From the first year with a budget or an entry (or the year shown) to this year, newest first
    (one query)."""
    today = timezone.localdate().year
    first = FundEntry.objects.order_by("year").values_list("year", flat=True).first() or today
    return list(range(max(today, year), min(first, year) - 1, -1))


def default_year() -> int:
    """The latest year the ledger holds, or this year when it holds none."""
    latest = FundEntry.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year


def ledger_committees(committees: QuerySet[Committee], year: int) -> QuerySet[Committee]:
    """The committees a year's figures are shown for: towns and villages (they have a standard),
    and any other committee that has a budget, an entry or a special fund in the year."""
    used = (
        Q(pk__in=Budget.objects.filter(year=year).values("committee_id"))
        | Q(pk__in=FundEntry.objects.filter(year=year).values("committee_id"))
        | Q(pk__in=SpecialFund.objects.filter(approved_on__year=year).values("committee_id"))
    )
    return committees.filter(Q(kind__in=(*TOWN_KINDS, *VILLAGE_KINDS)) | used).select_related("parent").order_by("path")

"""Reads of the meetings and visits log: the log a page at a time, the counts each town convened
in a year (form 5's 常务副主任例会次数 / 联席会议次数 / 调研走访次数) and a year's meetings against
the expected counts (MeetingNorm). Each function is a bounded number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from ..models import TOWN_KINDS, UPPER_KINDS, Committee, Meeting, MeetingKind, MeetingNorm, NormLevel

# The kinds of committee that convene the logged meetings: the district (or a city, a province) and the towns.
CONVENOR_KINDS = (*UPPER_KINDS, *TOWN_KINDS)
RESEARCH_MONTH = 4  # April, the 调研月: the visits dated in it


def meeting_log(meetings: QuerySet[Meeting], *, kind: str = "", year: int | None = None, convenor=None):
    """The log (already narrowed to a reader's scope), filtered, newest first, with what a row shows."""
    if kind:
        meetings = meetings.filter(kind=kind)
    if year:
        meetings = meetings.filter(date__year=year)
    if convenor is not None:
        meetings = meetings.filter(convenor=convenor)
    return meetings.select_related("convenor").order_by("-date", "-pk")


def with_participant_names(meetings: list[Meeting]) -> None:
    """Set `participant_names` on each meeting: its participants' names in the committees' order,
    the only column a row and the Excel file show. One query of names: a prefetch built a
    committee and a related manager's query a meeting (4 ms of a page of 50)."""
    names: dict[int, list[str]] = {m.pk: [] for m in meetings}
    through = Meeting.participants.through.objects.filter(meeting_id__in=names)
    order = [f"committee__{field}" for field in Committee._meta.ordering]
    for meeting_id, name in through.order_by("meeting_id", *order, "committee_id").values_list(
        "meeting_id", "committee__name"
    ):
        names[meeting_id].append(name)
    for meeting in meetings:
        meeting.participant_names = names[meeting.pk]


def meeting_counts(town_ids: Iterable[int], year: int) -> dict[int, dict[str, int]]:
    """The meetings of each kind each committee CONVENED in the year: {committee pk: {kind: n}}. A
    meeting attended (a participant) is not counted; a committee with no entry in the year is
    absent, so that a caller can tell "logged nothing" from "logged none of this kind"."""
    rows = (
        Meeting.objects.filter(convenor_id__in=list(town_ids), date__year=year)
        .order_by()
        .values_list("convenor_id", "kind")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MeetingKind.values, 0))
    for convenor_id, kind, n in rows:
        counts[convenor_id][kind] = n
    return dict(counts)


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    held: int
    expected: int | None  # None: the system sets no number for this kind

    @property
    def short(self) -> bool:
        return self.expected is not None and self.held < self.expected


@dataclass(frozen=True)
class ConvenorYear:
    committee: Committee
    counts: list[KindCount]
    april_visits: int


def year_overview(convenors: QuerySet[Committee], year: int) -> list[ConvenorYear]:
    """Each convenor's meetings of the year by kind against the expected counts of its level, and
    its visits in the research month (three queries)."""
    convenors = list(convenors.filter(kind__in=CONVENOR_KINDS).order_by("path"))
    held = meeting_counts([c.pk for c in convenors], year)
    april = dict(
        Meeting.objects.filter(
            convenor__in=convenors, kind=MeetingKind.VISIT, date__year=year, date__month=RESEARCH_MONTH
        )
        .order_by()
        .values_list("convenor_id")
        .annotate(n=Count("pk"))
    )
    norms = {(n.level, n.kind): n.expected for n in MeetingNorm.objects.all()}
    overview = []
    for committee in convenors:
        level = NormLevel.DISTRICT if committee.kind in UPPER_KINDS else NormLevel.TOWN
        counts = held.get(committee.pk, {})
        overview.append(
            ConvenorYear(
                committee,
                [KindCount(k.value, k.label, counts.get(k.value, 0), norms.get((level, k.value))) for k in MeetingKind],
                april.get(committee.pk, 0),
            )
        )
    return overview


def meeting_years(meetings: QuerySet[Meeting], this_year: int) -> list[int]:
    """The years a log filter offers: from the earliest entry (or this year) to this year, newest first."""
    first = meetings.order_by("date").values_list("date", flat=True).first()
    start = min(first.year, this_year) if isinstance(first, datetime.date) else this_year
    return list(range(this_year, start - 1, -1))


def convenor_year(committee: Committee, year: int) -> ConvenorYear | None:
    """One convenor's year (year_overview's line for it): None when it logged no meeting or visit
    in the year, so that a report says nothing rather than "0 held" of a log never kept. Four queries."""
    if not Meeting.objects.filter(convenor=committee, date__year=year).exists():
        return None
    found = year_overview(Committee.objects.filter(pk=committee.pk), year)
    return found[0] if found else None

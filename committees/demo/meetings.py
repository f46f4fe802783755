"""The demo's meetings and visits log: the district's and each town's meetings and research visits
of the data year of the demo's 2023 round (2022) and of this year, up to today.

Each town's 2022 counts of 常务副主任例会, 联席会议 and 调研走访 are the figures its approved 2023
form 5 holds (surveys.demo), so that the round prefilled from this log shows the same values and
the demo report is unchanged. The district convenes its own meetings too, with the towns taking
part: attended, not counted. Every load builds the same log (a seeded generator); a year already
logged is left alone."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ..models import TOWN_KINDS, VILLAGE_KINDS, Committee, Kind, Meeting, MeetingKind
from .tree import DISTRICT_CODE, HISTORY_REASON

DATA_YEAR = 2022
# Per town (in code order): 联席会议 and 调研走访 of 2022, as the demo's 2023 form 5 reports them;
# every town held its four quarterly 常务副主任例会.
JOINT_2022 = (2, 3, 2, 2, 2, 3, 4, 2, 2)
VISITS_2022 = (10, 8, 9, 6, 9, 8, 9, 9, 7)
QUARTERLY = 4
QUARTER_DAYS = ((3, 15), (6, 14), (9, 13), (12, 12))
APRIL = 4

TOPICS = {
    MeetingKind.DIRECTORS: "研究部署本周工作",
    MeetingKind.EXEC_DEPUTIES: "交流各村（社区）关工委工作，部署下阶段任务",
    MeetingKind.CONFERENCE: "全区关心下一代工作会议：总结上年工作，表彰先进，部署全年任务",
    MeetingKind.JOINT: "协调成员单位共同推进校外教育辅导站和“助大扶小”工作",
    MeetingKind.VISIT: "调研“五有五好”巩固情况和“五老”队伍建设",
}
DECISIONS = "明确责任分工，按季度督查落实"
FINDINGS = "活动阵地完好，台账齐全；“五老”骨干年龄偏大，建议充实年轻力量"


def meetings_load(*, by_code: dict[str, Committee], actor=None) -> int:
    """Create the demo log of 2022 and of this year where a year has none; return the entries added."""
    district = by_code[DISTRICT_CODE]
    today = timezone.localdate()
    years = [y for y in dict.fromkeys((DATA_YEAR, today.year)) if y <= today.year]
    logged = set(Meeting.objects.filter(convenor=district, date__year__in=years).dates("date", "year"))
    entries: list[tuple[Meeting, list[Committee]]] = []
    for year in years:
        if datetime.date(year, 1, 1) in logged:
            continue
        entries += _year(year, by_code, random.Random(f"meetings-{year}"))
    entries = [(m, who) for m, who in entries if m.date <= today]
    created = bulk_create_with_history(
        [m for m, _who in entries], Meeting, batch_size=500, default_user=actor, default_change_reason=HISTORY_REASON
    )
    through = Meeting.participants.through
    through.objects.bulk_create(
        [
            through(meeting_id=meeting.pk, committee_id=c.pk)
            for meeting, (_m, who) in zip(created, entries, strict=True)
            for c in who
        ],
        batch_size=1000,
    )
    return len(created)


def _year(year: int, by_code: dict[str, Committee], rng: random.Random) -> list[tuple[Meeting, list[Committee]]]:
    district = by_code[DISTRICT_CODE]
    towns = sorted((c for c in by_code.values() if c.kind in TOWN_KINDS), key=lambda c: c.code)
    lines = sorted((c for c in by_code.values() if c.kind == Kind.LINE), key=lambda c: c.code)
    entries = _district_year(year, district, towns, lines, rng)
    for t, town in enumerate(towns):
        villages = sorted(
            (c for c in by_code.values() if c.parent_id == town.pk and c.kind in VILLAGE_KINDS), key=lambda c: c.code
        )
        if year == DATA_YEAR:
            joint, visits = JOINT_2022[t], VISITS_2022[t]
        else:
            joint, visits = rng.randint(2, 4), rng.randint(4, 10)
        entries += [
            _entry(MeetingKind.EXEC_DEPUTIES, datetime.date(year, m, d), town, villages) for m, d in QUARTER_DAYS
        ]
        entries += [
            _entry(MeetingKind.JOINT, datetime.date(year, rng.randint(2, 11), rng.randint(1, 28)), town, lines)
            for _n in range(joint)
        ]
        entries += [
            _entry(MeetingKind.VISIT, _visit_day(year, n, rng), town, rng.sample(villages, min(2, len(villages))))
            for n in range(visits)
        ]
    return entries


def _district_year(year, district, towns, lines, rng) -> list[tuple[Meeting, list[Committee]]]:
    monday = datetime.date(year, 1, 1) + datetime.timedelta(days=(7 - datetime.date(year, 1, 1).weekday()) % 7)
    weeks = [monday + datetime.timedelta(weeks=n) for n in range(53)]
    entries = [_entry(MeetingKind.DIRECTORS, day, district, []) for day in weeks if day.year == year]
    entries += [
        _entry(MeetingKind.EXEC_DEPUTIES, datetime.date(year, m, d - 2), district, towns) for m, d in QUARTER_DAYS
    ]
    entries.append(_entry(MeetingKind.CONFERENCE, datetime.date(year, 2, 20), district, [*towns, *lines]))
    entries += [_entry(MeetingKind.JOINT, datetime.date(year, m, 10), district, lines) for m in (5, 11)]
    entries += [
        _entry(MeetingKind.VISIT, datetime.date(year, APRIL, d), district, rng.sample(towns, 3)) for d in (12, 26)
    ]
    return entries


def _visit_day(year: int, n: int, rng: random.Random) -> datetime.date:
    """Half the visits in the research month (April), the rest through the year."""
    if n % 2 == 0:
        return datetime.date(year, APRIL, rng.randint(1, 30))
    return datetime.date(year, rng.choice((3, 5, 6, 7, 9, 10, 11)), rng.randint(1, 28))


def _entry(kind: str, day: datetime.date, convenor: Committee, participants) -> tuple[Meeting, list[Committee]]:
    meeting = Meeting(
        kind=kind,
        date=day,
        convenor=convenor,
        topics=TOPICS[kind],
        decisions=DECISIONS if kind != MeetingKind.VISIT else "",
        findings=FINDINGS if kind == MeetingKind.VISIT else "",
    )
    return meeting, list(participants)

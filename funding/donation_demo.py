"""The demo's study aid: donors, programmes, sessions and donations such that each town's year
equals its approved form 5 (捐资助学金额, 受助学生人数) of the round whose data year it is
(surveys/demo.py hands the figures over; funding reads no survey).

- 羊尖镇 (XS04) runs 爱心助学“希望之星” (2005 onwards, as its form 5B says): 37 sessions over 18
  years, 269.7万 awarded and 4,056 awards by 2023, generated so that the sums are exact; its
  sessions of a data year aid the students that year's form 5 reports.
- 锡北镇 (XS02) runs 民营企业“红领巾”基金 (2015 onwards); every other town an 爱心助学金.
- Each town's donations of a year (three enterprises of the town, or the town's own donors)
  sum to its form 5 amount; students aided are counts, never names.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from committees.models import TOWN_KINDS, Committee, Kind

from .donation_models import AidProgramme, AidSession, Donation, Donor, DonorKind

CENT = Decimal("0.01")
REASON = "load_demo"
HOPE = "爱心助学“希望之星”"
HOPE_TOWN, HOPE_FIRST, HOPE_LAST = "XS04", 2005, 2022
HOPE_AMOUNT, HOPE_AWARDS = Decimal("269.70"), 4056
HOPE_TRIPLE_YEARS = (2019, 2020)  # years with three sessions (the others two, the first one)
PROGRAMMES = {
    "XS02": ("民营企业“红领巾”基金", 2015, "民营企业关工委与学校联手资助困难学生"),
    HOPE_TOWN: (HOPE, HOPE_FIRST, "民营企业关工委持续开展爱心助学活动，每年春秋两期颁发助学金"),
}
GENERIC = ("{town}爱心助学金", 2018, "镇关工委联合爱心企业资助家庭困难学生")
SHARES = (Decimal("0.5"), Decimal("0.3"))  # the first two donors' shares; the third gives the rest
DONATION_DAYS = ((3, 15), (6, 1), (9, 10))


@dataclass(frozen=True)
class StudyAidFigures:
    """A town's year as its form 5 reports it."""

    code: str
    amount: Decimal
    students: int


def hope_schedule() -> list[int]:
    """The year of each 希望之星 session, in order (18 years, 37 sessions)."""
    years = [HOPE_FIRST]
    for year in range(HOPE_FIRST + 1, HOPE_LAST + 1):
        years += [year] * (3 if year in HOPE_TRIPLE_YEARS else 2)
    return years


def _spread(total, weights: list[int], unit) -> list:
    """`total` split by weights, rounded to `unit`; the last part takes the remainder (exact sum)."""
    whole = sum(weights)
    parts = [(total * w / whole).quantize(unit) if isinstance(unit, Decimal) else total * w // whole for w in weights]
    parts[-1] = total - sum(parts[:-1])
    return parts


def hope_sessions(students_by_year: dict[int, int]) -> list[tuple[int, Decimal, int]]:
    """(year, amount, awards) of each session; a year whose students are given splits them over
    its sessions, the other sessions share the rest of the 4,056 awards (each award one student)."""
    years = hope_schedule()
    amounts = _spread(HOPE_AMOUNT, [10 + i for i in range(len(years))], CENT)
    fixed: dict[int, int] = {}
    for year, students in students_by_year.items():
        idx = [i for i, y in enumerate(years) if y == year]
        for i, part in zip(idx, _spread(students, [1] * len(idx), 1), strict=True):
            fixed[i] = part
    free = [i for i in range(len(years)) if i not in fixed]
    rest = _spread(HOPE_AWARDS - sum(fixed.values()), [60 + i for i in free], 1)
    awards = {**fixed, **dict(zip(free, rest, strict=True))}
    return [(year, amounts[i], awards[i]) for i, year in enumerate(years)]


def _programme(town: Committee, actor) -> AidProgramme:
    name, first, description = PROGRAMMES.get(town.code, GENERIC)
    name = name.format(town=town.name.removesuffix("关工委"))
    programme = AidProgramme.objects.filter(committee=town, name=name).first()
    if programme is None:
        programme = AidProgramme(committee=town, name=name, first_year=first, description=description)
        programme._history_user = actor
        programme.save()
    return programme


def _donors(town: Committee, actor) -> list[Donor]:
    existing = list(Donor.objects.filter(committee=town).order_by("pk")[:3])
    if existing:
        return existing
    enterprises = Committee.objects.filter(parent=town, kind=Kind.ENTERPRISE).order_by("code")[:3]
    donors = [
        Donor(committee=town, name=e.name.removesuffix("关工委"), kind=DonorKind.ENTERPRISE, enterprise=e)
        for e in enterprises
    ]
    if len(donors) < len(DONATION_DAYS):
        donors.append(
            Donor(committee=town, name=f"{town.name.removesuffix('关工委')}爱心商会", kind=DonorKind.ORGANISATION)
        )
    return bulk_create_with_history(donors, Donor, default_user=actor, default_change_reason=REASON)


def _donations(town, year: int, amount: Decimal, donors, programme, actor) -> None:
    shares = [(amount * s).quantize(CENT) for s in SHARES[: len(donors) - 1]]
    shares.append(amount - sum(shares))
    rows = [
        Donation(
            donor=d,
            committee=town,
            year=year,
            date=datetime.date(year, *DONATION_DAYS[i]),
            amount=a,
            programme=programme,
        )  # fmt: skip
        for i, (d, a) in enumerate(zip(donors, shares, strict=False))
        if a > 0
    ]
    bulk_create_with_history(rows, Donation, default_user=actor, default_change_reason=REASON)


def _sessions(programme: AidProgramme, rows: list[tuple[int, Decimal, int, int]], donors, actor) -> None:
    """rows: (year, amount, students, awards); numbered after the programme's last session."""
    number = programme.sessions.count()
    sessions = []
    for year, amount, students, awards in rows:
        number += 1
        sessions.append(AidSession(programme=programme, year=year, number=number, amount=amount, students=students,
                                   awards=awards))  # fmt: skip
    created = bulk_create_with_history(sessions, AidSession, default_user=actor, default_change_reason=REASON)
    for session in created:
        session.donors.set(donors)


def _town_year(town, programme, year: int, figures: StudyAidFigures, donors, actor) -> None:
    _donations(town, year, figures.amount, donors, programme, actor)
    if programme.name != HOPE:
        _sessions(programme, [(year, figures.amount, figures.students, figures.students)], donors, actor)


@transaction.atomic
def donations_demo_load(*, actor, figures: dict[int, list[StudyAidFigures]]) -> list[int]:
    """Add the study aid of each year that has none; returns the years added."""
    towns = {c.code: c for c in Committee.objects.filter(kind__in=TOWN_KINDS)}
    added = []
    for year in sorted(figures):
        if Donation.objects.filter(year=year).exists():
            continue
        for row in figures[year]:
            town = towns.get(row.code)
            if town is not None:
                _town_year(town, _programme(town, actor), year, row, _donors(town, actor), actor)
        added.append(year)
    _hope(towns.get(HOPE_TOWN), figures, actor)
    return added


def _hope(town: Committee | None, figures: dict[int, list[StudyAidFigures]], actor) -> None:
    """羊尖's 希望之星, all its sessions at once (once)."""
    if town is None:
        return
    programme = _programme(town, actor)
    if programme.sessions.exists():
        return
    students = {year: r.students for year, rows in figures.items() for r in rows if r.code == HOPE_TOWN}
    rows = [(y, amount, awards, awards) for y, amount, awards in hope_sessions(students)]
    _sessions(programme, rows, _donors(town, actor), actor)

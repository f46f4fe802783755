"""Survey prefill: the registry's figures for many committees at once.

Read by surveys when a round opens; each function is one query whatever the number of towns.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce

from .. import ages
from ..models import Committee, Layer, Position, Post, StationKind, TutoringStation, Volunteer, VolunteerTeam


def committees_open_on(roots: list[Committee], day: datetime.date) -> list[Committee]:
    """The committees of the roots' subtrees (the roots included) open on `day`, in tree order."""
    if not roots:
        return []
    subtree = Q()
    for root in roots:
        subtree |= Q(path__startswith=root.path)
    return list(
        Committee.objects.filter(subtree)
        .filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .order_by("path")
    )


def former_names(committees: Iterable[Committee]) -> dict[int, set[str]]:
    """Each committee's earlier names, from its history (a committee renamed while a survey round
    is open: files and forms made before still carry the old name). One query."""
    current = {c.pk: c.name for c in committees}
    found: dict[int, set[str]] = {}
    if not current:
        return found
    records = Committee.history.filter(id__in=list(current)).values_list("id", "name").order_by().distinct()
    for pk, name in records:
        if name and name != current[pk]:
            found.setdefault(pk, set()).add(name)
    return found


def leadership_figures(committee_ids: list[int]) -> dict[int, dict]:
    """Each committee's current leadership (open posts) as survey form 1 reports it:
    size (members other than young staff), director, executive deputy, deputies, office head,
    young staff. Committees without open posts are absent. One query."""
    rows = (
        Post.objects.open()
        .filter(committee_id__in=committee_ids)
        .order_by("committee_id", "started_on", "pk")
        .values_list(
            "committee_id",
            "position",
            "concurrent",
            "source",
            "person_id",
            "person__name",
            "person__birth_year",
            "person__is_five_old",
        )
    )
    figures: dict[int, dict] = {}
    members: dict[int, set[int]] = {}
    for committee_id, position, concurrent, source, person_id, name, birth_year, five_old in rows:
        found = figures.setdefault(
            committee_id,
            {
                "leadership_size": 0,
                "director_name": None,
                "director_concurrent": None,
                "exec_deputy_name": None,
                "exec_deputy_birth_year": None,
                "exec_deputy_source": None,
                "exec_deputy_five_old": None,
                "deputies": 0,
                "five_old_deputy": False,
                "office_head": None,
                "young_staff": 0,
            },
        )
        if position == Position.YOUNG_STAFF:
            found["young_staff"] += 1
            continue
        members.setdefault(committee_id, set()).add(person_id)
        if position == Position.DIRECTOR:
            found["director_name"], found["director_concurrent"] = name, concurrent
        elif position == Position.EXECUTIVE_DEPUTY:
            found["exec_deputy_name"], found["exec_deputy_birth_year"] = name, birth_year
            found["exec_deputy_source"], found["exec_deputy_five_old"] = source or None, five_old
        elif position == Position.DEPUTY:
            found["deputies"] += 1
            found["five_old_deputy"] = found["five_old_deputy"] or five_old
        elif position == Position.OFFICE_HEAD and found["office_head"] is None:
            found["office_head"] = name
    for committee_id, people in members.items():
        figures[committee_id]["leadership_size"] = len(people)
    return figures


def five_old_figures(committee_ids: list[int], day: datetime.date) -> dict[int, dict]:
    """Five-old volunteers of each committee on `day` (joined by then, not yet exited): by layer,
    by category, backbone by age band, and those who joined or exited in `day`'s year. One query."""
    from ..models import FiveOldCategory

    held = (Q(joined_on__isnull=True) | Q(joined_on__lte=day)) & (Q(exited_on__isnull=True) | Q(exited_on__gt=day))
    backbone = held & Q(layer=Layer.BACKBONE)

    def people(q: Q) -> Count:
        return Count("person", distinct=True, filter=q)

    aggregates = {
        "backbone": people(backbone),
        "participants": people(held & Q(layer=Layer.PARTICIPANT)),
        **{category: people(held & Q(person__five_old_category=category)) for category in FiveOldCategory.values},
        **{f"backbone_{band.key}": people(backbone & band.q(day, "person__birth_year")) for band in ages.BANDS},
        "joined": people(Q(joined_on__year=day.year, joined_on__lte=day)),
        "exited": people(Q(exited_on__year=day.year, exited_on__lte=day)),
    }
    rows = (
        Volunteer.objects.filter(committee_id__in=committee_ids)
        .values("committee_id")
        .annotate(**aggregates)
        .order_by()
    )
    return {row.pop("committee_id"): row for row in rows}


def teams_of(committee_ids: list[int]) -> list[VolunteerTeam]:
    """The volunteer teams owned by the committees, each with `n_members` (active members). One query."""
    return list(
        VolunteerTeam.objects.filter(committee_id__in=committee_ids)
        .select_related("committee")
        .annotate(n_members=Count("members", filter=Q(members__exited_on__isnull=True), distinct=True))
        .order_by("committee__path", "name")
    )


def station_figures(committee_ids: list[int]) -> dict[int, dict]:
    """Per village: central stations, satellite points and activities a year. One query."""
    rows = (
        TutoringStation.objects.filter(committee_id__in=committee_ids)
        .values("committee_id")
        .annotate(
            central=Count("pk", filter=Q(kind=StationKind.CENTRAL)),
            points=Count("pk", filter=Q(kind=StationKind.POINT)),
            activities=Coalesce(Sum("activities_per_year"), Value(0)),
        )
        .order_by()
    )
    return {row.pop("committee_id"): row for row in rows}

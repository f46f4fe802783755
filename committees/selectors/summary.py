"""A committee's summary: counts of its subtree and its registry, and their labels."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from .. import ages
from ..models import (
    TOWN_KINDS,
    VILLAGE_KINDS,
    Committee,
    Kind,
    Layer,
    Position,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)

# Stable keys of `district_summary --json` (later issues add keys; never rename these).
SUMMARY_GROUPS: dict[str, tuple[str, ...]] = {
    "towns": TOWN_KINDS,
    "villages": VILLAGE_KINDS,
    "schools": (Kind.SCHOOL,),
    "enterprises": (Kind.ENTERPRISE,),
    "lines": (Kind.LINE,),
}


def kind_counts(qs: QuerySet[Committee]) -> dict[str, int]:
    """Open committees of a queryset counted by kind (one query)."""
    rows = qs.open().values("kind").annotate(n=Count("pk")).order_by()
    counts = {k.value: 0 for k in Kind}
    counts.update({r["kind"]: r["n"] for r in rows})
    return counts


def group_counts(by_kind: dict[str, int]) -> dict[str, int]:
    return {key: sum(by_kind.get(k, 0) for k in kinds) for key, kinds in SUMMARY_GROUPS.items()}


def level_counts(by_kind: dict[str, int]) -> dict[str, int]:
    """The pages' count cards: the groups, and the cities and districts above the towns (a province's
    or a city's reader sees how many; a district's reader none)."""
    return {"cities": by_kind.get(Kind.CITY, 0), "districts": by_kind.get(Kind.DISTRICT, 0), **group_counts(by_kind)}


def subtree_summary(committee: Committee, *, age_on: datetime.date | None = None) -> dict:
    """Counts of the open committees below a committee, grouped as district_summary prints them,
    and the registry's figures over the same subtree, ages at `age_on` (default: today)."""
    by_kind = kind_counts(Committee.objects.subtree_of(committee, include_self=False))
    return {
        "unit": committee.code,
        "name": committee.name,
        **group_counts(by_kind),
        "by_kind": by_kind,
        **registry_summary(committee, age_on=age_on),
    }


# Labels of subtree_summary's keys, in the order a page or the district_summary command shows them.
SUMMARY_LABELS = {
    "unit": gettext_lazy("Code"),
    "name": gettext_lazy("Name"),
    "towns": gettext_lazy("Towns and subdistricts"),
    "villages": gettext_lazy("Villages and communities"),
    "schools": gettext_lazy("Schools"),
    "enterprises": gettext_lazy("Enterprises"),
    "lines": gettext_lazy("Line committees"),
    "backbone": gettext_lazy("Backbone five-olds"),
    "participants": gettext_lazy("Participant five-olds"),
    "volunteer_teams": gettext_lazy("Volunteer teams"),
    "village_exec_deputy_five_old": gettext_lazy("Villages whose executive deputy is a five-old"),
    "backbone_age_70_80_share": gettext_lazy("Share of backbone five-olds aged 70–80"),
    "hub_and_points_villages": gettext_lazy("Villages with hub-and-points stations"),
}


def summary_rows(summary: dict) -> list[tuple[str, str]]:
    """(label, value) of a subtree summary as a page shows it: a share as a percentage, an
    absent share as a dash; the counts by kind are the groups' detail and stay out."""
    rows = []
    for key in [*SUMMARY_LABELS, *(k for k in summary if k not in SUMMARY_LABELS and k != "by_kind")]:
        if key not in summary:
            continue
        value = summary[key]
        if key == "backbone_age_70_80_share":
            value = "—" if value is None else number_format(value * 100, 1) + "%"
        rows.append((str(SUMMARY_LABELS.get(key, key)), str(value)))
    return rows


def registry_summary(committee: Committee, *, age_on: datetime.date | None = None) -> dict:
    """Registry figures over a subtree (the committee included): open committees, open posts
    and active memberships only, ages at `age_on` (default: today). Four queries."""
    open_tree = Committee.objects.subtree_of(committee).open()
    aged_70_80 = ages.BY_KEY["70_80"].q(age_on or ages.today(), "person__birth_year")
    volunteers = (
        Volunteer.objects.active()
        .filter(committee__in=open_tree)
        .aggregate(
            backbone=Count("person", distinct=True, filter=Q(layer=Layer.BACKBONE)),
            participants=Count("person", distinct=True, filter=Q(layer=Layer.PARTICIPANT)),
            backbone_70_80=Count(
                "person",
                distinct=True,
                filter=Q(layer=Layer.BACKBONE) & aged_70_80,
            ),
        )
    )
    villages = open_tree.filter(kind__in=VILLAGE_KINDS)
    five_old_deputy_villages = (
        villages.filter(
            posts__position=Position.EXECUTIVE_DEPUTY, posts__ended_on__isnull=True, posts__person__is_five_old=True
        )
        .distinct()
        .count()
    )
    hub_villages = (
        TutoringStation.objects.filter(kind=StationKind.CENTRAL, committee__in=villages, points__isnull=False)
        .values("committee")
        .distinct()
        .count()
    )
    backbone = volunteers["backbone"]
    return {
        "backbone": backbone,
        "participants": volunteers["participants"],
        "volunteer_teams": VolunteerTeam.objects.filter(committee__in=open_tree).count(),
        "village_exec_deputy_five_old": five_old_deputy_villages,
        "backbone_age_70_80_share": round(volunteers["backbone_70_80"] / backbone, 3) if backbone else None,
        "hub_and_points_villages": hub_villages,
    }

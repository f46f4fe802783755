"""Reads of the committee tree. Each function is a bounded number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import (
    TOWN_KINDS,
    VILLAGE_KINDS,
    Committee,
    Kind,
    Layer,
    PointsEntry,
    Position,
    RoleAssignment,
    StationKind,
    TutoringStation,
    Volunteer,
    VolunteerTeam,
)

# Ages are taken at the end of the survey's reference year (the report describes 2023).
AGE_REFERENCE_DAY = datetime.date(2023, 12, 31)

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


def subtree_summary(committee: Committee, *, age_on: datetime.date = AGE_REFERENCE_DAY) -> dict:
    """Counts of the open committees below a committee, grouped as district_summary prints them,
    and the registry's figures over the same subtree."""
    by_kind = kind_counts(Committee.objects.subtree_of(committee, include_self=False))
    return {
        "unit": committee.code,
        "name": committee.name,
        **group_counts(by_kind),
        "by_kind": by_kind,
        **registry_summary(committee, age_on=age_on),
    }


def registry_summary(committee: Committee, *, age_on: datetime.date = AGE_REFERENCE_DAY) -> dict:
    """Registry figures over a subtree (the committee included): open committees, open posts
    and active memberships only. Four queries."""
    open_tree = Committee.objects.subtree_of(committee).open()
    youngest, oldest = age_on.year - 70, age_on.year - 80  # ages from birth years, at the year's end
    volunteers = (
        Volunteer.objects.active()
        .filter(committee__in=open_tree)
        .aggregate(
            backbone=Count("person", distinct=True, filter=Q(layer=Layer.BACKBONE)),
            participants=Count("person", distinct=True, filter=Q(layer=Layer.PARTICIPANT)),
            backbone_70_80=Count(
                "person",
                distinct=True,
                filter=Q(layer=Layer.BACKBONE, person__birth_year__gte=oldest, person__birth_year__lte=youngest),
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


def volunteer_points_total(volunteer: Volunteer) -> Decimal:
    """The current total of a volunteer's points ledger."""
    total = PointsEntry.objects.filter(volunteer=volunteer).aggregate(total=Sum("points"))["total"]
    return total if total is not None else Decimal("0")


def with_points_total(qs: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    """Annotate volunteers with `points_total`, their ledger's sum (0 without entries)."""
    return qs.annotate(
        points_total=Coalesce(
            Sum("points_entries__points"),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=10, decimal_places=2),
        )
    )


def _descendant_count(kinds: tuple[str, ...]) -> Coalesce:
    sub = (
        Committee.objects.filter(path__startswith=OuterRef("path"), kind__in=kinds, closed_on__isnull=True)
        .exclude(pk=OuterRef("pk"))
        .order_by()
        .values("closed_on")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def with_descendant_counts(qs: QuerySet[Committee]) -> QuerySet[Committee]:
    """Annotate each committee with the open villages, schools and enterprises below it."""
    return qs.annotate(
        n_villages=_descendant_count(VILLAGE_KINDS),
        n_schools=_descendant_count((Kind.SCHOOL,)),
        n_enterprises=_descendant_count((Kind.ENTERPRISE,)),
    )


def committee_search(qs: QuerySet[Committee], *, q: str = "", kind: str = "", state: str = "") -> QuerySet[Committee]:
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(code__istartswith=q))
    if kind:
        qs = qs.filter(kind=kind)
    if state == "open":
        qs = qs.filter(closed_on__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_on__isnull=False)
    return qs.select_related("parent")


def ancestors(committee: Committee, readable: QuerySet[Committee]) -> list[Committee]:
    """The committee's ancestors from the root down, limited to what the reader may see."""
    codes = committee.ancestor_codes()
    found = {c.code: c for c in readable.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def role_holders(committee: Committee) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.active().filter(committee=committee).select_related("user")


def valid_parents(committee: Committee, candidates: QuerySet[Committee]) -> QuerySet[Committee]:
    """Open committees that may take `committee` as a child, outside its own subtree."""
    from .models import PARENT_KINDS

    return (
        candidates.open()
        .filter(kind__in=PARENT_KINDS[committee.kind])
        .exclude(path__startswith=committee.path)
        .order_by("depth", "display_order", "code")
    )

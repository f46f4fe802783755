"""Reads of the committee tree. Each function is a bounded number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from . import ages, scoping
from .models import (
    TOWN_KINDS,
    VILLAGE_KINDS,
    Committee,
    Kind,
    Layer,
    Person,
    PointsEntry,
    Position,
    Post,
    RoleAssignment,
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


# --- The registry's lists and pages -------------------------------------------------------

# The people list's column headers (templatetags.listing.sort_header), as the other lists' below.
PEOPLE_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "birth_year", "pk"),
    "birth_year": ("birth_year", "name", "pk"),
    "category": ("five_old_category", "name", "pk"),
    "gender": ("gender", "name", "pk"),
}


def mask_phone(phone: str) -> str:
    """139****1234: the first three and last four characters stay, so a person can be told apart."""
    phone = phone.strip()
    if not phone:
        return ""
    if len(phone) < 8:
        return "****"
    return f"{phone[:3]}****{phone[-4:]}"


def mask_id_number(id_number: str) -> str:
    """3202**********1234: the region's first four and the last four characters stay."""
    id_number = id_number.strip()
    if not id_number:
        return ""
    if len(id_number) < 12:
        return "****"
    return f"{id_number[:4]}{'*' * (len(id_number) - 8)}{id_number[-4:]}"


# A person's fields that only a reader who may change the person sees in full, with their masks.
PERSONAL_MASKS: dict[str, Callable[[str], str]] = {"phone": mask_phone, "id_number": mask_id_number}


@dataclass(frozen=True)
class PersonalData:
    """What a reader sees of people's phones and ID numbers (docs/DOMAIN.md, Roles): in full for the
    people the reader may change (scoping.people_changeable_by), masked for everyone else — on
    every page, file and history panel."""

    changeable: frozenset[int]

    @classmethod
    def for_reader(cls, user, person_ids: Iterable[int]) -> PersonalData:
        """Two queries at most, whatever the number of people."""
        return cls(frozenset(scoping.people_changeable_by(user, person_ids)))

    def shown(self, person_id: int | None, field: str, value: str) -> str:
        return value if person_id in self.changeable else PERSONAL_MASKS[field](value or "")

    def phone(self, person: Person) -> str:
        return self.shown(person.pk, "phone", person.phone)

    def id_number(self, person: Person) -> str:
        return self.shown(person.pk, "id_number", person.id_number)


def people_in_scope(posts: QuerySet[Post], volunteers: QuerySet[Volunteer]) -> QuerySet[Person]:
    """The people with a post or a volunteer membership among the given (scoped) rows."""
    return Person.objects.filter(Q(pk__in=posts.values("person_id")) | Q(pk__in=volunteers.values("person_id")))


def people_search(
    people: QuerySet[Person],
    *,
    posts: QuerySet[Post],
    volunteers: QuerySet[Volunteer],
    committee: str = "",
    readable: QuerySet[Committee] | None = None,
    category: str = "",
    layer: str = "",
    age_band: str = "",
    on: datetime.date | None = None,
    state: str = "",
    q: str = "",
    sort: str = "",
) -> QuerySet[Person]:
    """Filter people in SQL; `posts` and `volunteers` are the reader's scoped rows, so that the
    committee, layer and state filters never look through rows the reader may not see. Ages are
    at `on` (default: today)."""
    if committee:
        within = in_committees_named(committee, readable if readable is not None else Committee.objects.all())
        posts = posts.filter(within)
        volunteers = volunteers.filter(within)
        people = people.filter(Q(pk__in=posts.values("person_id")) | Q(pk__in=volunteers.values("person_id")))
    if category:
        people = people.filter(five_old_category=category)
    if layer:
        people = people.filter(pk__in=volunteers.active().filter(layer=layer).values("person_id"))
    if age_band in ages.BY_KEY:
        people = people.filter(ages.BY_KEY[age_band].q(on or ages.today()))
    if state:
        active = Q(pk__in=posts.open().values("person_id")) | Q(pk__in=volunteers.active().values("person_id"))
        people = people.filter(active) if state == "active" else people.exclude(active)
    if q:
        people = people.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return ordered(people, PEOPLE_SORTS, sort)


def people_with_memberships(
    people: QuerySet[Person], *, posts: QuerySet[Post], volunteers: QuerySet[Volunteer]
) -> QuerySet[Person]:
    """Prefetch each person's visible open posts and active memberships (two queries)."""
    return people.prefetch_related(
        Prefetch("posts", queryset=posts.open().select_related("committee"), to_attr="open_posts"),
        Prefetch(
            "volunteer_memberships",
            queryset=volunteers.active().select_related("committee"),
            to_attr="active_memberships",
        ),
    )


def show_personal_data(people: list[Person], *, user) -> PersonalData:
    """Set `phone_shown` and `id_number_shown` on each person as the reader may see them."""
    shown = PersonalData.for_reader(user, [p.pk for p in people])
    for person in people:
        person.phone_shown = shown.phone(person)
        person.id_number_shown = shown.id_number(person)
    return shown


HISTORY_ROWS = 20
# Change reasons that commands write as their own name, in words; a service writes its reason
# already in words (services._history_reason).
CHANGE_REASONS = {
    "load_demo": gettext_lazy("demo data"),
    "make_synthetic_district": gettext_lazy("synthetic test data"),
}


def change_reason_label(reason: str) -> str:
    return str(CHANGE_REASONS.get(reason, reason))


def history_of(obj, *, reveal: bool = False, limit: int = HISTORY_ROWS) -> list[dict]:
    """The row's latest historical records (newest first) with what each changed; a person's
    phone and ID number in full only with `reveal` (PersonalData: the reader may change them)."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    return history_changes(list(records), reveal=reveal)


def history_changes(records: list, *, reveal: bool = False) -> list[dict]:
    """Each historical record with what it changed against the one before it (newest first).
    A person's phone and ID number are masked in old and new values unless `reveal`."""
    rows = []
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = []
        if older is not None and newer.history_type == "~":
            model = newer.instance_type
            masks = PERSONAL_MASKS if issubclass(model, Person) and not reveal else {}
            for c in newer.diff_against(older).changes:
                old, new = c.old, c.new
                if mask := masks.get(c.field):
                    old, new = mask(old or ""), mask(new or "")
                changes.append({"field": model._meta.get_field(c.field).verbose_name, "old": old, "new": new})
        rows.append({"record": newer, "changes": changes})
    return rows


# The orderings a list offers, by the key of its sort parameter; "-key" reverses every field.
VOLUNTEER_SORTS: dict[str, tuple[str, ...]] = {
    "committee": ("committee__path", "layer", "person__name", "pk"),
    "name": ("person__name", "person__birth_year", "pk"),
    "birth_year": ("person__birth_year", "person__name", "pk"),
    "layer": ("layer", "committee__path", "person__name", "pk"),
    "points": ("points_total", "person__name", "pk"),
    "joined": ("joined_on", "person__name", "pk"),
    "exited": ("exited_on", "person__name", "pk"),
}
TEAM_SORTS: dict[str, tuple[str, ...]] = {
    "committee": ("committee__path", "name"),
    "name": ("name", "pk"),
    "type": ("team_type", "name", "pk"),
    "founded": ("founded_year", "name", "pk"),
    "members": ("n_members", "name", "pk"),
}
STATION_SORTS: dict[str, tuple[str, ...]] = {
    "committee": ("committee__path", "name"),
    "name": ("name", "pk"),
    "opened": ("opened_year", "name", "pk"),
    "activities": ("activities_per_year", "name", "pk"),
}


def sort_choices(sorts: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """Every key of `sorts`, ascending and descending, as form choices."""
    return [(k, k) for k in sorts] + [(f"-{k}", f"-{k}") for k in sorts]


def ordered(qs: QuerySet, sorts: dict[str, tuple[str, ...]], sort: str) -> QuerySet:
    """`qs` in the order named by `sort` (a key of `sorts`, "-" first to reverse it); the first
    key's order when `sort` names none."""
    key = sort.removeprefix("-")
    fields = sorts.get(key) or next(iter(sorts.values()))
    if key in sorts and sort.startswith("-"):
        fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
    return qs.order_by(*fields)


def path_of(code: str) -> str:
    # An unknown code matches nothing: every path starts with one "/", none with "//".
    return Committee.objects.filter(code=code).values_list("path", flat=True).first() or "//"


SUBTREES_AS_LIKES = 100  # past this many subtrees, the committee filter lists committee ids instead


def in_committees_named(value: str, readable: QuerySet[Committee], field: str = "committee") -> Q:
    """The rows (through `field`) that a list's committee filter means by `value`: those of the
    committees of `readable` whose code is `value` or whose name contains it ("东港镇" or "XS01"),
    and of every committee below them. One query for the named committees' paths; the rows then
    filter on their committee's path, as a subtree always has (an index range each)."""
    value = value.strip()
    named = readable.filter(Q(code__iexact=value) | Q(name__icontains=value))
    tops: list[str] = []
    for path in sorted(named.values_list("path", flat=True)):
        if not tops or not path.startswith(tops[-1]):  # a subtree's paths sort together
            tops.append(path)
    if len(tops) > SUBTREES_AS_LIKES:  # hundreds of enterprises named "…有限公司…": their ids (a second query)
        wanted = set(tops)
        ids = [pk for pk, path in readable.values_list("pk", "path") if wanted.intersection(_path_prefixes(path))]
        return Q(**{f"{field}__in": ids})
    q = Q(pk__in=[])
    for path in tops:
        q |= Q(**{f"{field}__path__startswith": path})
    return q


def _path_prefixes(path: str) -> list[str]:
    """ "/XS/XS01/XS01V01/" → ["/XS/", "/XS/XS01/", "/XS/XS01/XS01V01/"]."""
    codes = [code for code in path.split("/") if code]
    return ["/" + "/".join(codes[:i]) + "/" for i in range(1, len(codes) + 1)]


def committee_choices(readable: QuerySet[Committee]) -> list[Committee]:
    """The open committees a list's committee picker offers (one query), in tree order; not the
    enterprises (two thirds of the district's committees), whose names can still be typed."""
    qs = readable.open().exclude(kind=Kind.ENTERPRISE).order_by("path")
    return list(qs.only("pk", "code", "name", "kind", "depth"))


POSITION_ORDER = {p.value: i for i, p in enumerate(Position)}


def current_leadership(committee: Committee) -> dict:
    """The open posts in position order, and the flags the committee page shows. One query."""
    posts = sorted(
        Post.objects.open().filter(committee=committee).select_related("person"),
        key=lambda p: (POSITION_ORDER.get(p.position, 99), p.started_on or datetime.date.min, p.pk),
    )
    executive = next((p for p in posts if p.position == Position.EXECUTIVE_DEPUTY), None)
    return {
        "posts": posts,
        "executive_not_five_old": executive is not None and not executive.person.is_five_old,
        "five_old_deputy": any(p.position == Position.DEPUTY and p.person.is_five_old for p in posts),
        "no_young_staff": bool(posts) and not any(p.position == Position.YOUNG_STAFF for p in posts),
    }


# --- Survey prefill: the registry's figures for many committees at once --------------------
# Read by surveys when a round opens; each function is one query whatever the number of towns.


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
    from .models import FiveOldCategory

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


# --- The committee tree page ---------------------------------------------------------------

# The groups a branch's leaves are listed in, in this order (their labels are the template's).
TREE_GROUPS: dict[str, tuple[str, ...]] = {
    "villages": VILLAGE_KINDS,
    "schools": (Kind.SCHOOL,),
    "enterprises": (Kind.ENTERPRISE,),
    "lines": (Kind.LINE,),
}
BRANCH_KINDS = (Kind.DISTRICT, *TOWN_KINDS)  # and any committee with committees below it


@dataclass
class TreeNode:
    """A committee of the tree page: its branches (towns, line committees, anything with
    committees below it) open and close; its other children are listed by group."""

    committee: Committee
    branches: list[TreeNode]
    groups: list[tuple[str, list[Committee]]]  # (TREE_GROUPS key, committees), non-empty groups only
    counts: dict[str, int]  # open committees below it, by TREE_GROUPS key (and "towns")


def committee_tree(readable: QuerySet[Committee], roots: Iterable[Committee]) -> list[TreeNode]:
    """The open committees of the reader's scope as a tree under each root: one query, however
    many committees (a district's ~600 are a few hundred kilobytes of page at most)."""
    nodes = list(readable.open().order_by("path").only("pk", "code", "name", "kind", "path", "depth", "parent_id"))
    children: dict[int | None, list[Committee]] = {}
    for c in nodes:
        children.setdefault(c.parent_id, []).append(c)
    group_of = {kind: key for key, kinds in TREE_GROUPS.items() for kind in kinds}
    group_of.update({kind: "towns" for kind in TOWN_KINDS})
    counts: dict[int, dict[str, int]] = {}
    by_path = {c.path: c.pk for c in nodes}
    for c in nodes:
        key = group_of.get(c.kind)
        if key is None:
            continue
        prefix = c.path
        while True:  # every open ancestor of `c` counts it
            prefix = prefix[: prefix.rstrip("/").rfind("/") + 1]
            if len(prefix) <= 1:
                break
            if prefix in by_path:
                node_counts = counts.setdefault(by_path[prefix], {})
                node_counts[key] = node_counts.get(key, 0) + 1

    def build(committee: Committee) -> TreeNode:
        mine = children.get(committee.pk, [])
        branches = [c for c in mine if c.kind in BRANCH_KINDS or c.pk in children]
        leaves = [c for c in mine if c not in branches]
        groups = [(key, [c for c in leaves if c.kind in kinds]) for key, kinds in TREE_GROUPS.items()]
        others = [c for c in leaves if group_of.get(c.kind) is None]
        if others:
            groups.append(("others", others))
        return TreeNode(
            committee=committee,
            branches=[build(c) for c in branches],
            groups=[(key, found) for key, found in groups if found],
            counts=counts.get(committee.pk, {}),
        )

    return [build(root) for root in roots if not root.closed_on]

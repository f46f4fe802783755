"""The registry's lists and pages: people, volunteers, teams, stations, their sorts and filters."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .. import ages, scoping
from ..counting import counts_at_most
from ..models import (
    TOWN_KINDS,
    UPPER_KINDS,
    Committee,
    Kind,
    Person,
    PointsEntry,
    Position,
    Post,
    TutoringStation,
    Volunteer,
    path_prefixes,
)


def volunteer_points_total(volunteer: Volunteer) -> Decimal:
    """The current total of a volunteer's points ledger."""
    total = PointsEntry.objects.filter(volunteer=volunteer).aggregate(total=Sum("points"))["total"]
    return total if total is not None else Decimal("0")


def with_points_total(qs: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    """Annotate volunteers with `points_total`, their ledger's sum (0 without entries).

    A subquery per row rather than a join and GROUP BY: the list's count then leaves it out,
    and the database sums the ledger of the page's rows only (unless the list is sorted by it)."""
    sums = PointsEntry.objects.filter(volunteer=OuterRef("pk")).order_by().values("volunteer")
    return qs.annotate(
        points_total=Coalesce(
            Subquery(sums.annotate(total=Sum("points")).values("total")),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=10, decimal_places=2),
        )
    )


def with_role_names(volunteers: list[Volunteer]) -> None:
    """Set `role_names` on each volunteer: its backbone roles' names in their order, in one query
    of names (no role model, no related manager per volunteer, as a prefetch builds)."""
    names: dict[int, list[str]] = {v.pk: [] for v in volunteers}
    through = Volunteer.backbone_roles.through.objects.filter(volunteer_id__in=names)
    roles = through.order_by(
        "volunteer_id", "backbonerole__display_order", "backbonerole__name", "pk"
    )  # the roles' order
    for volunteer_id, name in roles.values_list("volunteer_id", "backbonerole__name"):
        names[volunteer_id].append(name)
    for volunteer in volunteers:
        volunteer.role_names = names[volunteer.pk]


def with_satellite_points(stations: list[TutoringStation]) -> None:
    """Set `satellite_points` on each central station: its points' (hub_id, pk, name) rows in the
    order they were registered (their names number them, 第一、第二…, which sort badly); one query."""
    points: dict[int, list] = {s.pk: [] for s in stations}
    for row in (
        TutoringStation.objects.filter(hub_id__in=points).order_by("pk").values_list("hub_id", "pk", "name", named=True)
    ):
        points[row.hub_id].append(row)
    for station in stations:
        station.satellite_points = points[station.pk]


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


def people_in_scope(posts: QuerySet[Post], volunteers: QuerySet[Volunteer], *, walk: bool = False) -> QuerySet[Person]:
    """The people with a post or a volunteer membership among the given (scoped) rows.

    One IN over the union of both: PostgreSQL joins it as a semi-join, where two INs joined by OR
    are tested row by row against each subquery (a province's 500,000 people: 0.6 s, not minutes).
    With `walk`, for a scope holding most of the people, each person is tested by two EXISTS
    instead: a page read in the list's order (the person_list_order index) stops after its rows
    (a province's first page: 3 ms, where the union is built whole and sorted: 0.7 s)."""
    if walk:
        held = Exists(posts.filter(person=OuterRef("pk"))) | Exists(volunteers.filter(person=OuterRef("pk")))
        return Person.objects.filter(held)
    return Person.objects.filter(pk__in=_held(posts, volunteers))


def _held(posts: QuerySet[Post], volunteers: QuerySet[Volunteer]) -> QuerySet:
    """The ids of the people holding one of the posts or memberships (one query to filter by)."""
    return posts.order_by().values("person_id").union(volunteers.order_by().values("person_id"))


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
        people = people.filter(pk__in=_held(posts, volunteers))
    if category:
        people = people.filter(five_old_category=category)
    if layer:
        people = people.filter(pk__in=volunteers.active().filter(layer=layer).values("person_id"))
    if age_band in ages.BY_KEY:
        people = people.filter(ages.BY_KEY[age_band].q(on or ages.today()))
    if state:
        active = Q(pk__in=_held(posts.open(), volunteers.active()))
        people = people.filter(active) if state == "active" else people.exclude(active)
    if q:
        people = people.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return ordered(people, PEOPLE_SORTS, sort)


def people_with_memberships(people: list[Person], *, posts: QuerySet[Post], volunteers: QuerySet[Volunteer]) -> None:
    """Set on each person `open_posts` and `active_memberships`: its visible open posts' and active
    memberships' (committee_name, position) and (committee_name, layer) rows, in the posts' and
    memberships' own order. Two queries of names: a prefetch built a post or membership and its
    committee per row, through a related manager each."""
    ids = [p.pk for p in people]

    def names(rows: QuerySet, column: str) -> dict[int, list]:
        found = defaultdict(list)
        named = rows.filter(person_id__in=ids).annotate(committee_name=F("committee__name"))
        for row in named.values_list("person_id", "committee_name", column, named=True):
            found[row.person_id].append(row)
        return found

    open_posts, memberships = names(posts.open(), "position"), names(volunteers.active(), "layer")
    for person in people:
        person.open_posts, person.active_memberships = open_posts[person.pk], memberships[person.pk]


def show_personal_data(people: list[Person], *, user) -> PersonalData:
    """Set `phone_shown` and `id_number_shown` on each person as the reader may see them."""
    shown = PersonalData.for_reader(user, [p.pk for p in people])
    for person in people:
        person.phone_shown = shown.phone(person)
        person.id_number_shown = shown.id_number(person)
    return shown


# The orderings a list offers, by the key of its sort parameter; "-key" reverses every field. Each
# ends in the primary key, so that a page holds the same rows however the database reads them.
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
    "committee": ("committee__path", "name", "pk"),
    "name": ("name", "pk"),
    "type": ("team_type", "name", "pk"),
    "founded": ("founded_year", "name", "pk"),
    "members": ("n_members", "name", "pk"),
}
STATION_SORTS: dict[str, tuple[str, ...]] = {
    "committee": ("committee__path", "name", "pk"),
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
        ids = [pk for pk, path in readable.values_list("pk", "path") if wanted.intersection(path_prefixes(path))]
        return Q(**{f"{field}__in": ids})
    q = Q(pk__in=[])
    for path in tops:
        q |= Q(**{f"{field}__path__startswith": path})
    return q


# A district offers ~180; a province's 31,000 made every list page 2 MB, its 1,400 towns and levels
# above them 90 KB and ~4 ms of a request's work.
PICKER_AT_MOST = 500


def committee_choices(readable: QuerySet[Committee]) -> list[tuple[str, str]]:
    """The open committees a list's committee picker offers, as (code, name) rows with those
    attributes (no model built), in tree order; not the enterprises (two thirds of the district's
    committees), whose names can still be typed. Past PICKER_AT_MOST, the towns and the levels
    above them (a city); past it still, the levels above the towns (a province): the others can
    be typed. One query where the committees fit (a district's); past them, the levels above are
    counted (one query, PICKER_AT_MOST + 1 at most each) and only the level offered is read: a
    province's 501 towns read to be dropped were half of an empty list's work."""
    qs = readable.open().exclude(kind=Kind.ENTERPRISE).order_by("path")
    rows = list(qs.values_list("code", "name", named=True)[: PICKER_AT_MOST + 1])
    if len(rows) <= PICKER_AT_MOST:
        return rows
    levels = (qs.filter(kind__in=(*UPPER_KINDS, *TOWN_KINDS, Kind.LINE)), qs.filter(kind__in=(*UPPER_KINDS, Kind.LINE)))
    counted = counts_at_most(*((level, PICKER_AT_MOST + 1) for level in levels))
    offered = next((level for level, n in zip(levels, counted, strict=True) if n <= PICKER_AT_MOST), levels[-1])
    return list(offered.values_list("code", "name", named=True)[:PICKER_AT_MOST])


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

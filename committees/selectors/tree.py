"""Reads of the committee tree: search, ancestors, role holders, parents, the tree page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ..counting import kept_rows
from ..models import TOWN_KINDS, UPPER_KINDS, VILLAGE_KINDS, Committee, Kind, RoleAssignment


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
    return RoleAssignment.objects.active().filter(committee=committee).select_related("user", "committee")


def valid_parents(committee: Committee, candidates: QuerySet[Committee]) -> QuerySet[Committee]:
    """Open committees that may take `committee` as a child, outside its own subtree."""
    from ..models import PARENT_KINDS

    return (
        candidates.open()
        .filter(kind__in=PARENT_KINDS[committee.kind])
        .exclude(path__startswith=committee.path)
        .order_by("depth", "display_order", "code")
    )


# The groups a branch's leaves are listed in, in this order (their labels are the template's).
TREE_GROUPS: dict[str, tuple[str, ...]] = {
    "villages": VILLAGE_KINDS,
    "schools": (Kind.SCHOOL,),
    "enterprises": (Kind.ENTERPRISE,),
    "lines": (Kind.LINE,),
}
BRANCH_KINDS = (*UPPER_KINDS, *TOWN_KINDS)  # and any committee with committees below it


KIND_VALUES = frozenset(Kind.values)  # Kind.values builds its list anew at each call


@dataclass(frozen=True, slots=True, eq=False)
class TreeCommittee:
    """A committee of the tree read as a row of values: a district's 600 model instances took a
    few milliseconds of its page."""

    pk: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    depth: int

    @property
    def is_town(self) -> bool:
        return self.kind in TOWN_KINDS

    def get_kind_display(self) -> str:
        return str(Kind(self.kind).label) if self.kind in KIND_VALUES else self.kind


@dataclass
class TreeNode:
    """A committee of the tree page: its branches (towns, line committees, anything with
    committees below it) open and close; its other children are listed by group."""

    committee: Committee | TreeCommittee
    branches: list[TreeNode]
    groups: list[tuple[str, list[TreeCommittee]]]  # (TREE_GROUPS key, committees), non-empty groups only
    counts: dict[str, int]  # open committees below it, by TREE_GROUPS key (and "towns")
    leaves_listed: bool = True  # False past TREE_LEAVES_AT_MOST: its groups are not listed
    towns_listed: bool = True  # False past TREE_TOWNS_AT_MOST as well: the districts and above only


@dataclass
class Tree:
    nodes: list[TreeNode]  # one a root
    by_kind: dict[str, int]  # the open committees of the scope by kind (summary.kind_counts of them)
    leaves_listed: bool
    towns_listed: bool


# Past this many open committees (a province's 31,000: 3.4 MB, 3.4 s) the tree lists the
# branches only, with their counts; a town's own page lists its villages, schools and enterprises.
TREE_LEAVES_AT_MOST = 3000
# Past this many towns as well (a province's 1,300: 466 KB, 1.8 s) it lists the districts and the
# levels above them; a district's page lists its towns.
TREE_TOWNS_AT_MOST = 300
PARENT_KINDS_OF_ANY = (*UPPER_KINDS, *TOWN_KINDS, Kind.LINE)  # the kinds a committee may stand under


def _group_of() -> dict[str, str]:
    """Each kind's TREE_GROUPS key (and "towns"), keyed by the plain value a row reads."""
    group_of = {str(kind.value): key for key, kinds in TREE_GROUPS.items() for kind in kinds}
    group_of.update({str(kind.value): "towns" for kind in TOWN_KINDS})
    return group_of


def committee_tree(readable: QuerySet[Committee], roots: Iterable[Committee]) -> Tree:
    """The open committees of the reader's scope as a tree under each root: their numbers by
    parent and kind (one query, which gives the numbers by kind too), then the committees listed
    as rows of values (one query; a district's ~600 are a few hundred kilobytes of page at most).
    Past TREE_LEAVES_AT_MOST the branches only (towns and above, and any committee with some
    below it), past TREE_TOWNS_AT_MOST towns as well the districts and above; each node counts the
    committees below it from the numbers by parent, added up its ancestors (the committees read).
    The numbers by parent (a province's 5,400) are read in one pass: the counts by kind, the
    parents with committees below them, and each parent's counts by group."""
    open_ = readable.open()
    by_parent = kept_rows(open_.order_by().values_list("parent_id", "kind").annotate(n=Count("pk")))
    by_kind = {k.value: 0 for k in Kind}
    group_of = _group_of()
    below: dict[int, dict[str, int]] = {}  # the open committees right below a committee, by group
    for parent, kind, n in by_parent:
        by_kind[kind] = by_kind.get(kind, 0) + n
        if parent is None:
            continue
        mine = below.get(parent)
        if mine is None:
            mine = below[parent] = {}
        key = group_of.get(kind)
        if key is not None:
            mine[key] = mine.get(key, 0) + n
    leaves_listed = sum(by_kind.values()) <= TREE_LEAVES_AT_MOST
    towns_listed = leaves_listed or sum(by_kind.get(kind, 0) for kind in TOWN_KINDS) <= TREE_TOWNS_AT_MOST
    # Past the leaves' limit, the committees others stand under: the nodes listed, and the
    # ancestors every number by parent is added up to (the towns too when only districts show).
    read = open_ if leaves_listed else open_.filter(kind__in=PARENT_KINDS_OF_ANY)
    columns = ("pk", "code", "name", "kind", "parent_id", "depth")
    rows = [TreeCommittee(*row) for row in kept_rows(read.order_by("path").values_list(*columns))]
    upper = {str(kind.value) for kind in UPPER_KINDS}
    nodes = rows if towns_listed else [c for c in rows if c.kind in upper]
    counts = _counts(below, rows)
    children: dict[int | None, list[TreeCommittee]] = {}
    for c in nodes:
        children.setdefault(c.parent_id, []).append(c)
    branch_kinds = {str(kind.value) for kind in BRANCH_KINDS}
    grouped = [(key, {str(kind.value) for kind in kinds}) for key, kinds in TREE_GROUPS.items()]

    def build(committee: Committee | TreeCommittee) -> TreeNode:
        mine = children.get(committee.pk, [])
        branches = [c for c in mine if c.kind in branch_kinds or c.pk in below]
        leaves = [c for c in mine if not (c.kind in branch_kinds or c.pk in below)] if leaves_listed else []
        groups = [(key, [c for c in leaves if c.kind in kinds]) for key, kinds in grouped]
        others = [c for c in leaves if group_of.get(c.kind) is None]
        if others:
            groups.append(("others", others))
        return TreeNode(
            committee=committee,
            branches=[build(c) for c in branches],
            groups=[(key, found) for key, found in groups if found],
            counts=counts.get(committee.pk, {}),
            leaves_listed=leaves_listed,
            towns_listed=towns_listed,
        )

    built = [build(root) for root in roots if not root.closed_on]
    return Tree(nodes=built, by_kind=by_kind, leaves_listed=leaves_listed, towns_listed=towns_listed)


def _counts(below: dict[int, dict[str, int]], read: list[TreeCommittee]) -> dict:
    """The open committees below each committee read, by TREE_GROUPS key (and "towns"): the
    numbers right below each committee (`below`, read from the numbers by parent), each
    committee's counts added to its parent's, the deepest first, as far up as the committees read
    go."""
    known = {c.pk for c in read}
    counts = {pk: dict(found) for pk, found in below.items() if found and pk in known}
    for c in sorted(read, key=lambda c: -c.depth):
        mine = counts.get(c.pk)
        if mine and c.parent_id in known:
            above = counts.get(c.parent_id)
            if above is None:
                counts[c.parent_id] = dict(mine)
                continue
            for key, n in mine.items():
                above[key] = above.get(key, 0) + n
    return counts

"""The one place that decides what a user may see and touch.

A user holds roles on committees; a role covers that committee's subtree. Every view,
export, API and task asks this module:
- `committees_for(user, action)`: the committees on which the user may do `action`;
- `scope_queryset(qs, user, action, field)`: any queryset narrowed through its committee;
- `can(user, action, committee)`: a yes/no for one committee;
- `get_committee(user, pk, action)`: load for a view — 404 when the committee is out of the
  user's reading scope (its existence is not revealed), 403 when it is readable but the
  action is not allowed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum
from functools import reduce
from operator import or_
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connections, router
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Committee, Person, Post, Role, RoleAssignment, Volunteer, path_prefixes


class Action(StrEnum):
    VIEW = "view"
    EDIT_DETAILS = "edit_details"  # a committee's own details, not its place in the tree
    MANAGE_STRUCTURE = "manage_structure"  # create, move, close, delete committees
    MANAGE_USERS = "manage_users"
    EDIT_REGISTRY = "edit_registry"  # rosters, volunteers, teams, stations
    MANAGE_FUNDS = "manage_funds"  # the funding ledger: budgets, funds in place, special funds
    SETTLE_FUNDS = "settle_funds"  # accept form values into the ledger, close a ledger year
    ENTER_FORMS = "enter_forms"
    REVIEW = "review"
    COMPILE = "compile"
    MANAGE_ROUNDS = "manage_rounds"  # rounds, standards and rules
    # 五有五好 reviews of committees below one's own, spot-check draws, rectifications
    EVALUATE = "evaluate"
    # The meetings and visits log: district staff log the district's and any town's, a town
    # secretary their town's (docs/DOMAIN.md, Roles)
    LOG_MEETINGS = "log_meetings"
    AWARD = "award"  # decide awards and plaques (授牌): district admins and staff
    # Five-old points and the entry/exit decisions: district staff anywhere, a town secretary
    # in their town (docs/DOMAIN.md, Roles)
    MANAGE_POINTS = "manage_points"
    # Awards (评先创优): a town secretary nominates in their town, district staff decide
    NOMINATE_AWARDS = "nominate_awards"
    DECIDE_AWARDS = "decide_awards"


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.DISTRICT_ADMIN: frozenset(Action),
    Role.DISTRICT_STAFF: frozenset(
        {
            Action.VIEW,
            Action.REVIEW,
            Action.ENTER_FORMS,
            Action.COMPILE,
            Action.MANAGE_FUNDS,
            Action.SETTLE_FUNDS,
            Action.EVALUATE,
            Action.LOG_MEETINGS,
            Action.AWARD,
            Action.MANAGE_POINTS,
            Action.DECIDE_AWARDS,
        }
    ),
    Role.TOWN_SECRETARY: frozenset(
        {
            Action.VIEW,
            Action.EDIT_DETAILS,
            Action.EDIT_REGISTRY,
            Action.ENTER_FORMS,
            Action.COMPILE,
            Action.MANAGE_FUNDS,
            Action.EVALUATE,
            Action.LOG_MEETINGS,
            Action.MANAGE_POINTS,
            Action.NOMINATE_AWARDS,
        }
    ),
    Role.VIEWER: frozenset({Action.VIEW}),
}

SUPERUSER_PATH = "/"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    path: str
    role: str
    committee_id: int | None

    @property
    def actions(self) -> frozenset[Action]:
        return ROLE_ACTIONS.get(self.role, frozenset())


def user_scopes(user) -> list[Scope]:
    """The active roles of a user, loaded once per user object (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_xishan_scopes", None)
    if cached is None:
        if user.is_superuser:
            cached = [Scope(SUPERUSER_PATH, Role.DISTRICT_ADMIN, None)]
        else:
            alias = router.db_for_read(RoleAssignment)
            with connections[alias].cursor() as cursor:
                cursor.execute(_roles_sql(alias), [user.pk])
                cached = [Scope(path, role, cid) for path, role, cid in cursor.fetchall()]
        user._xishan_scopes = cached
    return cached


# Stands for the user's id while the roles' query is compiled (no other value of the query is a parameter).
_USER_MARK = -720_531


@functools.cache
def _roles_sql(alias: str) -> str:
    """The SQL of a user's active roles on open committees, compiled once per database: every
    request asks it, and the ORM took longer to build it than the database to answer it."""
    roles = (
        RoleAssignment.objects.active()
        .filter(user_id=_USER_MARK, committee__closed_on__isnull=True)
        .values_list("committee__path", "role", "committee_id")
    )
    sql, params = roles.query.get_compiler(alias).as_sql()
    if tuple(params) != (_USER_MARK,):
        raise ImproperlyConfigured(f"The roles' query has parameters besides the user: {params}")
    return sql


def forget_scopes(user) -> None:
    """Drop the cached roles (after the user's roles changed)."""
    if hasattr(user, "_xishan_scopes"):
        del user._xishan_scopes


def _paths(user, action: Action) -> list[str]:
    return [s.path for s in user_scopes(user) if action in s.actions]


def _path_q(paths: list[str], field: str) -> Q | None:
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    if not paths:
        return None
    if SUPERUSER_PATH in paths:
        return Q()
    return reduce(or_, (Q(**{lookup: p}) for p in paths))


def scope_queryset(qs: QuerySet[M], user, action: Action = Action.VIEW, field: str = "committee") -> QuerySet[M]:
    """Narrow any queryset to the rows whose committee (through `field`) the user may act on."""
    q = _path_q(_paths(user, action), field)
    return qs.none() if q is None else qs.filter(q)


def reaching_queryset(qs: QuerySet[M], user, action: Action = Action.VIEW, field: str = "committee") -> QuerySet[M]:
    """The rows whose committee (through `field`) is within the user's scope or above it: a survey
    round of the district (or the province) is a town secretary's round too."""
    paths = _paths(user, action)
    q = _path_q(paths, field)
    if q is None or SUPERUSER_PATH in paths:
        return qs.none() if q is None else qs
    above = sorted({prefix for p in paths for prefix in path_prefixes(p)})
    return qs.filter(q | Q(**{f"{field}__path__in": above}))


def committees_for(user, action: Action = Action.VIEW) -> QuerySet[Committee]:
    return scope_queryset(Committee.objects.all(), user, action, field="")


def can(user, action: Action, committee: Committee) -> bool:
    return any(committee.path.startswith(p) for p in _paths(user, action))


def can_anywhere(user, action: Action) -> bool:
    """Whether the user may do `action` on at least one committee (for menus and global pages)."""
    return bool(_paths(user, action))


def require_anywhere(user, action: Action) -> None:
    """For pages that are not about one committee (user administration, …)."""
    if not can_anywhere(user, action):
        raise PermissionDenied(_("You are not allowed to do this."))


def check(user, action: Action, committee: Committee) -> Committee:
    """404 when out of reading scope, 403 when readable but not allowed."""
    if not can(user, Action.VIEW, committee):
        raise Http404(_("No such committee, or it is outside your scope."))
    if not can(user, action, committee):
        raise PermissionDenied(_("You are not allowed to do this."))
    return committee


def get_committee(user, pk: int, action: Action = Action.VIEW) -> Committee:
    committee = committees_for(user, Action.VIEW).select_related("parent").filter(pk=pk).first()
    if committee is None:
        raise Http404(_("No such committee, or it is outside your scope."))
    return check(user, action, committee)


def get_scoped_object(qs: QuerySet[M], user, pk: int, action: Action = Action.VIEW, field: str = "committee") -> M:
    """Load one row through its committee: 404 out of scope, 403 when not allowed."""
    obj = scope_queryset(qs, user, Action.VIEW, field).filter(pk=pk).first()
    if obj is None:
        raise Http404(_("Not found, or outside your scope."))
    committee = obj
    for part in field.split("__") if field else []:
        committee = getattr(committee, part)
    check(user, action, committee)
    return obj


def people_changeable_by(user, person_ids) -> set[int]:
    """The people (of `person_ids`) whom the user may change: those every one of whose open posts
    and active memberships sits in a committee where the user may edit the registry (docs/DOMAIN.md,
    Roles: a person serving in two towns is changed only by a user who may write both). A person
    with no open post or membership is changeable only from the root. One query at most."""
    ids = set(person_ids)
    paths = _paths(user, Action.EDIT_REGISTRY)
    if not ids or not paths:
        return set()
    if SUPERUSER_PATH in paths:
        return ids
    held: dict[int, list[str]] = {}
    posts = Post.objects.open().filter(person_id__in=ids).order_by().values_list("person_id", "committee__path")
    memberships = (
        Volunteer.objects.active().filter(person_id__in=ids).order_by().values_list("person_id", "committee__path")
    )
    for person_id, path in posts.union(memberships, all=True):
        held.setdefault(person_id, []).append(path)
    return {
        pk
        for pk, committee_paths in held.items()
        if all(any(path.startswith(p) for p in paths) for path in committee_paths)
    }


def may_change_person(user, person: Person) -> bool:
    """Whether the user may change this person's own details (name, phone, ID number, …)."""
    return person.pk in people_changeable_by(user, [person.pk])


def scope_roots(user) -> QuerySet[Committee]:
    """The top committees of the user's reading scope (the starting points of the tree)."""
    paths = sorted(set(_paths(user, Action.VIEW)))
    if SUPERUSER_PATH in paths:
        return Committee.objects.filter(parent__isnull=True)
    roots = [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]
    return Committee.objects.filter(path__in=roots)


def may_evaluate(user, committee: Committee) -> bool:
    """Whether the user may review this committee against the 五有五好 standard, draw it for a spot
    check or verify its rectifications: a committee is evaluated from above (docs/DOMAIN.md, Roles:
    district staff evaluate towns and villages, a town secretary the villages of the town, never
    the town itself)."""
    paths = _paths(user, Action.EVALUATE)
    return SUPERUSER_PATH in paths or any(committee.path.startswith(p) and committee.path != p for p in paths)


def evaluable_committees(user) -> QuerySet[Committee]:
    """The committees the user may evaluate (`may_evaluate`), as a queryset."""
    paths = _paths(user, Action.EVALUATE)
    if SUPERUSER_PATH in paths:
        return Committee.objects.all()
    return committees_for(user, Action.EVALUATE).exclude(path__in=paths)


def check_evaluate(user, committee: Committee) -> Committee:
    """404 when out of reading scope, 403 when readable but not to be evaluated by this user."""
    check(user, Action.VIEW, committee)
    if not may_evaluate(user, committee):
        raise PermissionDenied(_("You are not allowed to do this."))
    return committee

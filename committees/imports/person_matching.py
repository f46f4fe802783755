"""People named by the rows of the volunteers and the leadership files.

A row names a person by 人员编码 when it has one, else by committee + name + birth year among
the people of that committee (its posts and volunteers): that is how a file adds someone new,
who gets the next code of the demo's series (XSP00001, …) when the import is applied. A person
named by several rows is one person; the rows must then agree on the person's details.

Both keys are looked up inside the uploader's writable scope: a code finds only people who hold
a post or a membership (current or past) in a committee the uploader may write, and a code found
elsewhere is reported as unknown, so that a file cannot probe for another town's people. A
person's own details change only where scoping.people_changeable_by allows it (a person serving
in two towns, by a user who may write both); the row's post or membership may still change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .. import scoping
from ..excel_specs import CATEGORY_LABELS, GENDER_LABELS
from ..models import PERSON_CODE_PREFIX, Committee, Person, Post, Volunteer
from ..scoping import Action
from .common import INSERT_BATCH, ImportPlan, diff, label_of, labels_to_values, model_errors

MASK = "****"  # what selectors.mask_phone puts in the middle of a hidden number
CODE_DIGITS = 5

# Model field → column key, for the fields a file may set on a person.
PERSON_COLUMNS = {
    "name": "name",
    "gender": "gender",
    "birth_year": "birth_year",
    "phone": "phone",
    "former_post": "former_post",
    "five_old_category": "category",
    "is_five_old": "category",
    "notes": "notes",
}
GENDERS = labels_to_values(GENDER_LABELS)
CATEGORIES = labels_to_values(CATEGORY_LABELS)
SHOW = {"gender": label_of(GENDER_LABELS), "five_old_category": label_of(CATEGORY_LABELS)}


@dataclass(eq=False)
class PersonPlan:
    person: Person | None  # None: a new person, created on apply
    values: dict
    row: int  # the first row naming this person
    changes: list[tuple[str, object, object]] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        return self.person is None or self.person.pk is None

    def label(self) -> str:
        if self.person is not None and self.person.code:
            return f"{self.person.code} {self.values['name']}"
        return _("%(name)s (new person)") % {"name": self.values["name"]}


def people_in_scope(user) -> QuerySet[Person]:
    """The people with a post or a membership, current or past, in a committee `user` may write;
    people who never served anywhere belong to the whole tree, so to a writer of its top."""
    served = (Post, Volunteer)
    held = [
        Q(pk__in=scoping.scope_queryset(m.objects.all(), user, Action.EDIT_REGISTRY).values("person_id"))
        for m in served
    ]
    top = Committee.objects.filter(parent__isnull=True)
    if scoping.scope_queryset(top, user, Action.EDIT_REGISTRY, field="").exists():
        held.append(~reduce(or_, (Q(Exists(m.objects.filter(person_id=OuterRef("pk")))) for m in served)))
    return Person.objects.filter(reduce(or_, held))


class PersonMatcher:
    """Finds the people of the rows in a few queries and keeps one PersonPlan per person.

    `committees` are the committees of the file that the uploader may write."""

    def __init__(self, rows: list[dict], committees: list[Committee], fields: tuple[str, ...], *, user):
        self.fields, self.user = fields, user
        codes = {r["person_code"] for r in rows if r.get("person_code")}
        found = people_in_scope(user).filter(code__in=codes).order_by() if codes else ()
        self.by_code = {p.code: p for p in found}
        self.by_name: dict[tuple[int, str, int], dict[int, Person]] = {}
        if any(not r.get("person_code") for r in rows):
            ids = [c.pk for c in committees]
            for model in (Post, Volunteer):
                for item in model.objects.filter(committee_id__in=ids).select_related("person"):
                    person = item.person
                    key = (item.committee_id, person.name, person.birth_year)
                    self.by_name.setdefault(key, {})[person.pk] = person
        self.plans: dict[tuple, PersonPlan] = {}
        self._headers: dict[str, str] | None = None

    @cached_property
    def changeable(self) -> set[int]:
        """The people whose own details the uploader may change: asked once, when a row first changes someone."""
        return scoping.people_changeable_by(self.user, self.person_ids)

    @property
    def person_ids(self) -> set[int]:
        """Every existing person the rows may name."""
        return {p.pk for p in self.by_code.values()} | {pk for people in self.by_name.values() for pk in people}

    def headers(self, plan: ImportPlan) -> dict[str, str]:
        if self._headers is None:
            self._headers = {f: plan.spec.column(PERSON_COLUMNS[f]).header for f in self.fields if f != "is_five_old"}
        return self._headers

    def resolve(self, plan: ImportPlan, row: dict, committee: Committee) -> tuple[PersonPlan | None, tuple]:
        """The row's person (None after an error) and the identity of the person for duplicate checks."""
        code = row.get("person_code")
        if code:
            person = self.by_code.get(code)
            if person is None:
                plan.error(row, "person_code", _("No person has this code, or the person is outside your scope."))
                return None, ()
        else:
            found = self.by_name.get((committee.pk, row["name"], row["birth_year"]), {})
            if len(found) > 1:
                plan.error(
                    row,
                    "name",
                    _("Several people of this committee have this name and birth year; give the person code."),
                )
                return None, ()
            person = next(iter(found.values()), None)
        identity = ("person", person.pk) if person else ("new", committee.pk, row["name"], row["birth_year"])
        values = self._values(row, person)
        existing = self.plans.get(identity)
        if existing is not None:
            for name, value in values.items():
                if existing.values[name] != value:
                    plan.error(
                        row,
                        PERSON_COLUMNS[name],
                        _("The same person is in row %(row)d with other details.") % {"row": existing.row},
                    )
                    return None, ()
            return existing, identity
        unchanged = person is not None and all(getattr(person, f) == v for f, v in values.items())
        if not unchanged and not self._valid(plan, row, person, values):
            return None, ()
        planned = PersonPlan(person, values, row["_row"])
        if person is not None and not unchanged:
            planned.changes = diff(person, values, self.headers(plan), SHOW)
            if planned.changes and person.pk not in self.changeable:
                self._refuse_changes(plan, row, person, values)
                return None, ()
        self.plans[identity] = planned
        return planned, identity

    def _refuse_changes(self, plan: ImportPlan, row: dict, person: Person, values: dict) -> None:
        """A cell error on each of the person's details that the row would change."""
        message = _(
            "You may not change this person's details: they also serve in a committee whose registry you may "
            "not edit, or no longer serve in yours."
        )
        keys = dict.fromkeys(PERSON_COLUMNS[f] for f, v in values.items() if getattr(person, f) != v)
        for key in keys:
            plan.error(row, key, message)

    def _values(self, row: dict, person: Person | None) -> dict:
        phone = row.get("phone") or ""
        if MASK in phone:  # a masked number is the export's, not a new one
            phone = person.phone if person else ""
        category = CATEGORIES.get(row.get("category") or "", "")
        values = {
            "name": row["name"],
            "gender": GENDERS.get(row.get("gender") or "", ""),
            "birth_year": row["birth_year"],
            "phone": phone,
            "former_post": row.get("former_post") or "",
            "is_five_old": bool(category),
            "five_old_category": category,
            "notes": row.get("notes") or "",
        }
        return {f: values[f] for f in self.fields}

    def _valid(self, plan: ImportPlan, row: dict, person: Person | None, values: dict) -> bool:
        """The model's own rules (adults only, field lengths, …) on the new values."""
        candidate = Person(**{f: getattr(person, f) for f in PERSON_COLUMNS} if person else {})
        for name, value in values.items():
            setattr(candidate, name, value)
        try:
            candidate.clean_fields(exclude=["code", "id_number"])
            candidate.clean()
        except ValidationError as exc:
            model_errors(plan, row, exc, PERSON_COLUMNS, "name")
            return False
        return True


def next_person_codes(count: int) -> list[str]:
    """`count` unused person codes after the highest of the series (call inside the transaction)."""
    taken = Person.objects.filter(code__startswith=PERSON_CODE_PREFIX).values_list("code", flat=True)
    numbers = [int(c[len(PERSON_CODE_PREFIX) :]) for c in taken if c[len(PERSON_CODE_PREFIX) :].isdigit()]
    start = max(numbers, default=0) + 1
    return [f"{PERSON_CODE_PREFIX}{n:0{CODE_DIGITS}d}" for n in range(start, start + count)]


def people_save(plans: list[PersonPlan], *, fields: tuple[str, ...], history: dict) -> None:
    """Create the new people (with codes) and update the changed ones; set `person` on each plan."""
    new = [p for p in plans if p.person is None]
    changed = [p for p in plans if p.person is not None and p.changes]
    for planned in changed:
        for name, value in planned.values.items():
            setattr(planned.person, name, value)
    if changed:
        bulk_update_with_history([p.person for p in changed], Person, list(fields), batch_size=500, **history)
    if new:
        people = [Person(code=code, **p.values) for p, code in zip(new, next_person_codes(len(new)), strict=True)]
        created = bulk_create_with_history(people, Person, batch_size=INSERT_BATCH, **history)
        for planned, person in zip(new, created, strict=True):
            planned.person = person

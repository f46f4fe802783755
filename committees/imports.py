"""Excel export and re-import of five-old volunteers: plan (preview) → apply (confirm).

Workbooks are read and written by the pure committees.excel (openpyxl); this module does the
lookups, the scope checks and the saving. Rows are matched by committee code + person code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import scoping
from .excel import CellError, WorkbookError, build_workbook, read_workbook
from .excel_specs import (
    CATEGORY_LABELS,
    GENDER_LABELS,
    LAYER_LABELS,
    ROLE_SEPARATOR,
    VOLUNTEER_INSTRUCTIONS,
    VOLUNTEER_SHEET,
    volunteer_spec,
)
from .models import BackboneRole, Committee, Person, Volunteer
from .scoping import Action

PERSON_FIELDS = ("name", "gender", "birth_year", "phone", "is_five_old", "five_old_category", "notes")
VOLUNTEER_FIELDS = ("layer", "joined_on", "exited_on", "exit_reason")
MASK = "****"


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    return phone[:3] + MASK + phone[-4:] if len(phone) >= 8 else MASK


def _labels(mapping: dict[str, str]) -> dict[str, str]:
    return {label: value for value, label in mapping.items()}


def _volunteers_of(committee: Committee):
    """One membership per person and committee of the subtree: the open one, else the latest."""
    qs = (
        Volunteer.objects.filter(committee__in=Committee.objects.subtree_of(committee))
        .select_related("person", "committee")
        .prefetch_related("backbone_roles")
        .order_by("committee__path", "person__name", "person_id", "-joined_on", "-pk")
    )
    chosen: dict[tuple[int, int], Volunteer] = {}
    for volunteer in qs:
        key = (volunteer.committee_id, volunteer.person_id)
        if key not in chosen or (chosen[key].exited_on is not None and volunteer.exited_on is None):
            chosen[key] = volunteer
    return list(chosen.values())


def export_volunteers(committee: Committee, *, user=None) -> bytes:
    """The volunteers of a committee's subtree as a workbook; phones masked where `user` may not edit."""
    rows = []
    for v in _volunteers_of(committee):
        person = v.person
        phone = person.phone
        if user is not None and not scoping.can(user, Action.EDIT_REGISTRY, v.committee):
            phone = mask_phone(phone)
        rows.append(
            {
                "committee_code": v.committee.code,
                "committee_name": v.committee.name,
                "person_code": person.code,
                "name": person.name,
                "gender": GENDER_LABELS.get(person.gender),
                "birth_year": person.birth_year,
                "phone": phone,
                "category": CATEGORY_LABELS.get(person.five_old_category),
                "layer": LAYER_LABELS[v.layer],
                "roles": ROLE_SEPARATOR.join(r.name for r in v.backbone_roles.all()),
                "joined_on": v.joined_on,
                "exited_on": v.exited_on,
                "exit_reason": v.exit_reason,
                "notes": person.notes,
            }
        )
    spec = volunteer_spec(timezone.localdate().year)
    return build_workbook([(spec, rows)], instructions=VOLUNTEER_INSTRUCTIONS, title=committee.name)


@dataclass
class PlannedRow:
    row: int
    committee: Committee
    person: Person
    volunteer: Volunteer | None  # None: a new membership
    person_values: dict
    volunteer_values: dict
    role_ids: frozenset[int]
    changes: list[tuple[str, object, object]] = field(default_factory=list)  # (header, old, new)


@dataclass
class ImportPlan:
    new: list[PlannedRow] = field(default_factory=list)
    changed: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def plan_volunteer_import(*, user, data: bytes) -> ImportPlan:
    """Read a volunteers workbook and sort its rows into new / changed / unchanged, with every error."""
    plan = ImportPlan()
    spec = volunteer_spec(timezone.localdate().year)
    try:
        rows = read_workbook(data, [spec])[VOLUNTEER_SHEET].rows
    except WorkbookError as exc:
        plan.errors = exc.errors
        return plan
    header = {c.key: c.header for c in spec.columns}

    def error(row: dict, key: str, message: str) -> None:
        plan.errors.append(CellError(VOLUNTEER_SHEET, row["_row"], header[key], row.get(key), message))

    readable = {c.code: c for c in scoping.committees_for(user).filter(code__in={r["committee_code"] for r in rows})}
    people = {p.code: p for p in Person.objects.filter(code__in={r["person_code"] for r in rows})}
    roles = {r.name: r for r in BackboneRole.objects.all()}
    existing: dict[tuple[int, int], Volunteer] = {}
    for v in (
        Volunteer.objects.filter(committee__in=readable.values(), person__in=people.values())
        .prefetch_related("backbone_roles")
        .order_by("-joined_on", "-pk")
    ):
        key = (v.committee_id, v.person_id)
        if key not in existing or (existing[key].exited_on is not None and v.exited_on is None):
            existing[key] = v
    genders, categories, layers = _labels(GENDER_LABELS), _labels(CATEGORY_LABELS), _labels(LAYER_LABELS)

    for row in rows:
        committee = readable.get(row["committee_code"])
        if committee is None:
            error(row, "committee_code", _("No such committee, or it is outside your scope."))
            continue
        if not scoping.can(user, Action.EDIT_REGISTRY, committee):
            error(row, "committee_code", _("You are not allowed to edit the registry of this committee."))
            continue
        if row.get("committee_name") and row["committee_name"] != committee.name:
            error(row, "committee_name", _("Does not match the committee code (%(name)s).") % {"name": committee.name})
            continue
        person = people.get(row["person_code"])
        if person is None:
            error(row, "person_code", _("No person has this code."))
            continue
        role_names = [n.strip() for n in (row.get("roles") or "").split(ROLE_SEPARATOR) if n.strip()]
        unknown = [n for n in role_names if n not in roles]
        if unknown:
            error(row, "roles", _("Unknown backbone role: %(names)s.") % {"names": ROLE_SEPARATOR.join(unknown)})
            continue
        phone = row.get("phone") or ""
        if MASK in phone:  # a masked phone is the export's, not a new number
            phone = person.phone
        category = categories.get(row.get("category") or "", "")
        person_values = {
            "name": row["name"],
            "gender": genders.get(row.get("gender") or "", ""),
            "birth_year": row["birth_year"],
            "phone": phone,
            "is_five_old": bool(category),
            "five_old_category": category,
            "notes": row.get("notes") or "",
        }
        volunteer_values = {
            "layer": layers[row["layer"]],
            "joined_on": row.get("joined_on"),
            "exited_on": row.get("exited_on"),
            "exit_reason": row.get("exit_reason") or "",
        }
        volunteer = existing.get((committee.pk, person.pk))
        planned = PlannedRow(
            row["_row"], committee, person, volunteer, person_values, volunteer_values,
            frozenset(roles[n].pk for n in role_names),
        )  # fmt: skip
        if not _validate(planned, row, error):
            continue
        if volunteer is None:
            plan.new.append(planned)
            continue
        planned.changes = _changes(planned, spec, roles)
        (plan.changed if planned.changes else plan.unchanged).append(planned)
    return plan


def _validate(planned: PlannedRow, row: dict, error) -> bool:
    """The models' own rules (adults only, an exit needs a reason, …) on the new values."""
    person = Person(**{**planned.person_values, "code": planned.person.code})
    volunteer = Volunteer(**planned.volunteer_values)
    ok = True
    for obj, exclude in ((person, ["code"]), (volunteer, ["person", "committee"])):
        try:
            obj.clean_fields(exclude=exclude)
            obj.clean()
        except ValidationError as exc:
            ok = False
            for name, messages in exc.message_dict.items():
                key = {"five_old_category": "category", "is_five_old": "category"}.get(name, name)
                error(row, key if key in row else "name", " ".join(messages))
    return ok


def _changes(planned: PlannedRow, spec, roles: dict[str, BackboneRole]) -> list[tuple[str, object, object]]:
    header = {c.key: c.header for c in spec.columns}
    shown = {"five_old_category": "category", "is_five_old": None}
    changes = []
    for name, new in planned.person_values.items():
        old = getattr(planned.person, name)
        if old != new and shown.get(name, name):
            changes.append((header[shown.get(name, name)], old, new))
    for name, new in planned.volunteer_values.items():
        old = getattr(planned.volunteer, name)
        if old != new:
            changes.append((header[name], old, new))
    old_roles = frozenset(r.pk for r in planned.volunteer.backbone_roles.all())
    if old_roles != planned.role_ids:
        by_id = {r.pk: r.name for r in roles.values()}
        changes.append(
            (
                header["roles"],
                ROLE_SEPARATOR.join(sorted(by_id[i] for i in old_roles)),
                ROLE_SEPARATOR.join(sorted(by_id[i] for i in planned.role_ids)),
            )
        )
    return changes


def apply_volunteer_import(*, user, plan: ImportPlan) -> ImportPlan:
    """Write a plan without errors, all or nothing; history rows name `user`."""
    if plan.errors:
        raise ValidationError(_("The file has errors; nothing was imported."))
    rows = plan.new + plan.changed
    history = {"default_user": user, "default_change_reason": _("Excel import")}
    with transaction.atomic():
        people: dict[int, Person] = {}
        for planned in rows:
            person = planned.person
            if any(getattr(person, k) != v for k, v in planned.person_values.items()):
                for name, value in planned.person_values.items():
                    setattr(person, name, value)
                people[person.pk] = person
        if people:
            bulk_update_with_history(list(people.values()), Person, list(PERSON_FIELDS), **history)
        changed = [p for p in plan.changed if any(getattr(p.volunteer, k) != v for k, v in p.volunteer_values.items())]
        for planned in changed:
            for name, value in planned.volunteer_values.items():
                setattr(planned.volunteer, name, value)
        if changed:
            bulk_update_with_history([p.volunteer for p in changed], Volunteer, list(VOLUNTEER_FIELDS), **history)
        created = bulk_create_with_history(
            [Volunteer(person=p.person, committee=p.committee, **p.volunteer_values) for p in plan.new],
            Volunteer,
            **history,
        )
        for planned, volunteer in zip(plan.new, created, strict=True):
            planned.volunteer = volunteer
        roles_header = volunteer_spec(timezone.localdate().year).column("roles").header
        _set_roles(plan.new + [p for p in plan.changed if any(c[0] == roles_header for c in p.changes)])
    return plan


def _set_roles(rows: list[PlannedRow]) -> None:
    Through = Volunteer.backbone_roles.through
    ids = [p.volunteer.pk for p in rows]
    Through.objects.filter(volunteer_id__in=ids).delete()
    Through.objects.bulk_create(
        [Through(volunteer_id=p.volunteer.pk, backbonerole_id=role_id) for p in rows for role_id in p.role_ids]
    )

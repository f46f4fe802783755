"""Five-old volunteers: one row per person and committee (the open membership, else the latest)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..excel_specs import (
    CATEGORY_LABELS,
    GENDER_LABELS,
    LAYER_LABELS,
    ROLE_SEPARATOR,
    VOLUNTEER_INSTRUCTIONS,
    volunteer_spec,
)
from ..models import BackboneRole, Committee, Volunteer
from ..selectors import PersonalData
from .common import (
    INSERT_BATCH,
    CommitteeResolver,
    Duplicates,
    ImportPlan,
    PlannedRow,
    Table,
    Ticker,
    diff,
    label_of,
    labels_to_values,
    model_errors,
    reference_year,
    set_values,
)
from .person_matching import PersonMatcher, PersonPlan, people_save

PERSON_FIELDS = ("name", "gender", "birth_year", "phone", "is_five_old", "five_old_category", "notes")
VOLUNTEER_FIELDS = ("layer", "joined_on", "exited_on", "exit_reason")  # named as their columns
LAYERS = labels_to_values(LAYER_LABELS)


@dataclass(kw_only=True)
class VolunteerRow(PlannedRow):
    person: PersonPlan
    volunteer: Volunteer | None  # None: a new membership
    values: dict
    role_ids: frozenset[int]
    roles_changed: bool = False


def latest_memberships(volunteers) -> dict[tuple[int, int], Volunteer]:
    """One membership per committee and person: the open one, else the latest joined."""
    chosen: dict[tuple[int, int], Volunteer] = {}
    for volunteer in volunteers:
        key = (volunteer.committee_id, volunteer.person_id)
        if key not in chosen or (chosen[key].exited_on is not None and volunteer.exited_on is None):
            chosen[key] = volunteer
    return chosen


class MembershipChecks:
    """The model's rules on a membership's own values (they name no other field), checked once per
    distinct values: most rows of a file share their layer and dates with others."""

    def __init__(self) -> None:
        self.seen: dict[tuple, ValidationError | None] = {}

    def check(self, values: dict) -> ValidationError | None:
        key = tuple(values[f] for f in VOLUNTEER_FIELDS)
        if key not in self.seen:
            try:
                candidate = Volunteer(**values)
                candidate.clean_fields(exclude=["person", "committee"])
                candidate.clean()
                self.seen[key] = None
            except ValidationError as exc:
                self.seen[key] = exc
        return self.seen[key]


class VolunteerTable(Table):
    slug = "volunteers"
    title = gettext_lazy("Five-old volunteers")
    instructions = VOLUNTEER_INSTRUCTIONS

    def spec(self):
        return volunteer_spec(reference_year())

    def export_rows(self, committee: Committee, user) -> list[dict]:
        """Phones are masked unless `user` may change the person."""
        qs = (
            Volunteer.objects.filter(committee__in=Committee.objects.subtree_of(committee))
            .select_related("person", "committee")
            .prefetch_related("backbone_roles")
            .order_by("committee__path", "person__name", "person_id", "-joined_on", "-pk")
        )
        return self.rows_of(qs, user)

    def rows_of(self, qs, user) -> list[dict]:
        """The rows of these memberships in their order, one per committee and person (the list's
        filtered export passes its own, with person, committee and backbone_roles loaded)."""
        latest = latest_memberships(qs).values()
        shown = PersonalData.for_reader(user, {v.person_id for v in latest})
        rows = []
        for v in latest:
            person = v.person
            phone = person.phone if user is None else shown.phone(person)
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
        return rows

    def plan_rows(self, plan: ImportPlan, rows: list[dict], *, user, progress: Ticker) -> None:
        committees = CommitteeResolver(user, (r["committee_code"] for r in rows))
        people = PersonMatcher(rows, committees.writable, PERSON_FIELDS, user=user)
        roles = {r.name: r for r in BackboneRole.objects.all()}
        role_names = {r.pk: r.name for r in roles.values()}
        existing = latest_memberships(
            Volunteer.objects.filter(committee__in=committees.writable, person_id__in=people.person_ids)
            .prefetch_related("backbone_roles")
            .order_by("-joined_on", "-pk")
        )
        duplicates, problems = Duplicates(), MembershipChecks()
        headers = {f: plan.spec.column(f).header for f in VOLUNTEER_FIELDS}
        show = {"layer": label_of(LAYER_LABELS)}
        for row in progress.rows(rows):
            committee = committees.resolve(plan, row)
            if committee is None:
                continue
            person, identity = people.resolve(plan, row, committee)
            if person is None:
                continue
            keys = (
                ("committee_code", "person_code")
                if row.get("person_code")
                else ("committee_code", "name", "birth_year")
            )
            if not duplicates.check(plan, row, (committee.pk, identity), keys):
                continue
            names = _role_names(plan, row, roles)
            if names is None:
                continue
            values = {
                "layer": LAYERS[row["layer"]],
                "joined_on": row.get("joined_on"),
                "exited_on": row.get("exited_on"),
                "exit_reason": row.get("exit_reason") or "",
            }
            problem = problems.check(values)
            if problem is not None:
                model_errors(plan, row, problem, {}, "exit_reason")
                continue
            volunteer = None if person.is_new else existing.get((committee.pk, person.person.pk))
            planned = VolunteerRow(
                row=row["_row"],
                committee=committee,
                label=person.label(),
                person=person,
                volunteer=volunteer,
                values=values,
                role_ids=frozenset(roles[n].pk for n in names),
                changes=list(person.changes),  # a new membership may still change an existing person
            )
            if volunteer is not None:
                planned.changes += diff(volunteer, values, headers, show)
                _roles_diff(plan, planned, volunteer, role_names)
            plan.add(planned, is_new=volunteer is None)

    def apply(self, plan: ImportPlan, *, history: dict, progress) -> None:
        rows: list[VolunteerRow] = plan.new + plan.changed
        people_save(list({id(r.person): r.person for r in rows}.values()), fields=PERSON_FIELDS, history=history)
        progress(40, _("Saving"))
        changed = [r for r in plan.changed if set_values(r.volunteer, r.values)]
        if changed:
            volunteers = [r.volunteer for r in changed]
            bulk_update_with_history(volunteers, Volunteer, list(VOLUNTEER_FIELDS), batch_size=500, **history)
        created = bulk_create_with_history(
            # by id: setting the related objects costs a descriptor call and a check each, per row
            [Volunteer(person_id=r.person.person.pk, committee_id=r.committee.pk, **r.values) for r in plan.new],
            Volunteer,
            batch_size=INSERT_BATCH,
            **history,
        )
        for planned, volunteer in zip(plan.new, created, strict=True):
            planned.volunteer = volunteer
        progress(80, _("Saving"))
        _roles_set([r for r in plan.new if r.role_ids] + [r for r in plan.changed if r.roles_changed])


def _roles_set(rows: list[VolunteerRow]) -> None:
    Through = Volunteer.backbone_roles.through
    Through.objects.filter(volunteer_id__in=[r.volunteer.pk for r in rows]).delete()
    Through.objects.bulk_create(
        [Through(volunteer_id=r.volunteer.pk, backbonerole_id=role_id) for r in rows for role_id in r.role_ids],
        batch_size=500,
    )


def _roles_diff(plan: ImportPlan, planned: VolunteerRow, volunteer: Volunteer, role_names: dict[int, str]) -> None:
    """Note a change of the membership's backbone roles, as the file names them."""
    old_roles = frozenset(r.pk for r in volunteer.backbone_roles.all())
    if old_roles != planned.role_ids:
        planned.roles_changed = True
        planned.changes.append(
            (
                plan.spec.column("roles").header,
                ROLE_SEPARATOR.join(sorted(role_names[i] for i in old_roles)),
                ROLE_SEPARATOR.join(sorted(role_names[i] for i in planned.role_ids)),
            )
        )


def _role_names(plan: ImportPlan, row: dict, roles: dict[str, BackboneRole]) -> list[str] | None:
    """The backbone roles the row names; None when one is unknown, the error noted."""
    names = [n.strip() for n in (row.get("roles") or "").split(ROLE_SEPARATOR) if n.strip()]
    unknown = [n for n in names if n not in roles]
    if unknown:
        plan.error(row, "roles", _("Unknown backbone role: %(names)s.") % {"names": ROLE_SEPARATOR.join(unknown)})
        return None
    return names

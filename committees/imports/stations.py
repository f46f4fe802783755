"""Tutoring stations of villages, matched by village code + station name.

A satellite point (分点) names its central station (中心站) of the same village: one already
registered or one added higher or lower in the same file, so a whole hub-and-points village
can be entered at once. The linked school is given by its committee code: a school the
uploader may write, or the one the station is already linked to (a town's station may pair
with a school attached to the district, which a town secretary does not see). Stations, central
stations among them, are looked up only in the villages of the file that the uploader may write.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .. import scoping
from ..excel_specs import STATION_INSTRUCTIONS, STATION_KIND_LABELS, station_spec
from ..models import VILLAGE_KINDS, Committee, Kind, StationKind, TutoringStation
from ..scoping import Action
from .common import (
    INSERT_BATCH,
    CommitteeResolver,
    ImportPlan,
    PlannedRow,
    Table,
    Ticker,
    diff,
    label_of,
    labels_to_values,
    model_errors,
    reference_year,
)

KINDS = labels_to_values(STATION_KIND_LABELS)
STATION_FIELDS = ("kind", "hub", "linked_school", "opened_year", "activities_per_year")
# What the preview compares: the file's columns, with the hub and the school as the file names them.
SHOWN = ("kind", "hub_name", "school_code", "opened_year", "activities_per_year")


@dataclass(kw_only=True)
class StationRow(PlannedRow):
    station: TutoringStation | None  # None: a new station
    name: str
    values: dict  # kind, linked_school, opened_year, activities_per_year
    hub_name: str


def _as_shown(station: TutoringStation) -> SimpleNamespace:
    return SimpleNamespace(
        kind=station.kind,
        hub_name=station.hub.name if station.hub_id else "",
        school_code=station.linked_school.code if station.linked_school_id else "",
        opened_year=station.opened_year,
        activities_per_year=station.activities_per_year,
    )


class StationTable(Table):
    slug = "stations"
    title = gettext_lazy("Tutoring stations")
    instructions = STATION_INSTRUCTIONS

    def spec(self):
        return station_spec(reference_year())

    def export_rows(self, committee: Committee, user) -> list[dict]:
        return self.rows_of(TutoringStation.objects.filter(committee__in=Committee.objects.subtree_of(committee)), user)

    def rows_of(self, qs, user) -> list[dict]:
        """The rows of these stations, by committee, kind and name."""
        stations = qs.select_related("committee", "hub", "linked_school").order_by("committee__path", "kind", "name")
        return [
            {
                "committee_code": s.committee.code,
                "committee_name": s.committee.name,
                "name": s.name,
                "kind": STATION_KIND_LABELS[s.kind],
                "hub_name": s.hub.name if s.hub_id else None,
                "school_code": s.linked_school.code if s.linked_school_id else None,
                "opened_year": s.opened_year,
                "activities_per_year": s.activities_per_year,
            }
            for s in stations
        ]

    def plan_rows(self, plan: ImportPlan, rows: list[dict], *, user, progress: Ticker) -> None:
        committees = CommitteeResolver(user, (r["committee_code"] for r in rows))
        villages = [c for c in committees.writable if c.kind in VILLAGE_KINDS]
        existing = {
            (s.committee_id, s.name): s
            for s in TutoringStation.objects.filter(committee__in=villages).select_related("hub", "linked_school")
        }
        school_codes = {r["school_code"] for r in rows if r.get("school_code")}
        schools = {c.code: c for c in scoping.committees_for(user, Action.EDIT_REGISTRY).filter(code__in=school_codes)}
        headers = {f: plan.spec.column(f).header for f in SHOWN}
        show = {"kind": label_of(STATION_KIND_LABELS)}
        planned_rows: list[tuple[dict, StationRow]] = []
        for row in progress.rows(rows):
            committee = committees.resolve(
                plan, row, kinds=VILLAGE_KINDS, kinds_message=_("A tutoring station belongs to a village or community.")
            )
            if committee is None:
                continue
            station = existing.get((committee.pk, row["name"]))
            linked, school = _linked_school(plan, row, station, schools)
            if not linked:
                continue
            values = {
                "kind": KINDS[row["kind"]],
                "linked_school": school,
                "opened_year": row.get("opened_year"),
                "activities_per_year": row.get("activities_per_year") or 0,
            }
            try:
                TutoringStation(name=row["name"], **values).clean_fields(exclude=["committee", "hub", "linked_school"])
            except ValidationError as exc:
                model_errors(plan, row, exc, {"linked_school": "school_code"}, "name")
                continue
            planned = StationRow(
                row=row["_row"],
                committee=committee,
                label=row["name"],
                station=station,
                name=row["name"],
                values=values,
                hub_name=row.get("hub_name") or "",
            )
            planned_rows.append((row, planned))
        self._check_hubs(plan, planned_rows, existing)
        for _row, planned in planned_rows:
            if planned.station is not None:
                new = SimpleNamespace(
                    kind=planned.values["kind"],
                    hub_name=planned.hub_name,
                    school_code=planned.values["linked_school"].code if planned.values["linked_school"] else "",
                    opened_year=planned.values["opened_year"],
                    activities_per_year=planned.values["activities_per_year"],
                )
                planned.changes = diff(_as_shown(planned.station), vars(new), headers, show)
            plan.add(planned, is_new=planned.station is None)

    def _check_hubs(self, plan: ImportPlan, planned_rows: list[tuple[dict, StationRow]], existing: dict) -> None:
        """Points name a central station of their village, as it will be once the file is applied."""
        kind_after = {key: s.kind for key, s in existing.items()}
        kind_after.update({(p.committee.pk, p.name): p.values["kind"] for _row, p in planned_rows})
        in_file = {(p.committee.pk, p.name) for _row, p in planned_rows}
        kept_points: dict[int, int] = {}  # central station pk → its points that the file leaves alone
        for key, station in existing.items():
            if station.hub_id and key not in in_file:
                kept_points[station.hub_id] = kept_points.get(station.hub_id, 0) + 1
        for row, planned in planned_rows:
            if planned.values["kind"] == StationKind.CENTRAL:
                if planned.hub_name:
                    plan.error(row, "hub_name", _("A central station has no central station above it."))
                continue
            if not planned.hub_name:
                plan.error(row, "hub_name", _("A satellite point needs its central station."))
            elif kind_after.get((planned.committee.pk, planned.hub_name)) != StationKind.CENTRAL:
                plan.error(row, "hub_name", _("The central station must be a central station of the same village."))
            was_central = planned.station is not None and planned.station.kind == StationKind.CENTRAL
            if was_central and kept_points.get(planned.station.pk):
                plan.error(row, "kind", _("Satellite points still belong to this central station."))

    def apply(self, plan: ImportPlan, *, history: dict, progress) -> None:
        rows: list[StationRow] = plan.new + plan.changed
        by_key = {(r.committee.pk, r.name): r.station for r in plan.changed + plan.unchanged}
        centrals = [r for r in plan.new if r.values["kind"] == StationKind.CENTRAL]
        created = bulk_create_with_history(
            [TutoringStation(committee=r.committee, name=r.name, **r.values) for r in centrals],
            TutoringStation,
            batch_size=INSERT_BATCH,
            **history,
        )
        for planned, station in zip(centrals, created, strict=True):
            planned.station = station
            by_key[(planned.committee.pk, planned.name)] = station
        hub_names = {
            (r.committee.pk, r.hub_name) for r in rows if r.hub_name and (r.committee.pk, r.hub_name) not in by_key
        }
        if hub_names:
            for station in TutoringStation.objects.filter(
                committee_id__in={k[0] for k in hub_names}, name__in={k[1] for k in hub_names}
            ):
                by_key.setdefault((station.committee_id, station.name), station)
        progress(40, _("Saving"))

        def hub_of(planned: StationRow) -> TutoringStation | None:
            return (
                by_key[(planned.committee.pk, planned.hub_name)]
                if planned.values["kind"] == StationKind.POINT
                else None
            )

        changed = []
        for planned in plan.changed:  # each differs in a shown value, so each is written
            for name, value in {**planned.values, "hub": hub_of(planned)}.items():
                setattr(planned.station, name, value)
            changed.append(planned.station)
        if changed:
            bulk_update_with_history(changed, TutoringStation, list(STATION_FIELDS), batch_size=500, **history)
        progress(70, _("Saving"))
        points = [r for r in plan.new if r.values["kind"] == StationKind.POINT]
        bulk_create_with_history(
            [TutoringStation(committee=r.committee, name=r.name, hub=hub_of(r), **r.values) for r in points],
            TutoringStation,
            batch_size=INSERT_BATCH,
            **history,
        )


def _linked_school(plan: ImportPlan, row: dict, station, schools: dict) -> tuple[bool, Committee | None]:
    """The school a row links by its code: one of the user's, or the one the station links
    already. (False, None) when the code names no school the user may link, the error noted."""
    if not row.get("school_code"):
        return True, None
    school = schools.get(row["school_code"])
    current = station.linked_school if station and station.linked_school_id else None
    if school is None and current is not None and current.code == row["school_code"]:
        school = current
    if school is None:
        plan.error(row, "school_code", _("No such committee, or it is outside your scope."))
        return False, None
    if school.kind != Kind.SCHOOL:
        plan.error(row, "school_code", _("The linked committee must be a school."))
        return False, None
    return True, school

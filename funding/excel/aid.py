"""Donors, study-aid programmes and their sessions in Excel: each row names its record by a natural
key (the committee's code and the donor's or programme's name; a session adds its number) and is
upserted with history: a known record takes the row's values, an unknown key is a new record.
Every committee code, programme and enterprise is looked up in the uploader's scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees import scoping
from committees.imports.common import INSERT_BATCH, ImportPlan, PlannedRow, Ticker, diff, model_errors, set_values
from committees.models import Kind

from ..donation_models import AidProgramme, AidSession, Donor
from .aid_specs import (
    DONOR_INSTRUCTIONS,
    DONOR_KIND_LABELS,
    PROGRAMME_INSTRUCTIONS,
    SESSION_INSTRUCTIONS,
    donor_spec,
    programme_spec,
    session_spec,
)
from .common import FundTable, funds_resolver, last_year, text


@dataclass(kw_only=True)
class UpsertRow(PlannedRow):
    record: models.Model  # not saved when new
    values: dict


class UpsertTable(FundTable):
    """A table whose rows create or change records by a natural key."""

    yearly = False
    fields: tuple[str, ...] = ()  # what a row may change
    columns: dict[str, str] = {}  # model field → column key, where they differ
    show: dict = {}

    def known(self, plan: ImportPlan, committees: list, rows: list[dict], user) -> dict[tuple, models.Model]:
        """The records the rows may name, by key (lookups the rows need go in plan.extra: the table
        object is shared by every request, so it keeps no state)."""
        raise NotImplementedError

    def key_of(self, committee, row: dict) -> tuple:
        return (committee.pk, row["name"].strip())

    def values_of(self, plan: ImportPlan, row: dict, committee, user) -> dict | None:
        raise NotImplementedError

    def new_record(self, plan: ImportPlan, committee, row: dict) -> models.Model:
        raise NotImplementedError

    def check(self, record: models.Model) -> None:
        """The model's field and record rules (no query)."""
        record.clean_fields(exclude=[f.name for f in record._meta.fields if f.is_relation])
        record.clean()

    def plan_rows(self, plan: ImportPlan, rows: list[dict], *, user, progress: Ticker) -> None:
        committees = funds_resolver(user, (r["committee_code"] for r in rows))
        known = self.known(plan, committees.writable, rows, user)
        headers = {f: plan.spec.column(self.columns.get(f, f)).header for f in self.fields}
        for row in progress.rows(rows):
            committee = committees.resolve(plan, row)
            values = committee and self.values_of(plan, row, committee, user)
            if values is None:
                continue
            record = known.get(self.key_of(committee, row))
            candidate = record or self.new_record(plan, committee, row)
            before = {f: getattr(candidate, f) for f in self.fields}
            set_values(candidate, values)
            try:
                self.check(candidate)
            except ValidationError as exc:
                model_errors(plan, row, exc, self.columns, self.fields[0])
                continue
            finally:
                if record is not None:
                    set_values(record, before)  # the apply step sets them again
            label = row.get("name") or row.get("programme_name") or ""
            planned = UpsertRow(row=row["_row"], committee=committee, label=label, record=candidate, values=values)
            if record is not None:
                planned.changes = diff(record, values, headers, self.show)
            plan.add(planned, is_new=record is None)

    def apply(self, plan: ImportPlan, *, history: dict, progress) -> None:
        changed = [r.record for r in plan.changed if set_values(r.record, r.values)]
        if changed:
            bulk_update_with_history(changed, self.model, list(self.fields), batch_size=500, **history)
        progress(50, _("Saving"))
        bulk_create_with_history([r.record for r in plan.new], self.model, batch_size=INSERT_BATCH, **history)


class DonorTable(UpsertTable):
    slug = "donors"
    title = gettext_lazy("Donors")
    instructions = DONOR_INSTRUCTIONS
    model = Donor
    order = ("committee__path", "name", "pk")
    related = ("committee", "enterprise")
    fields = ("kind", "enterprise", "note")
    columns = {"enterprise": "enterprise_code"}
    show = {"kind": lambda v: DONOR_KIND_LABELS.get(v, v), "enterprise": lambda c: c.code if c else ""}

    def spec(self):
        return donor_spec()

    def rows_of(self, donors, user) -> list[dict]:
        return [
            {
                "committee_code": d.committee.code,
                "committee_name": d.committee.name,
                "name": d.name,
                "kind": DONOR_KIND_LABELS.get(d.kind),
                "enterprise_code": d.enterprise.code if d.enterprise else None,
                "note": d.note,
            }
            for d in donors
        ]

    def known(self, plan: ImportPlan, committees: list, rows: list[dict], user) -> dict:
        codes = {r["enterprise_code"].strip() for r in rows if r.get("enterprise_code")}
        enterprises = scoping.committees_for(user).filter(kind=Kind.ENTERPRISE, code__in=codes)
        plan.extra["enterprises"] = {c.code: c for c in enterprises}
        donors = Donor.objects.filter(committee__in=committees).select_related("enterprise")
        return {(d.committee_id, d.name): d for d in donors}

    def values_of(self, plan: ImportPlan, row: dict, committee, user) -> dict | None:
        code = text(row, "enterprise_code")
        enterprise = plan.extra["enterprises"].get(code) if code else None
        if code and enterprise is None:
            plan.error(row, "enterprise_code", _("No such enterprise committee, or it is outside your scope."))
            return None
        kinds = {label: value for value, label in DONOR_KIND_LABELS.items()}
        return {"kind": kinds[row["kind"]], "enterprise": enterprise, "note": text(row, "note")}

    def new_record(self, plan: ImportPlan, committee, row: dict) -> Donor:
        return Donor(committee=committee, name=row["name"].strip())


class ProgrammeTable(UpsertTable):
    slug = "programmes"
    title = gettext_lazy("Study-aid programmes")
    instructions = PROGRAMME_INSTRUCTIONS
    model = AidProgramme
    order = ("committee__path", "first_year", "pk")
    fields = ("first_year", "description")

    def spec(self):
        return programme_spec(last_year())

    def rows_of(self, programmes, user) -> list[dict]:
        return [
            {
                "committee_code": p.committee.code,
                "committee_name": p.committee.name,
                "name": p.name,
                "first_year": p.first_year,
                "description": p.description,
            }
            for p in programmes
        ]

    def known(self, plan: ImportPlan, committees: list, rows: list[dict], user) -> dict:
        return {(p.committee_id, p.name): p for p in AidProgramme.objects.filter(committee__in=committees)}

    def values_of(self, plan: ImportPlan, row: dict, committee, user) -> dict | None:
        return {"first_year": row["first_year"], "description": text(row, "description")}

    def new_record(self, plan: ImportPlan, committee, row: dict) -> AidProgramme:
        return AidProgramme(committee=committee, name=row["name"].strip())


class SessionTable(UpsertTable):
    slug = "sessions"
    title = gettext_lazy("Study-aid sessions")
    instructions = SESSION_INSTRUCTIONS
    model = AidSession
    yearly = True
    committee_field = "programme__committee"
    order = ("programme__committee__path", "programme__first_year", "programme_id", "number")
    related = ("programme__committee",)
    fields = ("year", "date", "amount", "students", "awards")

    def records(self, user, year, committee):
        return super().records(user, year, committee).prefetch_related("donors")

    def spec(self):
        return session_spec(last_year())

    def rows_of(self, sessions, user) -> list[dict]:
        return [
            {
                "committee_code": s.programme.committee.code,
                "committee_name": s.programme.committee.name,
                "programme_name": s.programme.name,
                "number": s.number,
                "year": s.year,
                "date": s.date,
                "amount": s.amount,
                "students": s.students,
                "awards": s.awards,
                "donors": "、".join(sorted(d.name for d in s.donors.all())),
            }
            for s in sessions
        ]

    def known(self, plan: ImportPlan, committees: list, rows: list[dict], user) -> dict:
        programmes = AidProgramme.objects.filter(committee__in=committees).select_related("committee")
        plan.extra["programmes"] = {(p.committee_id, p.name): p for p in programmes}
        sessions = AidSession.objects.filter(programme__in=programmes).select_related("programme")
        return {(s.programme.committee_id, s.programme.name, s.number): s for s in sessions}

    def key_of(self, committee, row: dict) -> tuple:
        return (committee.pk, row["programme_name"].strip(), row["number"])

    def values_of(self, plan: ImportPlan, row: dict, committee, user) -> dict | None:
        if (committee.pk, row["programme_name"].strip()) not in plan.extra["programmes"]:
            message = _("No such programme of this committee; add it on the programmes sheet first.")
            plan.error(row, "programme_name", message)
            return None
        keys = ("year", "date", "amount", "students")
        return {**{k: row[k] for k in keys}, "awards": row.get("awards") or 0}

    def new_record(self, plan: ImportPlan, committee, row: dict) -> AidSession:
        programme = plan.extra["programmes"][(committee.pk, row["programme_name"].strip())]
        return AidSession(programme=programme, number=row["number"])

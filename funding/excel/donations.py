"""A year's study-aid donations in Excel: a row with a donation number changes that donation, a row
without one is a new donation. The donor and the programme are named as the file shows them and
looked up among those the uploader may read in the receiving committee's town."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from committees import scoping
from committees.imports.common import (
    INSERT_BATCH,
    Duplicates,
    ImportPlan,
    PlannedRow,
    Ticker,
    diff,
    model_errors,
    set_values,
)

from ..donation_models import AidProgramme, Donation, Donor, town_path
from .aid_specs import DONATION_INSTRUCTIONS, donation_spec
from .common import FundTable, funds_resolver, last_year, text

FIELDS = ("year", "date", "donor", "amount", "programme", "note")
COLUMNS = {"donor": "donor_name", "programme": "programme_name"}
SHOW = {"donor": lambda d: d.name, "programme": lambda p: p.name if p else ""}


@dataclass(kw_only=True)
class DonationRow(PlannedRow):
    donation: Donation  # not saved when new
    values: dict


class Named:
    """Records of the uploader's reading scope by name, to be picked in a committee's town."""

    def __init__(self, qs, user, names: set[str]):
        self.by_name = defaultdict(list)
        for record in scoping.scope_queryset(qs.filter(name__in=names), user).select_related("committee"):
            self.by_name[record.name].append(record)

    def pick(self, name: str, committee):
        """The record of this name in the committee's town (the committee's own first); None when
        there is none; a list when several are left to choose from."""
        town = town_path(committee.path)
        found = [r for r in self.by_name.get(name, ()) if town_path(r.committee.path) == town]
        own = [r for r in found if r.committee_id == committee.pk]
        if len(own) == 1 or len(found) == 1:
            return (own or found)[0]
        return found or None


class DonationTable(FundTable):
    slug = "donations"
    title = gettext_lazy("Donations for study aid")
    instructions = DONATION_INSTRUCTIONS
    model = Donation
    order = ("committee__path", "date", "pk")
    related = ("committee", "donor", "programme")

    def spec(self):
        return donation_spec(last_year())

    def rows_of(self, donations, user) -> list[dict]:
        return [
            {
                "donation_id": d.pk,
                "committee_code": d.committee.code,
                "committee_name": d.committee.name,
                "year": d.year,
                "date": d.date,
                "donor_name": d.donor.name,
                "amount": d.amount,
                "programme_name": d.programme.name if d.programme else None,
                "note": d.note,
            }
            for d in donations
        ]

    def plan_rows(self, plan: ImportPlan, rows: list[dict], *, user, progress: Ticker) -> None:
        committees = funds_resolver(user, (r["committee_code"] for r in rows))
        ids = {r["donation_id"] for r in rows if r.get("donation_id")}
        known = Donation.objects.filter(committee__in=committees.writable, pk__in=ids).select_related(
            "donor", "programme"
        )
        known = {d.pk: d for d in known}
        donors = Named(Donor.objects.all(), user, {text(r, "donor_name") for r in rows})
        programmes = Named(AidProgramme.objects.all(), user, {text(r, "programme_name") for r in rows} - {""})
        headers = {f: plan.spec.column(COLUMNS.get(f, f)).header for f in FIELDS}
        seen = Duplicates()
        for row in progress.rows(rows):
            committee = committees.resolve(plan, row)
            if committee is None:
                continue
            if row.get("donation_id") and not seen.check(plan, row, (row["donation_id"],), ("donation_id",)):
                continue
            donation = known.get(row.get("donation_id")) if row.get("donation_id") else Donation(committee=committee)
            if donation is None or donation.committee_id != committee.pk:
                plan.error(row, "donation_id", _("No such donation of this committee, or it is outside your scope."))
                continue
            values = _values(plan, row, committee, donors, programmes)
            if values is None or not _valid(plan, row, donation.pk, committee, values):
                continue
            label = f"{row['date'].isoformat()} · {values['donor'].name} · {row['amount']}"
            planned = DonationRow(row=row["_row"], committee=committee, label=label, donation=donation, values=values)
            if donation.pk:
                planned.changes = diff(donation, values, headers, SHOW)
            plan.add(planned, is_new=donation.pk is None)

    def apply(self, plan: ImportPlan, *, history: dict, progress) -> None:
        changed = [r.donation for r in plan.changed if set_values(r.donation, r.values)]
        if changed:
            bulk_update_with_history(changed, Donation, list(FIELDS), batch_size=500, **history)
        progress(50, _("Saving"))
        new = [Donation(committee=r.committee, **r.values) for r in plan.new]
        bulk_create_with_history(new, Donation, batch_size=INSERT_BATCH, **history)


def _values(plan: ImportPlan, row: dict, committee, donors: Named, programmes: Named) -> dict | None:
    """The row's values with its donor and programme found in the committee's town; None after an error."""
    found = {}
    for key, named in (("donor_name", donors), ("programme_name", programmes)):
        name = text(row, key)
        record = named.pick(name, committee) if name else None
        if name and record is None:
            plan.error(row, key, _("Not found in this committee's town, or outside your scope."))
            return None
        if isinstance(record, list):
            plan.error(row, key, _("Several records of this town have this name; name them differently first."))
            return None
        found[key] = record
    return {
        "year": row["year"],
        "date": row["date"],
        "donor": found["donor_name"],
        "amount": row["amount"],
        "programme": found["programme_name"],
        "note": text(row, "note"),
    }


def _valid(plan: ImportPlan, row: dict, pk: int | None, committee, values: dict) -> bool:
    """Whether the donation with the row's values keeps the model's rules (checked on a copy)."""
    candidate = Donation(pk=pk, committee=committee, **values)
    try:
        candidate.clean_fields(exclude=["donor", "committee", "programme"])
        candidate.clean()
    except ValidationError as exc:
        model_errors(plan, row, exc, COLUMNS, "amount")
        return False
    return True

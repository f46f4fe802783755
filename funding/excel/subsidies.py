"""A year's five-old subsidy payments in Excel: the export lists who is owed what; read back, a row
changes the amount and the note of an unconfirmed payment. Payments are computed, never created
here; a confirmed payment is locked (its row read back unchanged is fine, a change is an error).
A payment number is looked up among the payments of the committees the uploader may manage the
funds of, so a file cannot reach (or probe) a payment outside that scope."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from committees.imports.common import ImportPlan, PlannedRow, Ticker, diff, set_values
from committees.labels import chinese

from ..models import SubsidyPayment, YearClose
from .common import FundTable, funds_resolver, last_year, text
from .specs import SUBSIDY_INSTRUCTIONS, SUBSIDY_KIND_LABELS, subsidy_spec

FIELDS = ("amount", "note")  # what a row may change, named as its columns
STATES = {True: gettext_lazy("confirmed"), False: gettext_lazy("not confirmed")}


@dataclass(kw_only=True)
class PaymentRow(PlannedRow):
    payment: SubsidyPayment
    values: dict


class SubsidyTable(FundTable):
    slug = "subsidies"
    title = gettext_lazy("Five-old subsidies")
    instructions = SUBSIDY_INSTRUCTIONS
    model = SubsidyPayment
    order = ("committee__path", "person__name", "pk")
    related = ("committee", "person")

    def spec(self):
        return subsidy_spec(last_year())

    def rows_of(self, payments, user) -> list[dict]:
        return [
            {
                "payment_id": p.pk,
                "committee_code": p.committee.code,
                "committee_name": p.committee.name,
                "year": p.year,
                "person_name": p.person.name,
                "kind": SUBSIDY_KIND_LABELS.get(p.kind, ""),
                "months": p.months,
                "computed": p.computed,
                "amount": p.amount,
                "note": p.note,
                "state": chinese(STATES[p.is_confirmed]),
            }
            for p in payments
        ]

    def notes(self, rows: list[dict]) -> list[str]:
        total = sum((r["amount"] for r in rows), Decimal("0.00"))
        people = len({(r["committee_code"], r["person_name"]) for r in rows})
        return [f"合计：{len(rows)} 笔，{people} 人次，{format(total, 'f')} 万元。"]

    def plan_rows(self, plan: ImportPlan, rows: list[dict], *, user, progress: Ticker) -> None:
        committees = funds_resolver(user, (r["committee_code"] for r in rows))
        payments = SubsidyPayment.objects.filter(
            committee__in=committees.writable, pk__in={r["payment_id"] for r in rows}
        ).select_related("person")
        known = {p.pk: p for p in payments}
        closed = set(
            YearClose.objects.filter(committee__in={p.committee_id for p in known.values()}).values_list(
                "committee_id", "year"
            )
        )
        headers = {f: plan.spec.column(f).header for f in FIELDS}
        for row in progress.rows(rows):
            committee = committees.resolve(plan, row)
            if committee is None:
                continue
            payment = _payment_of(plan, row, known, committee)
            if payment is None:
                continue
            values = {"amount": row["amount"], "note": text(row, "note")}
            changes = diff(payment, values, headers)
            if changes and payment.is_confirmed:
                key = "amount" if payment.amount != values["amount"] else "note"
                plan.error(row, key, _("This payment is confirmed and can no longer be changed."))
                continue
            if changes and (payment.committee_id, payment.year) in closed:
                message = _("The ledger year of this payment is closed: it can no longer be changed.")
                plan.error(row, "amount" if payment.amount != values["amount"] else "note", message)
                continue
            label = f"{payment.person.name} · {payment.year}"
            planned = PaymentRow(row=row["_row"], committee=committee, label=label, payment=payment, values=values)
            planned.changes = changes
            plan.add(planned, is_new=False)

    def apply(self, plan: ImportPlan, *, history: dict, progress) -> None:
        ids = [r.payment.pk for r in plan.changed]
        locked = SubsidyPayment.objects.select_for_update().filter(pk__in=ids, confirmed_at__isnull=False)
        if locked.exists():  # confirmed between the preview and the confirm
            raise ValidationError(_("This payment is confirmed and can no longer be changed."))
        pairs = {(r.payment.committee_id, r.payment.year) for r in plan.changed}
        closed = YearClose.objects.filter(committee__in={c for c, _y in pairs}).values_list("committee_id", "year")
        if pairs & set(closed):  # closed between the preview and the confirm
            raise ValidationError(_("The ledger year of this payment is closed: it can no longer be changed."))
        changed = [r.payment for r in plan.changed if set_values(r.payment, r.values)]
        progress(50, _("Saving"))
        bulk_update_with_history(changed, SubsidyPayment, list(FIELDS), batch_size=500, **history)


def _payment_of(plan: ImportPlan, row: dict, known: dict, committee) -> SubsidyPayment | None:
    """The payment the row names, in the row's committee, year and person; None after an error."""
    payment = known.get(row["payment_id"])
    if payment is None or payment.committee_id != committee.pk:
        plan.error(row, "payment_id", _("No such subsidy payment of this committee, or it is outside your scope."))
        return None
    if payment.year != row["year"]:
        plan.error(row, "year", _("Does not match the payment's year (%(year)s).") % {"year": payment.year})
        return None
    if row["person_name"].strip() != payment.person.name:
        message = _("Does not match the payment's person (%(name)s).") % {"name": payment.person.name}
        plan.error(row, "person_name", message)
        return None
    return payment

"""The Excel file of a year's subsidies: who is owed what, the total under the rows. Every cell
through committees.xlsx_write; phones masked as on the page; ID numbers never written."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from committees.selectors import PersonalData
from committees.xlsx_write import put

MONEY_FORMAT = "0.00"
WIDTHS = (18, 20, 10, 16, 18, 10, 18, 18, 10)


def _headers() -> list[str]:
    return [
        _("Parent committee"),
        _("Committee"),
        pgettext("person", "name"),
        _("Phone"),
        _("Post kind"),
        _("Months held"),
        _("Computed (10k yuan)"),
        _("Amount (10k yuan)"),
        _("State"),
    ]


def _row(payment, shown: PersonalData) -> list:
    parent = payment.committee.parent
    state = _("confirmed") if payment.is_confirmed else _("not confirmed")
    return [
        parent.name if parent else "",
        payment.committee.name,
        payment.person.name,
        shown.phone(payment.person),
        payment.get_kind_display(),
        payment.months,
        payment.computed,
        payment.amount,
        state,
    ]


def subsidies_workbook(payments, *, user, title: str) -> bytes:
    """The payments (a queryset of payments_of_year) as a workbook's bytes."""
    payments = list(payments)
    shown = PersonalData.for_reader(user, [p.person_id for p in payments])
    wb = Workbook()
    ws = wb.active
    ws.title = _("Subsidies")
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    for column, header in enumerate(_headers(), start=1):
        cell = put(ws, 2, column, header)
        cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center")
    total = Decimal("0.00")
    for row, payment in enumerate(payments, start=3):
        for column, value in enumerate(_row(payment, shown), start=1):
            cell = put(ws, row, column, value)
            if isinstance(value, Decimal):
                cell.number_format = MONEY_FORMAT
            elif column == len(WIDTHS):
                cell.alignment = Alignment(horizontal="center")
        total += payment.amount
    last = len(payments) + 3
    put(ws, last, 1, _("Total")).font = Font(bold=True)
    put(ws, last, 3, len({p.person_id for p in payments}))
    put(ws, last, 8, total).number_format = MONEY_FORMAT
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

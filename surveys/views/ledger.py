"""Accepting form 2's money into the funding ledger: district staff, on a submitted or approved
form 2, compare each committee's row with the ledger of the data year and write a committee's
differences into it (funding.services.accept_form_values: new rows with history, never an edit).
Nothing flows back into the ledger otherwise."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from committees import scoping
from committees.models import Committee
from committees.scoping import Action
from funding.selectors import FORM2_KEYS, BelowLedger, below_ledger, form2_figures
from funding.services import ACCEPTED_COLUMNS, accept_form_values

from .. import selectors
from ..models import State, Submission
from ..spec import MAIN, display_text
from ..validation import from_json

LEDGER_FORM = 2
ACCEPTING_STATES = (State.SUBMITTED, State.APPROVED)


def may_accept_ledger(user, submission: Submission) -> bool:
    """District staff reviewing a submitted or approved form 2 (town secretaries never)."""
    return (
        submission.form == LEDGER_FORM
        and submission.state in ACCEPTING_STATES
        and scoping.can(user, Action.REVIEW, submission.town)
        and scoping.can(user, Action.SETTLE_FUNDS, submission.town)
    )


@dataclass
class LedgerCell:
    header: str
    form: str
    ledger: str
    differs: bool


@dataclass
class LedgerRow:
    committee: Committee
    values: dict  # the form's cells of the ledger's keys, as Python values
    cells: list[LedgerCell]
    final: bool
    below: list[BelowLedger] = field(default_factory=list)  # figures under the ledger's: not accepted

    @property
    def differs(self) -> bool:
        return any(c.differs for c in self.cells)

    @property
    def below_lines(self) -> list[tuple[str, BelowLedger]]:
        return [(ACCEPTED_COLUMNS[b.key], b) for b in self.below]


def _typed(value):
    return value if isinstance(value, Decimal | bool) else None


def ledger_rows(user, submission: Submission) -> list[LedgerRow]:
    """Form 2's rows beside the ledger's figures, for the committees the user may settle, each
    with its figures below the ledger's (and the entries to reverse). Five queries: the rows, the
    committees, the ledger, and the two of funding.selectors.below_ledger."""
    spec = selectors.submission_form(submission).section(MAIN)
    stored = selectors.submission_sections(submission).get(MAIN, [])
    settle = scoping.committees_for(user, Action.SETTLE_FUNDS).filter(path__startswith=submission.town.path)
    committees = {c.code: c for c in settle.filter(code__in=[v.get("committee_code") for v in stored])}
    data_year = submission.survey_round.data_year
    ledger = form2_figures([c.pk for c in committees.values()], data_year)
    rows = []
    for values in stored:
        committee = committees.get(values.get("committee_code"))
        if committee is None:
            continue
        figures = ledger.get(committee.pk)
        current = figures.values if figures else {}
        typed, cells = {}, []
        for key in FORM2_KEYS:
            f = spec.field(key)
            typed[key] = _typed(from_json(f, values.get(key)))
            ledger_value = current.get(key)
            differs = typed[key] is not None and typed[key] != ledger_value
            cells.append(LedgerCell(f.header, display_text(f, typed[key]), display_text(f, ledger_value), differs))
        rows.append(LedgerRow(committee, typed, cells, bool(figures and figures.final)))
    open_rows = {row.committee.pk: row for row in rows if row.differs and not row.final}
    for pk, below in below_ledger({pk: row.values for pk, row in open_rows.items()}, data_year).items():
        open_rows[pk].below = below
    return rows


def _load(request, pk: int) -> Submission:
    qs = Submission.objects.select_related("town", "survey_round")
    submission = scoping.get_scoped_object(qs, request.user, pk, Action.REVIEW, field="town")
    if not scoping.can(request.user, Action.SETTLE_FUNDS, submission.town):
        raise PermissionDenied(_("You are not allowed to do this."))
    return submission


def _accept(request, submission: Submission, row: LedgerRow) -> None:
    survey_round = submission.survey_round
    reason = _("Accepted from form 2 of the %(year)d survey, %(town)s") % {
        "year": survey_round.year,
        "town": submission.town.name,
    }
    try:
        done = accept_form_values(
            actor=request.user,
            committee=row.committee,
            year=survey_round.data_year,
            values=row.values,
            reason=reason,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return
    names = {"name": row.committee.name, "written": "、".join(done.written) or _("nothing")}
    messages.success(request, _("Written into the ledger of %(name)s: %(written)s.") % names)


@login_required
def submission_ledger(request, pk: int):
    """Form 2's money beside the ledger's; on POST, accept one committee's row into the ledger."""
    submission = _load(request, pk)
    if not may_accept_ledger(request.user, submission):
        messages.error(request, _("Only a submitted or approved form 2 can be accepted into the ledger."))
        return redirect("surveys:submission_detail", pk=submission.pk)
    rows = ledger_rows(request.user, submission)
    if request.method == "POST":
        row = next((r for r in rows if r.committee.code == request.POST.get("committee")), None)
        if row is None:
            raise Http404(_("No such committee on this form."))
        _accept(request, submission, row)
        return redirect("surveys:submission_ledger", pk=submission.pk)
    context = {
        "submission": submission,
        "survey_round": submission.survey_round,
        "town": submission.town,
        "rows": rows,
        "headers": [c.header for c in rows[0].cells] if rows else [],
    }
    return render(request, "surveys/review/ledger.html", context)

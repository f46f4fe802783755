"""Template tags of the review partials (templates/surveys/_review_actions.html, _transitions.html),
which other pages include with only `submission` and `user` in their context, and the
completeness matrix's rows."""

import datetime
from collections.abc import Callable
from urllib.parse import quote

from django import template
from django.conf import settings
from django.template.defaultfilters import date
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from committees import scoping
from committees.links import id_link
from committees.rows import labels, text
from committees.scoping import Action

from .. import selectors
from ..cell_comments import header_of
from ..forms_review import ApproveForm, ExtendForm, ReasonForm
from ..models import EDITABLE_STATES, State, Step, Submission, SubmissionTransition
from ..views.ledger import may_accept_ledger
from ..views.review import return_form, review_back

register = template.Library()


@register.simple_tag(takes_context=True)
def review_context(context, submission: Submission, user) -> dict:
    """Which review steps `user` may take on `submission` now, with their empty forms, and
    the page a step goes back to (the page's `next`, else the round's completeness page)."""
    if not scoping.can(user, Action.REVIEW, submission.town):
        return {"may_review": False}
    state = submission.state
    return {
        "may_review": True,
        "next": review_back(context["request"], submission),
        "approve_form": ApproveForm(auto_id="id_approve_%s") if state == State.SUBMITTED else None,
        "return_form": return_form(submission, auto_id="id_return_%s") if state == State.SUBMITTED else None,
        "reopen_form": ReasonForm(auto_id="id_reopen_%s") if state == State.APPROVED else None,
        "extend_form": ExtendForm(auto_id="id_extend_%s") if state in EDITABLE_STATES else None,
        "may_accept_ledger": may_accept_ledger(user, submission),
    }


@register.simple_tag(takes_context=True)
def submission_transitions(context, submission: Submission) -> list[SubmissionTransition]:
    """The submission's workflow steps, oldest first, each return with its cell comments: the
    page's `transitions` when it has loaded them already (selectors.submission_transitions),
    else two queries."""
    loaded = context.get("transitions")
    if isinstance(loaded, list | tuple) and all(t.submission_id == submission.pk for t in loaded):
        transitions = list(loaded)
    else:
        transitions = selectors.submission_transitions(submission)
    form = selectors.submission_form(submission)
    for t in transitions:
        # The cell comments a return came with, where they were: (comment, sheet, column).
        comments = t.cell_comments.all() if t.action == Step.RETURN else ()
        t.comment_places = [(c, *header_of(form, c)) for c in comments]
    return transitions


@register.simple_tag(takes_context=True)
def completeness_rows(context, matrix, year: int) -> SafeString:
    """The completeness matrix's rows, a town each with its link, its extension and its cells,
    written in Python as the template's loop wrote them (tests/surveys/test_completeness_rows.py)."""
    town_link = id_link("surveys:town_round", key="town_pk", year=year)
    cells_of = _cell_writer(context)

    def row(town, cells) -> str:
        extension = ""
        if town.extended_until:
            until = text(date(town.extended_until, "Y-m-d"))
            extension = f' <span class="badge extended">{_("extended until %(until)s") % {"until": until}}</span>'
        return (
            f'\n      <tr data-town="{text(town.code)}">\n        <th scope="row"><a href="{town_link(town.pk)}">'
            f"{text(town.name)}</a>{extension}</th>\n        {cells_of(town, cells)}\n      </tr>\n    "
        )

    return mark_safe("".join(row(town, cells) for town, cells in matrix))


def _month_day_time() -> Callable[[datetime.datetime], str]:
    """{{ moment|date:"m-d H:i" }}, without the date filter's formatter (some 40 µs a cell), the
    current time zone looked up once for the page rather than by template_localtime once a cell
    (7 → 2 µs a cell)."""
    zone = timezone.get_current_timezone() if settings.USE_TZ else None

    def write(moment: datetime.datetime) -> str:
        if zone is not None and timezone.is_aware(moment):
            moment = moment.astimezone(zone)
        return f"{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"

    return write


def _cell_writer(context):
    """The function writing a town's cells, with what every row shares worked out once: the
    states' classes and labels, the users' names, the time zone."""
    link, state = id_link("surveys:submission_detail"), labels(Submission, "state")
    back = text(quote(context["request"].get_full_path(), safe="/"))
    reviewable = context["reviewable"]
    late_text, on_time_text = text(_("late")), text(pgettext("submission", "on time"))
    behalf_text = " (" + text(_("on the town's behalf")) + ")"
    month_day_time = _month_day_time()
    states = {value: (text(value), text(state(value))) for value in State.values}
    names: dict[int, str] = {}

    def name_of(user) -> str:
        if user.pk not in names:
            names[user.pk] = text(user.get_full_name() or user.username)
        return names[user.pk]

    def cell(town, sub, may_review: bool) -> str:
        if not sub:
            return '<td class="cell empty"></td>'
        tick = ""
        if sub.state == "submitted" and may_review:
            label = _("Select form %(form)s of %(town)s") % {"form": text(sub.form), "town": text(town.name)}
            tick = f'<input type="checkbox" name="submissions" value="{text(sub.pk)}" aria-label="{label}">'
        late = ""
        if sub.late:
            late = f'<span class="late">{late_text}</span>'
        elif sub.stands_on_time:
            late = f'<span class="ontime">{on_time_text}</span>'
        when = ""
        if sub.updated_by:
            behalf = behalf_text if sub.updated_on_behalf else ""
            when = f'<span class="when">{month_day_time(sub.updated_at)} {name_of(sub.updated_by)}{behalf}</span>'
        css, label = states.get(sub.state) or (text(sub.state), text(state(sub.state)))
        return (
            f'\n        <td class="cell state-{css}" data-form="{text(sub.form)}">\n          {tick}\n'
            f'          <a href="{link(sub.pk)}?next={back}"><span class="state state-{css}">'
            f"{label}</span></a>\n          {late}\n          {when}\n        </td>\n        "
        )

    def cells_of(town, cells) -> str:
        may_review = town.pk in reviewable
        return "".join(cell(town, sub, may_review) for sub in cells)

    return cells_of

"""Template tags of the review partials (templates/surveys/_review_actions.html, _transitions.html),
which other pages include with only `submission` and `user` in their context."""

from django import template

from committees import scoping
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

"""Writes of the points system (积分制) and the entry/exit review (进退机制): the points an award
brings, settled by its source; people's decision on a suggestion of the review. An exit decision
ends the membership (volunteer_exit), a promotion puts the volunteer in the backbone; every write
keeps its history with the acting user. Views check the user's right (scoping,
Action.MANAGE_POINTS on the volunteer's committee) before calling these."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Committee, Decision, ExitEntryDecision, Layer, PointsBasis, PointsEntry, PointsRule, Volunteer
from .history import _save_with_history
from .registry import volunteer_exit


@transaction.atomic
def review_decide(
    *, actor, volunteer: Volunteer, suggestion: str, decision: str, reason: str, day: datetime.date
) -> ExitEntryDecision:
    """Record a decision on a suggestion and apply it: exit ends the membership on `day` with the
    reason, promote puts a participant in the backbone; keep and no change only record."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    reason = reason.strip()
    if not volunteer.is_active:
        raise ValidationError(_("This volunteer has already exited."))
    if decision == Decision.PROMOTE and volunteer.layer == Layer.BACKBONE:
        raise ValidationError({"decision": _("This volunteer is already in the backbone.")})
    record = ExitEntryDecision(
        volunteer=volunteer, suggestion=suggestion, decision=decision, reason=reason, decided_by=actor, decided_on=day
    )
    record.full_clean()
    _save_with_history(record, actor=actor, reason=_("created"))
    if decision == Decision.EXIT:
        volunteer_exit(actor=actor, volunteer=volunteer, exited_on=day, exit_reason=reason)
    elif decision == Decision.PROMOTE:
        volunteer.layer = Layer.BACKBONE
        _save_with_history(volunteer, actor=actor, reason=_("promoted to the backbone"), update_fields=["layer"])
    return record


# The seeded rule of the district's own awards (获区级表彰); any rule per award when it is gone.
AWARD_RULE = "award-district"
REASON_MAX = PointsEntry._meta.get_field("reason").max_length


def _award_rule() -> PointsRule | None:
    rules = PointsRule.objects.filter(basis=PointsBasis.PER_AWARD)
    return rules.filter(code=AWARD_RULE).first() or rules.order_by("code").first()


def _award_membership(person_id: int, within: Committee | None) -> Volunteer | None:
    """The person's active membership, the one in `within`'s subtree first."""
    memberships = Volunteer.objects.active().filter(person_id=person_id).select_related("committee")
    ordered = sorted(memberships, key=lambda v: (not (within and v.committee.path.startswith(within.path)), v.pk))
    return ordered[0] if ordered else None


@transaction.atomic
def points_award_settle(
    *,
    actor,
    person_id: int,
    source: str,
    points: Decimal,
    reason: str,
    date: datetime.date,
    within: Committee | None = None,
) -> PointsEntry | None:
    """Bring the points an award (`source`, e.g. "nomination:12") has given a person to `points`
    in the ledger: a new entry of the difference, positive when awarded, a reversing one when the
    award is undone (entries are never edited or deleted). Nothing when the ledger already holds
    `points` from the source, or when the person has no membership (not a five-old volunteer)."""
    entries = list(PointsEntry.objects.select_for_update().filter(source=source).order_by("pk"))
    held = sum((entry.points for entry in entries), Decimal(0))
    if held == points:
        return None
    volunteer = entries[-1].volunteer if entries else _award_membership(person_id, within)
    if volunteer is None:
        return None
    if points < held:
        reason = _("Reversed: %(reason)s") % {"reason": reason}
    entry = PointsEntry(
        volunteer=volunteer,
        rule=_award_rule(),
        reason=reason[:REASON_MAX],
        points=points - held,
        date=date,
        source=source,
    )
    entry.full_clean()
    _save_with_history(entry, actor=actor, reason=_("created"))
    return entry

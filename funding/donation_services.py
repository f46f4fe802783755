"""Writes of donations and study-aid programmes. Views check the user's right (scoping,
Action.MANAGE_FUNDS on the committee) before calling these; each write records the acting user
and a reason in the row's history."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from committees.models import Committee

from .donation_models import AidProgramme, AidSession, Donation, Donor
from .services import _require_open, _save


def donor_add(*, actor, committee: Committee, name: str, kind: str, enterprise=None, note: str = "") -> Donor:
    """Record a donor for a committee (an enterprise donor linked to its enterprise committee)."""
    donor = Donor(committee=committee, name=name.strip(), kind=kind, enterprise=enterprise, note=note.strip())
    _save(donor, actor=actor, reason=_("created"))
    return donor


def programme_save(*, actor, programme: AidProgramme, **fields) -> AidProgramme:
    """Create or change a programme (its committee is set by the caller)."""
    created = programme.pk is None
    if created:
        _require_open(programme.committee)
    for name, value in fields.items():
        setattr(programme, name, value.strip() if isinstance(value, str) else value)
    _save(programme, actor=actor, reason=_("created") if created else _("changed"))
    return programme


@transaction.atomic
def session_save(*, actor, session: AidSession, donors=(), **fields) -> AidSession:
    """Create or change a session of a programme, with the donors involved."""
    created = session.pk is None
    for name, value in fields.items():
        setattr(session, name, value)
    _save(session, actor=actor, reason=_("created") if created else _("changed"))
    session.donors.set(donors)
    return session


def donation_add(*, actor, donor: Donor, committee: Committee, year: int, date, amount, programme=None, note=""):
    """Record a donation received by a committee in a year."""
    _require_open(committee)
    donation = Donation(
        donor=donor, committee=committee, year=year, date=date, amount=amount, programme=programme, note=note.strip()
    )
    _save(donation, actor=actor, reason=_("created"))
    return donation

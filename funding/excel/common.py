"""What the ledger's two tables share: the committees a file may name (MANAGE_FUNDS), the last
year a file may describe, the export's committee columns."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from committees.imports.common import CommitteeResolver
from committees.scoping import Action


def last_year() -> int:
    return timezone.localdate().year + 1


def funds_resolver(user, codes: Iterable[str]) -> CommitteeResolver:
    """The committees the rows name, among those the uploader may read; writing needs MANAGE_FUNDS."""
    refused = _("You are not allowed to manage the funds of this committee.")
    return CommitteeResolver(user, codes, action=Action.MANAGE_FUNDS, refused=refused)

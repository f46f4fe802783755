"""What the survey commands share: the acting user (a district admin unless --user), the town
and round named on the command line, and a service's refusal as a CommandError."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from committees.models import TOWN_KINDS, Committee, Role
from surveys.models import SurveyRound
from surveys.selectors import round_for_year


def add_user_argument(parser) -> None:
    parser.add_argument(
        "--user", metavar="NAME", help="Act as this user (default: the first active district admin or superuser)."
    )


def acting_user(username: str | None):
    """The named active user, or the first active superuser or district admin."""
    users = get_user_model().objects.filter(is_active=True)
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(_("No active user named %(name)s.") % {"name": username})
        return user
    admins = Q(is_superuser=True) | Q(
        role_assignments__role=Role.DISTRICT_ADMIN, role_assignments__ended_at__isnull=True
    )
    user = users.filter(admins).distinct().order_by("pk").first()
    if user is None:
        raise CommandError(_("There is no active district admin; name a user with --user."))
    return user


def town_of(code: str) -> Committee:
    town = Committee.objects.filter(code=code, kind__in=TOWN_KINDS).first()
    if town is None:
        raise CommandError(_("No town or subdistrict has the code %(code)s.") % {"code": code})
    return town


def round_of(year: int) -> SurveyRound:
    survey_round = round_for_year(year)
    if survey_round is None:
        raise CommandError(_("There is no %(year)d survey round.") % {"year": year})
    return survey_round


def refused(exc: ValidationError | PermissionDenied, user) -> CommandError:
    """A service's refusal, for the command to raise."""
    if isinstance(exc, PermissionDenied):
        return CommandError(_("%(user)s is not allowed to do this.") % {"user": user.username})
    return CommandError(" ".join(exc.messages))

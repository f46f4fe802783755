"""Load the Xishan demo district: its committee tree and one demo user per role."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from committees.demo import DEMO_USERS, demo_load
from committees.management.commands.district_summary import LABELS
from committees.selectors import group_counts


class Command(BaseCommand):
    help = "Load the Xishan demo district (idempotent: a second run adds nothing)."

    def handle(self, *args, **options) -> None:
        try:
            result = demo_load()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

        if result.changed:
            groups = group_counts(result.committees_created)
            added = ", ".join(f"{LABELS.get(key, key)} {n}" for key, n in groups.items() if n)
            self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
            self.stdout.write(
                _("Committees added: %(count)d (%(detail)s).")
                % {"count": result.committees_created.total(), "detail": added or "-"}
            )
            self.stdout.write(
                _("Users added: %(users)d; roles added: %(roles)d.")
                % {"users": len(result.users_created), "roles": result.roles_created}
            )
            if result.people_created:
                self.stdout.write(
                    _("People added: %(count)d (leadership members and five-old volunteers).")
                    % {"count": result.people_created}
                )
        else:
            self.stdout.write(_("The demo data is already loaded; nothing was changed."))

        self.stdout.write("")
        self.stdout.write(_("Demo accounts (user name / password / full name):"))
        for demo in DEMO_USERS:
            note = "" if demo.username in result.users_created else "  " + _("(exists; password not reset)")
            self.stdout.write(f"  {demo.username:<8} {demo.password:<20} {demo.full_name}{note}")

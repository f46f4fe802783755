"""Load the Xishan demo district: its committee tree, one demo user per role, the registry,
the villages' 五有五好 reviews, and the survey rounds (2022 and 2023 approved, 2024 open).

It lives in surveys, the app that depends on the others, so that committees imports no app.
"""

import importlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from committees.demo import DEMO_USERS, demo_load
from committees.selectors import SUMMARY_LABELS, group_counts
from surveys.demo import survey_demo_load

DEMO_ADMIN = "admin"
# The reference rows that data migrations seed: (model, migration module, seed function); a
# model's seeds all run when its table is empty.
REFERENCE_DATA = [
    ("committees.BackboneRole", "committees.migrations.0003_registry_seed", "seed"),
    ("committees.MeetingNorm", "committees.migrations.0009_meetings", "seed"),
    ("committees.ReviewSetting", "committees.migrations.0010_points", "seed_review_settings"),
    ("evaluations.FhfgStandard", "evaluations.migrations.0002_seed_standards", "seed"),
    ("evaluations.FhfgStandard", "evaluations.migrations.0003_item_fields", "fill_items"),
    ("evaluations.CreationPeriod", "evaluations.migrations.0004_reviews", "seed_periods"),
    ("evaluations.Campaign", "evaluations.migrations.0006_campaigns", "seed"),
    ("funding.FundingStandard", "funding.migrations.0002_seed_standards", "seed"),
    ("surveys.ProblemRule", "surveys.migrations.0100_report", "seed_rules"),
    ("surveys.ProblemRule", "surveys.migrations.0108_unchanged_rule", "seed_rule"),
    ("surveys.ProblemRule", "surveys.migrations.0110_rectification_rule", "seed_rule"),
]


def ensure_reference_data() -> None:
    """Seed again what the migrations seeded where a table is empty: a test database flushed by
    a live-server test has lost those rows, and the demo rounds need them. Rows an admin edited
    are never touched, since only empty tables are seeded."""
    empty = {label for label, _module, _function in REFERENCE_DATA if not apps.get_model(label).objects.exists()}
    for label, module, function in REFERENCE_DATA:
        if label in empty:
            getattr(importlib.import_module(module), function)(apps, None)


class Command(BaseCommand):
    help = "Load the Xishan demo district (idempotent: a second run adds nothing)."

    def handle(self, *args, **options) -> None:
        try:
            ensure_reference_data()
            result = demo_load()
            # The survey rounds are opened and reviewed as the district admin, like the commands do.
            admin = get_user_model().objects.get(username=DEMO_ADMIN)
            surveys = survey_demo_load(actor=admin)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

        if result.changed or surveys.changed:
            groups = group_counts(result.committees_created)
            added = ", ".join(f"{SUMMARY_LABELS.get(key, key)} {n}" for key, n in groups.items() if n)
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
            if surveys.rounds_created:
                self.stdout.write(
                    _("Survey rounds added: %(years)s.") % {"years": ", ".join(str(y) for y in surveys.rounds_created)}
                )
            if surveys.reviews_created:
                self.stdout.write(
                    _("Five-haves-five-goods reviews added: %(count)d (the villages' history).")
                    % {"count": surveys.reviews_created}
                )
            if surveys.ledger_years:
                years = ", ".join(str(y) for y in surveys.ledger_years)
                self.stdout.write(_("Funding ledger added for the years: %(years)s.") % {"years": years})
        else:
            self.stdout.write(_("The demo data is already loaded; nothing was changed."))

        self.stdout.write("")
        self.stdout.write(_("Demo accounts (user name / password / full name):"))
        for demo in DEMO_USERS:
            note = "" if demo.username in result.users_created else "  " + _("(exists; password not reset)")
            self.stdout.write(f"  {demo.username:<8} {demo.password:<20} {demo.full_name}{note}")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "committees"

    def ready(self) -> None:
        from . import audit, heartbeat, kept, middleware  # noqa: F401  (audit and middleware connect their receivers of the login signals)
        from .models import BackboneRole, Job, MeetingNorm, PointsRule, ReviewSetting
        from .reference import ReferenceTable, register

        heartbeat.track(Job)
        # The registry's tables: their counts and pages are kept until they change (their
        # triggers: migration 0015_table_changes; tests/committees/test_kept.py checks each has them).
        kept.track(
            *(
                model._meta.db_table
                for model in self.get_models(include_auto_created=True)
                if not model.__name__.startswith("Historical") and model._meta.db_table not in kept.NOT_REGISTRY
            )
        )

        register(ReferenceTable("backbone-roles", BackboneRole, ("name", "display_order"), _("Backbone roles"), 10))
        register(
            ReferenceTable(
                "points-rules",
                PointsRule,
                ("code", "name", "points", "basis", "grade"),
                _("Points rules"),
                20,
                unlisted=("code",),
            )
        )
        register(
            ReferenceTable(
                "meeting-norms", MeetingNorm, ("kind", "level", "expected"), _("Expected meetings a year"), 30
            )
        )
        register(ReferenceTable("review-settings", ReviewSetting, ("key", "value"), _("Entry/exit review"), 40))

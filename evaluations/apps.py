from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"

    def ready(self) -> None:
        from committees.reference import ReferenceLink, register_link

        # The settings pages link to the standard's versions, which evaluations keeps.
        register_link(ReferenceLink("evaluations:standard_list", _("FHFG standards"), 30))

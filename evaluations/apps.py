from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"

    def ready(self) -> None:
        from committees.panels import Panel, register
        from committees.reference import ReferenceLink, register_link

        from .campaign_settings import register_campaign_settings
        from .views.panel import committee_panel

        # The settings pages link to the standard's versions, which evaluations keeps.
        register_link(ReferenceLink("evaluations:standard_list", _("FHFG standards"), 30))
        # The committee page's 五有五好 panel (committees imports no app).
        register(Panel("evaluations", "evaluations/_committee_panel.html", committee_panel, 20))
        # The campaigns' tables on the settings pages.
        register_campaign_settings()

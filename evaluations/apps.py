from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evaluations"

    def ready(self) -> None:
        from committees.panels import Panel, register

        from .views.panel import committee_panel

        register(Panel("evaluations", "evaluations/_committee_panel.html", committee_panel, 20))

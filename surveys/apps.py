from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"

    def ready(self) -> None:
        from committees import heartbeat, work_labels
        from committees.panels import Panel, register

        from .report.models import ReportRun
        from .report.runs import STAGE_LABELS
        from .views.home import committee_panel

        heartbeat.track(ReportRun)
        work_labels.register_stages(STAGE_LABELS)
        register(Panel("survey", "surveys/_committee_panel.html", committee_panel, 10))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"

    def ready(self) -> None:
        from committees import heartbeat, kept, work_labels
        from committees.panels import Panel, register
        from committees.reference import ReferenceLink, register_link

        from .assessment_scorers import register_all
        from .models import Submission, SurveyRound, TownExtension
        from .report.models import ReportRun
        from .report.runs import STAGE_LABELS
        from .views.home import committee_panel

        heartbeat.track(ReportRun)
        # The completeness page's counts are kept until these change (migration 0114_table_changes).
        kept.track(Submission, SurveyRound, TownExtension)
        work_labels.register_stages(STAGE_LABELS)
        register(Panel("survey", "surveys/_committee_panel.html", committee_panel, 10))
        # The settings pages link to the round's policy pages that surveys keeps.
        register_link(ReferenceLink("surveys:rule_list", _("Problem rules"), 10))
        register_link(ReferenceLink("surveys:round_list", _("Survey rounds"), 20))
        # The annual assessment's computed items (evaluations.scorers).
        register_all()

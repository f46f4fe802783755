"""URLs of surveys.views.report; surveys.urls joins them under the "surveys" namespace."""

from django.urls import path

from .views import report, rules

urlpatterns = [
    path("reports/", report.report_index, name="report_index"),
    path("<int:year>/reports/", report.report_runs, name="report_runs"),
    path("reports/<id:pk>/", report.report_run, name="report_run"),
    path("reports/<id:pk>/progress/", report.report_run_progress, name="report_run_progress"),
    path("reports/<id:pk>/retry/", report.report_run_retry, name="report_run_retry"),
    path("reports/<id:pk>/view/", report.report_page, name="report_page"),
    path("reports/files/<id:pk>/", report.report_file, name="report_file"),
    path("reports/rules/", rules.rule_list, name="rule_list"),
    path("reports/rules/<id:pk>/", rules.rule_edit, name="rule_edit"),
]

"""The survey pages: entry (town secretaries), review and completeness (district staff), Excel."""

from . import urls_entry, urls_excel, urls_report, urls_review

app_name = "surveys"

urlpatterns = urls_entry.urlpatterns + urls_review.urlpatterns + urls_excel.urlpatterns + urls_report.urlpatterns

"""The annual assessment's pages (年度工作考核)."""

from django.urls import path

from .views import assessment, scheme

app_name = "assessment"

urlpatterns = [
    path("", assessment.index, name="index"),
    path("<int:year>/", assessment.scores, name="scores"),
    path("<int:year>/compute/", assessment.compute, name="compute"),
    path("<int:year>/export/", assessment.export, name="export"),
    path("<int:year>/scheme/", scheme.scheme_edit, name="scheme"),
    path("<int:year>/scheme/copy/", scheme.scheme_copy, name="scheme_copy"),
    path("<int:year>/towns/<id:town_pk>/", assessment.score_edit, name="score_edit"),
]

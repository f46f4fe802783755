"""URLs of surveys.views.entry; surveys.urls joins them under the "surveys" namespace."""

from django.urls import path

from .views import entry, notices

urlpatterns = [
    path("", entry.round_list, name="round_list"),
    path("<int:year>/<id:town_pk>/", entry.town_round, name="town_round"),
    path("submission/<id:pk>/", entry.submission_detail, name="submission_detail"),
    path("submission/<id:pk>/print/", entry.submission_print, name="submission_print"),
    path("submission/<id:pk>/submit/", entry.submission_submit, name="submission_submit"),
    path("notices/", notices.notice_list, name="notice_list"),
]

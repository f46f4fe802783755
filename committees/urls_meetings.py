from django.urls import path

from . import urls as _committee_urls  # noqa: F401  (registers the "id" converter)
from .views import meetings as views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("export/", views.meeting_export, name="export"),
    path("<int:year>/", views.meeting_year, name="year"),
    path("new/", views.meeting_create, name="create"),
    path("<id:pk>/edit/", views.meeting_edit, name="edit"),
    path("<id:pk>/delete/", views.meeting_delete, name="delete"),
]

from django.urls import path

from committees import urls as _committee_urls  # noqa: F401  (registers the "id" converter)

from . import draw_views as views

app_name = "draws"

urlpatterns = [
    path("", views.draw_list, name="list"),
    path("new/", views.draw_create, name="create"),
    path("<id:pk>/", views.draw_detail, name="detail"),
    path("<id:pk>/checklist/", views.checklist_download, name="checklist"),
    path("<id:pk>/checklist/upload/", views.checklist_upload, name="upload"),
    path("<id:pk>/checklist/confirm/", views.checklist_confirm, name="confirm"),
]

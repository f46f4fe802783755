# The "id" path converter is registered by committees.urls, which the root URLconf loads first.
from django.urls import path

from .imports import TABLES
from .views import imports as views

app_name = "imports"

# Per table (volunteers, people, teams, stations): <table>_export and <table>_template take a
# committee's pk; <table>_upload and <table>_confirm are not about one committee.
urlpatterns = [
    route
    for table in TABLES
    for route in (
        path(f"{table}/<id:pk>/export/", views.table_export, {"table": table}, name=f"{table}_export"),
        path(f"{table}/<id:pk>/template/", views.table_template, {"table": table}, name=f"{table}_template"),
        path(f"{table}/upload/", views.table_upload, {"table": table}, name=f"{table}_upload"),
        path(f"{table}/confirm/", views.table_confirm, {"table": table}, name=f"{table}_confirm"),
    )
] + [
    path("jobs/<id:pk>/", views.import_job, name="job"),
]

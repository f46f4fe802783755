from django.urls import path, register_converter

from .converters import IdConverter
from .views import committees as views
from .views import jobs

register_converter(IdConverter, "id")

app_name = "committees"

urlpatterns = [
    path("committees/", views.committee_tree, name="tree"),
    path("committees/new/<id:parent_pk>/", views.committee_create, name="create"),
    path("committees/<id:pk>/", views.committee_detail, name="detail"),
    path("committees/<id:pk>/edit/", views.committee_edit, name="edit"),
    path("committees/<id:pk>/move/", views.committee_move, name="move"),
    path("committees/<id:pk>/close/", views.committee_close, name="close"),
    path("committees/<id:pk>/reopen/", views.committee_reopen, name="reopen"),
    path("committees/<id:pk>/delete/", views.committee_delete, name="delete"),
    path("committees/<id:pk>/summary-job/", jobs.summary_job_start, name="summary_job_start"),
    path("jobs/<id:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<id:pk>/retry/", jobs.job_retry, name="job_retry"),
]

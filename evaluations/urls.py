from django.urls import path

from committees import urls as _committee_urls  # noqa: F401  (registers the "id" converter)

from . import views

app_name = "evaluations"

urlpatterns = [
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/new/", views.standard_create, name="standard_create"),
    path("standards/<id:pk>/", views.standard_detail, name="standard_detail"),
    path("standards/<id:pk>/edit/", views.standard_edit, name="standard_edit"),
    path("standards/<id:pk>/copy/", views.standard_copy, name="standard_copy"),
    path("committees/<id:committee_pk>/reviews/", views.review_history, name="review_history"),
    path("committees/<id:committee_pk>/reviews/new/", views.review_create, name="review_create"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/<id:pk>/", views.rectification_detail, name="rectification"),
    path("rectifications/<id:pk>/done/", views.rectification_done, name="rectification_done"),
]

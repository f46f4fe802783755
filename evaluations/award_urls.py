from django.urls import path

from committees import urls as _committee_urls  # noqa: F401  (registers the "id" converter)

from .views import awards as views

app_name = "awards"

urlpatterns = [
    path("", views.award_index, name="award_index"),
    path("schemes/new/", views.scheme_create, name="scheme_create"),
    path("schemes/<id:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("periods/new/", views.period_create, name="period_create"),
    path("periods/<id:pk>/", views.period_detail, name="period_detail"),
    path("periods/<id:pk>/edit/", views.period_edit, name="period_edit"),
    path("periods/<id:pk>/nominate/", views.nominate, name="period_nominate"),
    path("nominations/<id:pk>/decide/", views.decide, name="nomination_decide"),
    path("nominations/<id:pk>/certificate/", views.certificate, name="nomination_certificate"),
]

"""The campaign pages (evaluations/campaign_views.py), under /evaluations/campaigns/."""

from django.urls import path

from committees import urls as _committee_urls  # noqa: F401  (registers the "id" converter)

from . import campaign_views as views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<id:pk>/", views.campaign_page, name="campaign"),
    path("<id:pk>/<int:year>/", views.campaign_year, name="year"),
    path("<id:pk>/<int:year>/plaques/new/", views.plaque_create, name="plaque_create"),
]

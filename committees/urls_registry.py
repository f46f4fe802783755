from django.urls import path

from . import urls as _committee_urls  # noqa: F401  (registers the "id" converter)
from .views import registry as views

app_name = "registry"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/<id:pk>/", views.person_detail, name="person_detail"),
    path("volunteers/", views.volunteer_list, name="volunteer_list"),
    path("teams/", views.team_list, name="team_list"),
    path("stations/", views.station_list, name="station_list"),
    path("posts/<id:pk>/end/", views.post_end, name="post_end"),
    path("volunteers/<id:pk>/exit/", views.volunteer_exit, name="volunteer_exit"),
]

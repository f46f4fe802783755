from django.urls import path

from . import urls as _committee_urls  # noqa: F401  (registers the "id" converter)
from .views import points, reference
from .views import registry as views
from .views.registry import picker

app_name = "registry"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/export/", views.person_export, name="person_export"),
    path("people/<id:pk>/", views.person_detail, name="person_detail"),
    path("people/<id:pk>/edit/", views.person_edit, name="person_edit"),
    path("committees/<id:committee_pk>/leadership/new/", views.post_create, name="post_create"),
    path("posts/<id:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<id:pk>/end/", views.post_end, name="post_end"),
    path("volunteers/", views.volunteer_list, name="volunteer_list"),
    path("volunteers/export/", views.volunteer_export, name="volunteer_export"),
    path("committees/<id:committee_pk>/volunteers/new/", views.volunteer_create, name="volunteer_create"),
    path("volunteers/<id:pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("volunteers/<id:pk>/exit/", views.volunteer_exit, name="volunteer_exit"),
    path("volunteers/<id:pk>/points/new/", views.points_entry_create, name="points_entry_create"),
    path("committees/<id:committee_pk>/points/", points.points_ranking, name="points_ranking"),
    path("committees/<id:committee_pk>/points/export/", points.points_export, name="points_export"),
    path("review/", points.review_list, name="review_list"),
    path("volunteers/<id:pk>/decide/", points.volunteer_decide, name="volunteer_decide"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/export/", views.team_export, name="team_export"),
    path("committees/<id:committee_pk>/teams/new/", views.team_create, name="team_create"),
    path("committees/<id:committee_pk>/teams/members/", views.team_member_search, name="team_member_search"),
    path("teams/<id:pk>/", views.team_detail, name="team_detail"),
    path("teams/<id:pk>/edit/", views.team_edit, name="team_edit"),
    path("committee-choices/", picker.committee_choice_list, name="committee_choices"),
    path("stations/", views.station_list, name="station_list"),
    path("stations/export/", views.station_export, name="station_export"),
    path("committees/<id:committee_pk>/stations/new/", views.station_create, name="station_create"),
    path("stations/<id:pk>/", views.station_detail, name="station_detail"),
    path("stations/<id:pk>/edit/", views.station_edit, name="station_edit"),
    path("settings/", reference.reference_list, name="reference_list"),
    path("settings/<slug:table>/new/", reference.reference_edit, name="reference_create"),
    path("settings/<slug:table>/<id:pk>/", reference.reference_edit, name="reference_edit"),
]

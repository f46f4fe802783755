from django.urls import path

from committees import urls as _committee_urls  # noqa: F401  (registers the "id" converter)

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.overview, name="overview"),
    path("<int:year>/towns/<id:town_pk>/", views.town_overview, name="town"),
    path("<int:year>/committees/<id:committee_pk>/", views.committee_ledger, name="committee"),
    path("<int:year>/committees/<id:committee_pk>/budget/", views.budget_edit, name="budget_edit"),
    path("<int:year>/committees/<id:committee_pk>/entries/new/", views.entry_create, name="entry_create"),
    path("<int:year>/committees/<id:committee_pk>/special/new/", views.special_fund_create, name="special_create"),
    path("entries/<id:pk>/reverse/", views.entry_reverse, name="entry_reverse"),
    # Donations and study-aid programmes (捐资助学)
    path("aid/", views.aid_index, name="aid_index"),
    path("aid/<int:year>/programmes/", views.aid_programmes, name="aid_programmes"),
    path("aid/programmes/new/", views.aid_programme_create, name="aid_programme_create"),
    path("aid/programmes/<id:pk>/", views.aid_programme, name="aid_programme"),
    path("aid/programmes/<id:pk>/edit/", views.aid_programme_edit, name="aid_programme_edit"),
    path("aid/programmes/<id:pk>/sessions/new/", views.aid_programme_session_create, name="aid_programme_session"),
    path("aid/sessions/<id:pk>/edit/", views.aid_session_edit, name="aid_session_edit"),
    path("aid/<int:year>/donations/", views.donations, name="donations"),
    path("aid/<int:year>/donations/new/", views.donation_create, name="donation_create"),
    path("aid/donors/", views.donors, name="donors"),
    path("aid/donors/new/", views.donor_create, name="donor_create"),
]

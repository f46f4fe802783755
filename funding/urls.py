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
    # Closing a year.
    path("<int:year>/close/", views.year_close_all, name="year_close_all"),
    path("<int:year>/committees/<id:committee_pk>/close/", views.year_close_committee, name="year_close"),
    # Five-old subsidies
    path("<int:year>/subsidies/", views.subsidy_list, name="subsidies"),
    path("<int:year>/subsidies/compute/", views.subsidy_compute, name="subsidy_compute"),
    path("<int:year>/subsidies/export/", views.subsidy_export, name="subsidy_export"),
    path("subsidies/<id:pk>/edit/", views.payment_edit, name="payment_edit"),
    path("subsidies/<id:pk>/confirm/", views.payment_confirm, name="payment_confirm"),
]

# Excel import/export of budgets and fund entries (funding/excel/, views/excel.py).
urlpatterns += [
    route
    for table in ("budgets", "entries")
    for route in (
        path(f"<int:year>/{table}/export/", views.ledger_export_view, {"table": table}, name=f"{table}_export"),
        path(
            f"<int:year>/towns/<id:town_pk>/{table}/export/",
            views.town_export_view,
            {"table": table},
            name=f"{table}_town_export",
        ),
        path(f"import/{table}/", views.ledger_upload, {"table": table}, name=f"{table}_upload"),
        path(f"import/{table}/confirm/", views.ledger_confirm, {"table": table}, name=f"{table}_confirm"),
    )
]

# Excel import/export of subsidies, donors, programmes, sessions and donations: the subsidies'
# export is funding:subsidy_export above; the aid tables' exports are under aid/.
urlpatterns += [
    path("aid/<int:year>/sessions/export/", views.ledger_export_view, {"table": "sessions"}, name="sessions_export"),
    path("aid/<int:year>/donations/export/", views.ledger_export_view, {"table": "donations"}, name="donations_export"),
    path("aid/donors/export/", views.aid_export_view, {"table": "donors"}, name="donors_export"),
    path("aid/programmes/export/", views.aid_export_view, {"table": "programmes"}, name="programmes_export"),
    *(
        route
        for table in ("subsidies", "donors", "programmes", "sessions", "donations")
        for route in (
            path(f"import/{table}/", views.ledger_upload, {"table": table}, name=f"{table}_upload"),
            path(f"import/{table}/confirm/", views.ledger_confirm, {"table": table}, name=f"{table}_confirm"),
        )
    ),
]

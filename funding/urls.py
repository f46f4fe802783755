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
    # Five-old subsidies
    path("<int:year>/subsidies/", views.subsidy_list, name="subsidies"),
    path("<int:year>/subsidies/compute/", views.subsidy_compute, name="subsidy_compute"),
    path("<int:year>/subsidies/export/", views.subsidy_export, name="subsidy_export"),
    path("subsidies/<id:pk>/edit/", views.payment_edit, name="payment_edit"),
    path("subsidies/<id:pk>/confirm/", views.payment_confirm, name="payment_confirm"),
]

# The "id" path converter is registered by committees.urls, which the root URLconf loads first.
from django.urls import path

from .views import imports as views

app_name = "imports"

urlpatterns = [
    path("volunteers/<id:pk>/export/", views.volunteers_export, name="volunteers_export"),
    path("volunteers/upload/", views.volunteers_upload, name="volunteers_upload"),
    path("volunteers/confirm/", views.volunteers_confirm, name="volunteers_confirm"),
]

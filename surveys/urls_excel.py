"""URLs of surveys.views.excel; surveys.urls joins them under the "surveys" namespace."""

from django.urls import path

from .views import excel

urlpatterns = [
    path("<int:year>/<id:town_pk>/template.xlsx", excel.template_download, name="template_download"),
    path("<int:year>/<id:town_pk>/upload/", excel.upload, name="upload"),
    path("<int:year>/<id:town_pk>/upload/confirm/", excel.upload_confirm, name="upload_confirm"),
]

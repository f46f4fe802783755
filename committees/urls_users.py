from django.urls import path

from .views import audit
from .views import users as views

app_name = "users"

# The "id" converter is registered in committees/urls.py.
urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_create, name="create"),
    path("audit/", audit.audit_list, name="audit"),
    path("<id:pk>/", views.user_detail, name="detail"),
    path("<id:pk>/edit/", views.user_edit, name="edit"),
    path("<id:pk>/deactivate/", views.user_set_active, {"active": False}, name="deactivate"),
    path("<id:pk>/reactivate/", views.user_set_active, {"active": True}, name="reactivate"),
    path("<id:pk>/reset-password/", views.user_reset_password, name="reset_password"),
    path("<id:pk>/unlock/", views.user_unlock, name="unlock"),
    path("<id:pk>/roles/", views.role_assign, name="role_assign"),
    path("<id:pk>/roles/<id:assignment_pk>/end/", views.role_end, name="role_end"),
]

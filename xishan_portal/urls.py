from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from surveys.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("committees.urls")),
    path("users/", include("committees.urls_users")),
    path("registry/", include("committees.urls_registry")),
    path("registry/excel/", include("committees.urls_imports")),
    path("meetings/", include("committees.urls_meetings")),
    path("surveys/", include("surveys.urls")),
    path("funding/", include("funding.urls")),
    path("evaluations/draws/", include("evaluations.draw_urls")),
    path("evaluations/", include("evaluations.urls")),
    path("evaluations/campaigns/", include("evaluations.urls_campaigns")),
    path("awards/", include("evaluations.award_urls")),
    path("assessment/", include("evaluations.assessment_urls")),
    path("django-admin/", admin.site.urls),
]

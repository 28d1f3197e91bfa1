from django.contrib import admin
from django.urls import include, path

from biafed.common import views as common_views

urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    path("notifications/", common_views.notifications, name="notifications"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", include("biafed.people.urls")),
    path("open-desk/", include("biafed.opendesk.urls")),
    path("allocation/", include("biafed.matching.urls")),
    path("files/", include("biafed.intake.urls")),
    path("projects/", include("biafed.projects.urls")),
    path("billing/", include("biafed.billing.urls")),
    path("reports/", include("biafed.reporting.urls")),
    path("admin/", admin.site.urls),
]

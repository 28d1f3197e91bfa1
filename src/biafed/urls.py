from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from biafed.common import views as common_views
from biafed.people import views_privacy


class FaviconRedirect(RedirectView):
    """/favicon.ico -> the static file (its hashed name is known only once collected)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("biafed/favicon.ico")


urlpatterns = [
    path("", common_views.home, name="home"),
    path("healthz", common_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says; the file lives with the static files.
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    path("notifications/", common_views.notifications, name="notifications"),
    path("privacy/", views_privacy.privacy_notice, name="privacy"),
    path("privacy/edit/", views_privacy.privacy_edit, name="privacy_edit"),
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

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from biafed.common.views import healthz
from biafed.notifications.views import notifications
from biafed.opendesk.views.home import home
from biafed.people import views_privacy


class FaviconRedirect(RedirectView):
    """/favicon.ico -> the static file (its hashed name is known only once collected)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("biafed/favicon.ico")


# The admin's own login form would skip the second factor: it sends to the site's login.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says; the file lives with the static files.
    path("favicon.ico", FaviconRedirect.as_view(), name="favicon"),
    path("notifications/", notifications, name="notifications"),
    path("privacy/", views_privacy.privacy_notice, name="privacy"),
    path("privacy/edit/", views_privacy.privacy_edit, name="privacy_edit"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("people/", include("biafed.people.urls")),
    path("catalogue/", include("biafed.catalogue.urls")),
    path("open-desk/", include("biafed.opendesk.urls")),
    path("allocation/", include("biafed.matching.urls")),
    path("files/", include("biafed.intake.urls")),
    path("projects/", include("biafed.projects.urls")),
    path("billing/", include("biafed.billing.urls")),
    path("reports/", include("biafed.reporting.urls")),
    path("network/", include("biafed.network.urls")),
    path("api/v1/", include("biafed.api.urls")),
    path("integrations/", include("biafed.api.site_urls")),
    path("admin/", admin.site.urls),
]

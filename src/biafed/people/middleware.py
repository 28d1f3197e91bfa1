"""Session lifetime and the second factor required of coordinators and admins."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from biafed.people.second_factor import must_set_up_second_factor
from biafed.people.sessions import ended

# Pages a coordinator without a second factor may still open: the account and
# two-factor pages (to set one up, or to log out), the language switch, the health check.
OPEN_VIEW_MODULES = ("allauth.",)
OPEN_URL_NAMES = {"set_language", "healthz"}


class SessionLifetimeMiddleware:
    """Log out a session idle for SESSION_IDLE_MINUTES, or SESSION_MAX_HOURS after its login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and ended(request.session):
            logout(request)
            messages.info(request, _("Your session has ended. Please log in again."))
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Send coordinators and admins without a second factor to set one up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            view_func.__module__.startswith(OPEN_VIEW_MODULES)
            or (match is not None and match.url_name in OPEN_URL_NAMES)
            or not must_set_up_second_factor(request.user)
        ):
            return None
        messages.warning(
            request,
            _(
                "Coordinators and admins must set up two-factor authentication before "
                "using the site: add an authenticator app or a security key."
            ),
        )
        return redirect("mfa_index")

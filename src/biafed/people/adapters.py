"""django-allauth adapters: who may sign up, and how a sign-in from ORCID, an OpenID
Connect or a SAML provider becomes a biafed account (docs/identity.md)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings

from biafed.people import identity


class AccountAdapter(DefaultAccountAdapter):
    """Anyone may sign up as a requester (unless SIGNUP_ENABLED or LOGIN_PASSWORD_ENABLED is
    off); other roles are granted by coordinators."""

    def is_open_for_signup(self, request) -> bool:
        return settings.SIGNUP_ENABLED and settings.LOGIN_PASSWORD_ENABLED


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return settings.SIGNUP_ENABLED

    def list_apps(self, request, provider=None, client_id=None):
        """Only the providers the settings enable: an app added in the admin site's
        database table would bypass the switches."""
        return [
            app
            for app in super().list_apps(request, provider=provider, client_id=client_id)
            if app.pk is None
        ]

    def pre_social_login(self, request, sociallogin) -> None:
        identity.hold_link_to_existing_account(request, sociallogin)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = (name or "").strip()[:150]
        return user

    def get_signup_form_initial_data(self, sociallogin) -> dict:
        initial = super().get_signup_form_initial_data(sociallogin)
        initial["full_name"] = sociallogin.user.full_name
        return initial

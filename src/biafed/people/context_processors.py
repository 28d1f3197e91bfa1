"""What the login and sign-up pages need to know of the sign-in switches (docs/identity.md)."""

from django.conf import settings


def sign_in(request) -> dict:
    return {
        "password_login": settings.LOGIN_PASSWORD_ENABLED,
        "signup_open": settings.SIGNUP_ENABLED and settings.LOGIN_PASSWORD_ENABLED,
        "social_signup_open": settings.SIGNUP_ENABLED,
    }

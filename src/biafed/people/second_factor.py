"""Two-factor authentication (allauth.mfa): who must have a second factor, who has one."""

import rules
from allauth.mfa.models import Authenticator
from django.conf import settings

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user) -> bool:
    """An authenticator app or a security key; recovery codes alone do not count."""
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def must_set_up_second_factor(user) -> bool:
    """Coordinators and admins without a second factor (while MFA_REQUIRED_FOR_STAFF)."""
    return (
        settings.MFA_REQUIRED_FOR_STAFF
        and user.is_authenticated
        and rules.test_rule("people.requires_second_factor", user)
        and not has_second_factor(user)
    )

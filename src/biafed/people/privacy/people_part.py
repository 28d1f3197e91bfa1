"""The people app's own part: profile, roles, analyst profile; dormant accounts closed."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Q

from biafed.people.models import Role, User

STAFF_ROLES = (Role.ANALYST, Role.COORDINATOR, Role.COMMITTEE, Role.FACILITY_MANAGER, Role.ADMIN)


def export_profile(user) -> dict:
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "institution": user.institution,
        "orcid": user.orcid,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "roles": sorted(user.roles.values_list("role", flat=True)),
        "managed_facilities": [str(f) for f in user.managed_facilities.all()],
    }
    profile = getattr(user, "analyst_profile", None)
    if profile is not None:
        data["analyst_profile"] = {
            "host_facility": str(profile.host_facility),
            "background": profile.background,
            "career_stage": profile.career_stage,
            "languages": [lang.code for lang in profile.languages.all()],
            "bio": profile.bio,
            "daily_session_cap": profile.daily_session_cap,
            "rules_accepted_at": profile.rules_accepted_at,
            "rules_version": profile.rules_version,
            "expertise": [
                {"term": e.term.name, "family": e.term.family, "level": e.level}
                for e in profile.expertise.select_related("term")
            ],
        }
    return data


def erase_profile(*, user, actor) -> None:
    """The analyst profile stays (statements and ledger lines name its host facility);
    what describes the person goes. E-mail addresses, second factors and linked sign-ins
    (ORCID, OpenID Connect, SAML) go too."""
    profile = getattr(user, "analyst_profile", None)
    if profile is not None:
        profile.expertise.all().delete()
        profile.languages.clear()
        profile.bio = ""
        profile.save(update_fields=["bio", "updated_at"])
    user.managed_facilities.clear()
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress  # noqa: PLC0415 — only with allauth installed

        EmailAddress.objects.filter(user=user).delete()
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator  # noqa: PLC0415 — only with allauth's MFA installed

        Authenticator.objects.filter(user=user).delete()
    if apps.is_installed("allauth.socialaccount"):
        from allauth.socialaccount.models import SocialAccount  # noqa: PLC0415 — only with allauth's social accounts installed

        SocialAccount.objects.filter(user=user).delete()


def dormant_accounts(*, now):
    """Requesters' accounts unused for PRIVACY_DORMANT_ACCOUNT_DAYS; staff accounts are
    never closed by the job."""
    cutoff = now - timedelta(days=settings.PRIVACY_DORMANT_ACCOUNT_DAYS)
    return (
        User.objects.filter(closed_at__isnull=True, is_staff=False, is_superuser=False)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(roles__role__in=STAFF_ROLES)
    )


def close_dormant_accounts(*, now) -> dict:
    from biafed.people.privacy.closure import close_account, closure_blockers  # noqa: PLC0415 — closure imports this module

    closed = 0
    for user in dormant_accounts(now=now):
        if not closure_blockers(user):
            close_account(actor=None, user=user, reason="closed dormant account")
            closed += 1
    return {"dormant_accounts_closed": closed}

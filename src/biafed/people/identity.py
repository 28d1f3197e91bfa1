"""Sign-ins from ORCID, OpenID Connect and SAML providers: linked to an existing account
only after the person has logged in to it, and the ORCID iD kept on the user.

A provider's sign-in whose *verified* e-mail, or ORCID iD, is already an account's is
held in the session; the person is sent to log in to that account (with its second
factor, if any), and the held sign-in is linked then. Nothing is merged silently, and an
unverified e-mail never links: allauth's sign-up form then says the address is taken.
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import user_logged_in, user_signed_up
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.signals import (
    social_account_added,
    social_account_removed,
    social_account_updated,
)
from django.contrib import messages
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.translation import gettext

from biafed.common.orcid import ORCID_PATTERN, orcid_checksum_ok
from biafed.people.models import User

PENDING_KEY = "biafed_pending_link"
#: OpenID Connect claims that may carry a person's ORCID iD (LS Login, some institutions).
ORCID_CLAIMS = ("orcid", "eduperson_orcid")


def _clean_orcid(value) -> str:
    text = str(value or "").strip().removeprefix("https://orcid.org/")
    text = text.removeprefix("http://orcid.org/")
    return text if ORCID_PATTERN.match(text) and orcid_checksum_ok(text) else ""


def orcid_of(account: SocialAccount) -> str:
    """The verified ORCID iD an account carries: its uid for ORCID, a claim for OIDC."""
    if account.provider == "orcid":
        return _clean_orcid(account.uid)
    data = account.extra_data or {}
    for part in (data.get("userinfo"), data.get("id_token"), data):
        if isinstance(part, dict):
            for claim in ORCID_CLAIMS:
                if found := _clean_orcid(part.get(claim)):
                    return found
    return ""


def provider_label(provider) -> str:
    return "ORCID" if provider.id == "orcid" else provider.name


def _matching_user(sociallogin: SocialLogin) -> User | None:
    verified = [a.email.lower() for a in sociallogin.email_addresses if a.verified]
    if verified:
        address = (
            EmailAddress.objects.filter(email__in=verified, verified=True)
            .select_related("user")
            .first()
        )
        if address is not None:
            return address.user
    orcid = orcid_of(sociallogin.account)
    if orcid:
        return User.objects.filter(orcid=orcid, closed_at__isnull=True).first()
    return None


def hold_link_to_existing_account(request, sociallogin: SocialLogin) -> None:
    """Called before a provider's sign-in is processed (SocialAccountAdapter)."""
    if sociallogin.is_existing or sociallogin.state.get("process") == "connect":
        return  # a known sign-in, or linking from the connections page (already logged in)
    user = _matching_user(sociallogin)
    if user is None:
        return
    request.session[PENDING_KEY] = {"user": user.pk, "login": sociallogin.serialize()}
    messages.info(
        request,
        gettext(
            "An account already exists for you. Log in to it once: your sign-in with "
            "%(provider)s will then be linked to it."
        )
        % {"provider": provider_label(sociallogin.provider)},
    )
    raise ImmediateHttpResponse(redirect("account_login"))


@receiver(user_logged_in)
def link_held_sign_in(sender, request, user, **kwargs) -> None:
    """After a full login (second factor included), link the held sign-in if it was
    meant for this account; a login to another account drops it."""
    pending = request.session.pop(PENDING_KEY, None)
    if not pending or pending.get("user") != user.pk:
        return
    sociallogin = SocialLogin.deserialize(pending["login"])
    if SocialAccount.objects.filter(
        provider=sociallogin.account.provider, uid=sociallogin.account.uid
    ).exists():
        return
    sociallogin.connect(request, user)
    messages.success(
        request,
        gettext("Your sign-in with %(provider)s is now linked to your account.")
        % {"provider": provider_label(sociallogin.provider)},
    )


@receiver(social_account_added)
@receiver(social_account_updated)
def keep_orcid(sender, request, sociallogin, **kwargs) -> None:
    _store_orcid(sociallogin.account)


@receiver(user_signed_up)
def keep_orcid_of_new_account(sender, request, user, sociallogin=None, **kwargs) -> None:
    if sociallogin is not None:
        _store_orcid(sociallogin.account)


def _store_orcid(account: SocialAccount) -> None:
    orcid = orcid_of(account)
    if orcid and account.user_id:
        User.objects.filter(pk=account.user_id).exclude(orcid=orcid).update(orcid=orcid)


@receiver(social_account_removed)
def forget_orcid(sender, request, socialaccount, **kwargs) -> None:
    """Unlinking the sign-in that gave the iD removes it, unless another still gives it."""
    orcid = orcid_of(socialaccount)
    if not orcid:
        return
    others = SocialAccount.objects.filter(user_id=socialaccount.user_id).exclude(
        pk=socialaccount.pk
    )
    if not any(orcid_of(account) == orcid for account in others):
        User.objects.filter(pk=socialaccount.user_id, orcid=orcid).update(orcid="")

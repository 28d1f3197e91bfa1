"""Personal API tokens: made by their owner, shown once, stored as a digest, revocable."""

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.api.models import ApiToken
from biafed.api.scopes import ALL_SCOPES
from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people.models import User

PREFIX = "bfd_"


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(
    *, owner: User, name: str, scopes: Iterable[str], days: int
) -> tuple[ApiToken, str]:
    """A new token and its secret text, which is shown once and never stored."""
    chosen = sorted(set(scopes))
    if not chosen or any(s not in ALL_SCOPES for s in chosen):
        raise BusinessRuleError(_("Choose at least one area the token may use."))
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise BusinessRuleError(
            _("A token lasts between 1 and %(days)s days.") % {"days": settings.API_TOKEN_MAX_DAYS}
        )
    if not name.strip():
        raise BusinessRuleError(_("Give the token a name, e.g. the script that uses it."))
    prefix = secrets.token_hex(4)
    raw = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        owner=owner,
        name=name.strip(),
        prefix=prefix,
        digest=digest_of(raw),
        scopes=chosen,
        expires_at=timezone.now() + timedelta(days=days),
    )
    activity.record(actor=owner, verb="created API token", subject=token, detail=prefix)
    return token, raw


def revoke_token(*, owner: User, token: ApiToken) -> ApiToken:
    if token.owner_id != owner.pk:
        raise BusinessRuleError(_("Only its owner can revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        activity.record(actor=owner, verb="revoked API token", subject=token, detail=token.prefix)
    return token


def token_for(raw: str) -> ApiToken | None:
    """The live token whose secret is `raw`; None for an unknown, expired or revoked one."""
    if not raw.startswith(PREFIX):
        return None
    prefix = raw[len(PREFIX) :].partition("_")[0]
    token = ApiToken.objects.select_related("owner").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(raw)):
        return None
    if not token.is_live or not token.owner.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token

"""Upload tokens: let a script upload to one target as the person who saw the page.

Shown on the file panel (with the command to run) to people who may upload there; they
work only on the tus endpoints, only for that target, for INTAKE_TOKEN_HOURS at most,
and only while the session they were shown in lasts: logging out, the session's idle or
absolute timeout, and a password change end them. Each use keeps that session alive
(its absolute timeout still applies), so a long upload from the command line is not cut
because the browser sat idle."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.core import signing
from django.dispatch import receiver
from django.utils import timezone

from biafed.intake.models import UploadKey
from biafed.people.sessions import is_live_login, keep_alive

SALT = "biafed.intake.upload-token"


def _lifetime() -> timedelta:
    return timedelta(hours=settings.INTAKE_TOKEN_HOURS)


def make_token(*, person, target_key: str, session_key: str) -> str:
    """The token for `person` on `target_key` in this session: the same one while it has
    more than half its life ahead, a fresh one after that (the page renews it)."""
    now = timezone.now()
    UploadKey.objects.filter(person=person, expires_at__lte=now).delete()
    key = (
        UploadKey.objects.filter(
            person=person,
            target_key=target_key,
            session_key=session_key,
            expires_at__gt=now + _lifetime() / 2,
        )
        .order_by("-expires_at")
        .first()
    )
    if key is None:
        key = UploadKey.objects.create(
            person=person,
            target_key=target_key,
            session_key=session_key,
            expires_at=now + _lifetime(),
        )
    return signing.dumps({"k": key.pk}, salt=SALT)


def read_token(token: str):
    """(person, target key) for a live token; None otherwise."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    key = (
        UploadKey.objects.select_related("person")
        .filter(pk=data.get("k"), expires_at__gt=timezone.now(), person__is_active=True)
        .first()
    )
    if key is None or not is_live_login(key.session_key, key.person):
        return None
    keep_alive(key.session_key)
    return key.person, key.target_key


@receiver(user_logged_out, dispatch_uid="biafed.intake.tokens.revoke_at_logout")
def revoke_at_logout(sender, request, user, **kwargs) -> None:
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        UploadKey.objects.filter(session_key=session_key).delete()

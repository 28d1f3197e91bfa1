"""Upload tokens: let a script upload to one target as the person who saw the page.

Shown on the file panel (with the command to run) to people who may upload there; they
work only on the tus endpoints, only for that target, for INTAKE_TOKEN_HOURS at most,
and only while the session they were shown in lasts: logging out, the session's idle or
absolute timeout, and a password change end them. Each page shows a fresh one. A token
is the person, the target and the session key, encrypted and authenticated with a key
derived from SECRET_KEY (the session key must not be readable in it), so nothing is
stored. Each use counts as activity of that session (its absolute timeout still applies),
so a long upload from the command line is not cut because the browser sat idle."""

import base64
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.crypto import salted_hmac

from biafed.people.sessions import is_live_login, keep_alive

SALT = "biafed.intake.upload-token"


def _fernet() -> Fernet:
    key = salted_hmac(SALT, "encryption key", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def make_token(*, person, target_key: str, session_key: str) -> str:
    data = {"u": person.pk, "t": target_key, "s": session_key}
    return _fernet().encrypt(json.dumps(data).encode()).decode()


def read_token(token: str):
    """(person, target key) for a token that is recent and whose session is live; None otherwise."""
    try:
        raw = _fernet().decrypt(token.encode(), ttl=settings.INTAKE_TOKEN_HOURS * 3600)
        data = json.loads(raw)
    except (InvalidToken, ValueError, TypeError):
        return None
    person = get_user_model()._default_manager.filter(pk=data.get("u"), is_active=True).first()
    if person is None or not is_live_login(str(data.get("s", "")), person):
        return None
    keep_alive(data["s"])
    return person, data.get("t", "")

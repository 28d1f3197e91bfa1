"""Upload tokens: let a script upload to one target as one person, for a few days.

Shown on the page (with the command to run) to people who may upload there; they
work only on the tus endpoints and only for that target."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing

SALT = "biafed.intake.upload-token"


def make_token(*, person, target_key: str) -> str:
    return signing.dumps({"u": person.pk, "t": target_key}, salt=SALT, compress=True)


def read_token(token: str):
    """(person, target key) for a valid, unexpired token; None otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.INTAKE_TOKEN_DAYS * 86400)
    except signing.BadSignature:
        return None
    person = get_user_model()._default_manager.filter(pk=data.get("u"), is_active=True).first()
    if person is None:
        return None
    return person, data.get("t", "")

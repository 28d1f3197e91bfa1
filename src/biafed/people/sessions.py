"""How long a login lasts: SESSION_IDLE_MINUTES without a request, SESSION_MAX_HOURS in all.

The idle limit is the session cookie's age, renewed at every request
(SESSION_SAVE_EVERY_REQUEST); the absolute limit is the login time kept in the session.
"""

import time

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare

LOGGED_IN_AT = "biafed_logged_in_at"


@receiver(user_logged_in, dispatch_uid="biafed.people.sessions.note_login_time")
def note_login_time(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGGED_IN_AT] = time.time()


def outlived(session) -> bool:
    """True once the login of this session is older than SESSION_MAX_HOURS.

    A session without a login time (opened before this rule existed) starts counting now."""
    started = session.get(LOGGED_IN_AT)
    if started is None:
        session[LOGGED_IN_AT] = time.time()
        return False
    return time.time() - float(started) > settings.SESSION_MAX_HOURS * 3600


def _store(session_key: str):
    from importlib import import_module  # the engine is a setting

    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def is_live_login(session_key: str, person) -> bool:
    """Whether `person` is still logged in in the session `session_key`: not logged out,
    not expired (idle or absolute timeout), password unchanged since the login."""
    data = _store(session_key).load()  # {} once the session ended or expired
    if str(data.get(SESSION_KEY, "")) != str(person.pk):
        return False
    if not constant_time_compare(data.get(HASH_SESSION_KEY, ""), person.get_session_auth_hash()):
        return False
    started = data.get(LOGGED_IN_AT)
    return started is None or time.time() - float(started) <= settings.SESSION_MAX_HOURS * 3600


def keep_alive(session_key: str) -> None:
    """Restart the idle timeout of a live session (e.g. while its upload key is used)."""
    store = _store(session_key)
    if store.get(SESSION_KEY) is None:  # loads it; None once it ended
        return
    if hasattr(store, "model"):  # a database session: move its expiry only, keep its data
        store.model.objects.filter(session_key=session_key).update(
            expire_date=store.get_expiry_date()
        )
    else:
        store.modified = True
        store.save()

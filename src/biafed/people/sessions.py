"""How long a login lasts: SESSION_IDLE_MINUTES without a request, SESSION_MAX_HOURS in all.

The session keeps its login time and the time of its last request. The last-request
time is written at most once a minute (each write also pushes the stored session's
expiry, SESSION_COOKIE_AGE, forward), so that most requests do not write the session.
"""

import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare

LOGGED_IN_AT = "biafed_logged_in_at"
LAST_SEEN_AT = "biafed_last_seen_at"
SEEN_EVERY_S = 60  # how stale the last-request time may get before it is written again


@receiver(user_logged_in, dispatch_uid="biafed.people.sessions.note_login_time")
def note_login_time(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGGED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def _expired(data, now: float) -> bool:
    started, seen = data.get(LOGGED_IN_AT), data.get(LAST_SEEN_AT)
    return (started is not None and now - float(started) > settings.SESSION_MAX_HOURS * 3600) or (
        seen is not None and now - float(seen) > settings.SESSION_IDLE_MINUTES * 60
    )


def ended(session) -> bool:
    """True once this session's login is too old or was idle too long; otherwise the
    request counts as activity. A session without these times (opened before this rule
    existed) starts counting now."""
    now = time.time()
    if _expired(session, now):
        return True
    session.setdefault(LOGGED_IN_AT, now)
    if now - float(session.get(LAST_SEEN_AT, 0)) > SEEN_EVERY_S:
        session[LAST_SEEN_AT] = now
    return False


def _store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def is_live_login(session_key: str, person) -> bool:
    """Whether `person` is still logged in in the session `session_key`: not logged out,
    not expired (idle or absolute timeout), password unchanged since the login."""
    data = _store(session_key).load()  # {} once the session ended or expired
    if str(data.get(SESSION_KEY, "")) != str(person.pk):
        return False
    if not constant_time_compare(data.get(HASH_SESSION_KEY, ""), person.get_session_auth_hash()):
        return False
    return not _expired(data, time.time())


def keep_alive(session_key: str) -> None:
    """Count a request made in the name of a live session (its upload key) as activity."""
    store = _store(session_key)
    seen = store.get(LAST_SEEN_AT)  # loads the session; None once it ended
    if store.get(SESSION_KEY) is None or time.time() - float(seen or 0) <= SEEN_EVERY_S:
        return
    store[LAST_SEEN_AT] = time.time()
    store.save()

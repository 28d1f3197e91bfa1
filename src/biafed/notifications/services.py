"""Create notifications; each one is listed in the site and e-mailed by a task."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone, translation

from biafed.notifications import registry
from biafed.notifications.models import Notification
from biafed.notifications.tasks import send_notification_email
from biafed.people.models import User

if TYPE_CHECKING:  # notifications sit below the open desk: no import at run time
    pass


@contextmanager
def in_language_of(person: User) -> Iterator[None]:
    """Write a message in the recipient's language, whoever triggered it."""
    language = getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        yield


def notify(
    *,
    recipient: User,
    kind: str,
    message: Callable[[], tuple[str, str]],
    link: str = "",
    about: Model | None = None,
    calendar: str = "",
    dedupe_key: str | None = None,
) -> Notification | None:
    """Store a notification and e-mail it once the transaction commits.

    `kind` must be registered by the sending app (`registry.register_kinds`); `about` is the
    object the message is about; `calendar` is an .ics file (iTIP: METHOD REQUEST or
    CANCEL) made when the change happened, attached to the e-mail as it is.
    `message()` returns (subject, body) in the active language: it is called once per site
    language, so the site shows each notification in the page's language, and once in the
    recipient's language for the e-mail. There is no other way to give the text: a plain
    string would stay in one language (a `TypeError` refuses anything but a callable).
    Returns None when a notification with the same `dedupe_key` already exists, or when
    the recipient's account is closed (nobody reads it; its address is a placeholder).
    """
    registry.kind(kind)  # LookupError for a kind no app declared: a programming mistake
    if getattr(recipient, "closed_at", None) is not None:
        return None
    if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    if not callable(message):
        raise TypeError("notify(message=...) takes a function giving (subject, body)")
    texts: dict[str, list[str]] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = [str(part) for part in message()]
    with in_language_of(recipient):
        subject, body = (str(part) for part in message())
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                subject=subject[:200],
                body=body,
                texts=texts,
                link=link,
                about_type=about._meta.label_lower if about is not None else "",
                about_id=about.pk if about is not None else None,
                calendar=calendar,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:  # another scheduler created it a moment ago
        return None
    transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def mark_read(*, reader: User, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=reader, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())

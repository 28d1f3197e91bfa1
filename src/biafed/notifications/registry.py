"""What notifications can be about: each app declares its own in `AppConfig.ready()`, so
the notifications app never imports the apps that send them.

    register_kinds(OpenDeskNotification, calendar_cancels={OpenDeskNotification.CANCELLATION})
    register_calendar(Booking, session_calendar, filename="open-desk-session.ics")

A kind is a `TextChoices` member owned by the sending app; adding one needs no migration
(`Notification.kind` is a plain string checked against this registry). A calendar builder
makes the .ics attached to notifications sent `about=` an object of that model with
`attach_calendar=True`; its method is CANCEL for the kinds listed in `calendar_cancels`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    value: str
    label: str
    calendar_method: str = "REQUEST"


_kinds: dict[str, Kind] = {}
_calendars: dict[str, tuple[type[models.Model], Callable, str]] = {}


def register_kinds(choices: type[models.TextChoices], *, calendar_cancels: Iterable = ()) -> None:
    cancels = {str(value) for value in calendar_cancels}
    for value, label in choices.choices:
        method = "CANCEL" if value in cancels else "REQUEST"
        _kinds[value] = Kind(value=value, label=label, calendar_method=method)


def registered_kinds() -> dict[str, Kind]:
    return dict(_kinds)


def kind(value: str) -> Kind:
    """The registered kind `value`; LookupError for a kind no app declared."""
    try:
        return _kinds[value]
    except KeyError:
        raise LookupError(f"{value!r} is not a registered notification kind") from None


def validate_kind(value: str) -> None:
    if value not in _kinds:
        raise ValidationError(_("Unknown notification kind: %(kind)s"), params={"kind": value})


def register_calendar(
    model: type[models.Model], build: Callable, *, filename: str = "calendar.ics"
) -> None:
    """`build(obj, *, site_url, method) -> bytes | None` makes the calendar file for `obj`
    (None: nothing to attach, e.g. a booking without a session)."""
    _calendars[model._meta.label_lower] = (model, build, filename)


def calendar_for(
    about_type: str, about_id: int | None, *, site_url: str, method: str
) -> tuple[str, bytes] | None:
    """(file name, .ics bytes) for the object a notification is about, or None."""
    if about_type not in _calendars or about_id is None:
        return None
    model, build, filename = _calendars[about_type]
    obj = model._default_manager.filter(pk=about_id).first()
    content = None if obj is None else build(obj, site_url=site_url, method=method)
    return None if content is None else (filename, content)

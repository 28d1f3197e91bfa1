"""What notifications can be about: each app declares its own in `AppConfig.ready()`, so
the notifications app never imports the apps that send them.

    register_kinds(OpenDeskNotification)
    register_calendar(Booking, filename="open-desk-session.ics")

A kind is a `TextChoices` member owned by the sending app; adding one needs no migration
(`Notification.kind` is a plain string checked against this registry). The sending app
makes the .ics itself when the change happens and passes it to `notify(calendar=...)`;
`register_calendar` names the attached file for notifications `about=` that model.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    value: str
    label: str


_kinds: dict[str, Kind] = {}
_calendar_names: dict[str, str] = {}
DEFAULT_CALENDAR_NAME = "calendar.ics"


def register_kinds(choices: type[models.TextChoices]) -> None:
    for value, label in choices.choices:
        _kinds[value] = Kind(value=value, label=label)


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


def register_calendar(model: type[models.Model], *, filename: str) -> None:
    """The name of the .ics file attached to notifications about `model`'s objects."""
    _calendar_names[model._meta.label_lower] = filename


def calendar_name(about_type: str) -> str:
    return _calendar_names.get(about_type, DEFAULT_CALENDAR_NAME)

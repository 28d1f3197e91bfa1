"""Messages about data: ready, unreadable, about to be deleted. Idempotent by dedupe keys."""

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Model
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from biafed.intake.models import DataFile
from biafed.intake.notification_kinds import NotificationKind
from biafed.intake.registry import for_object
from biafed.notifications.services import in_language_of, notify
from biafed.people.models import User

if TYPE_CHECKING:  # intake knows targets through its registry, not by import
    pass

DATA_READY = NotificationKind.DATA_READY
DATA_UNREADABLE = NotificationKind.DATA_UNREADABLE
DATA_RETENTION = NotificationKind.DATA_RETENTION


def _link(target: Model) -> str:
    entry = for_object(target)
    return entry.link(target) if entry.link else ""


def _owner_and_audience(target: Model, data_file: DataFile) -> list[User]:
    entry = for_object(target)
    people = [data_file.uploaded_by] if data_file.uploaded_by else []
    for person in entry.audience(target) if entry.audience else []:
        if person and all(person.pk != p.pk for p in people):
            people.append(person)
    return people


def tell_checked(data_file: DataFile, target: Model) -> None:
    """The requester (and the panel) learn that data is ready, or that a file is unreadable."""
    entry = for_object(target)
    label = entry.label(target)
    key = f"{target._meta.label_lower}:{target.pk}"
    if data_file.status == "valid":
        for person in _owner_and_audience(target, data_file):
            with in_language_of(person):
                notify(
                    recipient=person,
                    kind=DATA_READY,
                    message=lambda: (
                        _("Data ready: %(target)s") % {"target": label},
                        _(
                            "“%(name)s” was checked and can be opened (%(format)s). The analysts "
                            "can look at it before the session."
                        )
                        % {"name": data_file.original_name, "format": data_file.format or "?"},
                    ),
                    link=_link(target),
                    about=target,
                    dedupe_key=f"dataready:{key}:{person.pk}",
                )
    elif data_file.status == "unreadable" and data_file.uploaded_by:
        person = data_file.uploaded_by
        with in_language_of(person):
            notify(
                recipient=person,
                kind=DATA_UNREADABLE,
                message=lambda: (
                    _("A file could not be opened: %(name)s") % {"name": data_file.original_name},
                    _(
                        "“%(name)s” (for “%(target)s”) is unreadable: %(reason)s.\n"
                        "Please check the file and upload it again, or bring it in another format."
                    )
                    % {
                        "name": data_file.original_name,
                        "target": label,
                        "reason": data_file.reason_text,
                    },
                ),
                link=_link(target),
                about=target,
                dedupe_key=f"unreadable:{data_file.pk}:{person.pk}",
            )


def tell_bytes_lost(data_file: DataFile, target: Model) -> None:
    """The requester learns that a file must be uploaded again: its bytes were lost on the
    server (the staging file vanished) before they could be stored."""
    person = data_file.uploaded_by
    if person is None:
        return
    label = for_object(target).label(target)
    with in_language_of(person):
        notify(
            recipient=person,
            kind=DATA_UNREADABLE,
            message=lambda: (
                _("Please upload “%(name)s” again") % {"name": data_file.original_name},
                _(
                    "“%(name)s” (for “%(target)s”) arrived completely, but its bytes were lost on "
                    "the server before they could be stored. Nothing of it was kept: please upload "
                    "the file again."
                )
                % {"name": data_file.original_name, "target": label},
            ),
            link=_link(target),
            about=target,
            dedupe_key=f"byteslost:{data_file.pk}:{person.pk}",
        )


def tell_retention(*, person: User, target: Model, files: list[DataFile], delete_on: date) -> bool:
    """Warn the requester that the files of `target` will be deleted on `delete_on`."""
    label = for_object(target).label(target)
    names = ", ".join(f.original_name for f in files[:10]) + ("…" if len(files) > 10 else "")
    with in_language_of(person):
        sent = notify(
            recipient=person,
            kind=DATA_RETENTION,
            message=lambda: (
                _("Your files for “%(target)s” will be deleted on %(date)s")
                % {"target": label, "date": date_format(delete_on, "DATE_FORMAT")},
                _(
                    "As announced, the data brought for a session is deleted some time after it. "
                    "These files will be deleted on %(date)s: %(names)s.\n"
                    "If you want them kept (for example for a follow-up project), open the page "
                    "below and choose “Keep my files”. You can also delete them yourself at any time."
                )
                % {"date": date_format(delete_on, "DATE_FORMAT"), "names": names},
            ),
            link=_link(target),
            about=target,
            dedupe_key=f"retention:{target._meta.label_lower}:{target.pk}:{person.pk}",
        )
    return sent is not None

"""Periodic job: session reminders and data-missing flags. Idempotent by dedupe keys."""

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from biafed.common.states import move
from biafed.intake.models import DataFile, FileStatus
from biafed.notifications.services import in_language_of, notify
from biafed.opendesk.models import Booking
from biafed.opendesk.models import BookingStatus as S
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.people.models import User

DATA_SOON = timedelta(days=2)


def _people(booking: Booking) -> list[User]:
    return [booking.requester] + [m.analyst for m in booking.panel.all()]


def send_due_reminders(*, now: datetime) -> dict:
    counts = {"reminders": 0, "data_missing": 0, "data_soon": 0}
    upcoming = (
        Booking.objects.filter(
            status=S.CONFIRMED,
            slot__starts_at__gt=now,
            slot__starts_at__lte=now + timedelta(days=3),
        )
        .select_related("slot", "day", "requester")
        .prefetch_related("panel__analyst")
    )
    for booking in upcoming:
        # `upcoming` only holds bookings with a slot.
        starts_at = booking.slot.starts_at  # type: ignore[union-attr]
        days = 1 if starts_at - now <= timedelta(days=1) else 3
        for person in _people(booking):
            with in_language_of(person):
                sent = notify(
                    recipient=person,
                    kind=NotificationKind.REMINDER,
                    message=lambda booking=booking, days=days: (  # type: ignore[misc]  # the default arguments pin the loop values
                        _("Reminder: open desk %(when)s – %(title)s")
                        % {
                            "when": _("tomorrow") if days == 1 else _("in 3 days"),
                            "title": booking.title,
                        },
                        _(
                            "Your open-desk session is on %(date)s at %(time)s (%(tz)s).\n"
                            "Meeting link: %(link)s\nPlease check your camera and microphone beforehand."
                        )
                        % {
                            "date": date_format(booking.day.date, "DATE_FORMAT"),
                            "time": booking.slot,
                            "tz": booking.day.time_zone,
                            "link": booking.meeting_link(),
                        },
                    ),
                    link=reverse("opendesk:booking_detail", args=[booking.pk]),
                    about=booking,
                    dedupe_key=f"reminder{days}:{booking.pk}:{person.pk}",
                )
            counts["reminders"] += sent is not None

    # Unreadable or deleted files are no data; files still being checked get the benefit of doubt.
    usable_files = DataFile.objects.filter(
        content_type=ContentType.objects.get_for_model(Booking),
        object_id=OuterRef("pk"),
        status__in=(FileStatus.VALID, FileStatus.RECEIVED, FileStatus.VALIDATING),
    )
    without_data = (
        Booking.objects.filter(status__in=(S.SUBMITTED, S.DATA_MISSING, S.ALLOCATED, S.CONFIRMED))
        .exclude(Exists(usable_files))
        .filter(slot__starts_at__gt=now)
        .select_related("day", "requester", "slot")
    )
    for booking in without_data:
        link = reverse("opendesk:booking_detail", args=[booking.pk])
        if now >= booking.day.data_deadline:
            with transaction.atomic():
                locked = Booking.objects.select_for_update().get(pk=booking.pk)
                if locked.status == S.SUBMITTED:
                    move(locked, S.DATA_MISSING, actor=None, detail="data deadline passed")
            with in_language_of(booking.requester):
                sent = notify(
                    recipient=booking.requester,
                    kind=NotificationKind.DATA_MISSING,
                    message=lambda booking=booking: (  # type: ignore[misc]  # the default pins the loop value
                        _("Example images missing: %(title)s") % {"title": booking.title},
                        _(
                            "The data-upload deadline has passed and your booking has no example images. "
                            "The analysts need them to prepare; please upload a few now."
                        ),
                    ),
                    link=link,
                    about=booking,
                    dedupe_key=f"datamissing:{booking.pk}",
                )
            counts["data_missing"] += sent is not None
        elif booking.day.data_deadline - now <= DATA_SOON:
            with in_language_of(booking.requester):
                sent = notify(
                    recipient=booking.requester,
                    kind=NotificationKind.DATA_MISSING,
                    message=lambda booking=booking: (  # type: ignore[misc]  # the default pins the loop value
                        _("Please upload example images: %(title)s") % {"title": booking.title},
                        _(
                            "The data-upload deadline is %(deadline)s. Sessions where the analysts saw "
                            "the images beforehand are much more useful."
                        )
                        % {
                            "deadline": date_format(
                                timezone.localtime(booking.day.data_deadline), "DATETIME_FORMAT"
                            )
                        },
                    ),
                    link=link,
                    about=booking,
                    dedupe_key=f"datasoon:{booking.pk}",
                )
            counts["data_soon"] += sent is not None
    return counts

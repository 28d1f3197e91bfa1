"""Meetings and events: schedule, topics, agenda, minutes, attendance, registrations."""

import calendar
import uuid
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biafed.common.activity import record
from biafed.common.errors import BusinessRuleError
from biafed.common.states import move
from biafed.common.validators import check_fields
from biafed.network.models import (
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Topic,
    TopicStatus,
)
from biafed.network.notification_kinds import NotificationKind
from biafed.network.selectors import members
from biafed.network.services.common import require
from biafed.notifications.services import in_language_of, notify
from biafed.people.models import User

#: The seed's monthly meetings: prepared in advance with 2 to 5 topics.
MIN_TOPICS, MAX_TOPICS = 2, 5
#: Reminders go out this long before a meeting starts.
REMINDER_AHEAD = timedelta(days=2)


@transaction.atomic
def schedule_meetings(
    *,
    organiser: User,
    kind: str,
    title: str,
    starts_at: datetime,
    duration: timedelta,
    repeat_months: int = 1,
    place: str = "",
    programme: str = "",
) -> list[Meeting]:
    """Schedule one meeting, or a monthly series of `repeat_months` meetings on the same day
    of the month; the scheduler becomes their organiser."""
    require(organiser, "network.schedule_meeting")
    if duration <= timedelta(0):
        raise BusinessRuleError(_("A meeting must end after it starts."))
    if kind != MeetingKind.MONTHLY and repeat_months != 1:
        raise BusinessRuleError(_("Only monthly meetings repeat; schedule an event once."))
    if not 1 <= repeat_months <= 12:
        raise BusinessRuleError(_("Schedule between 1 and 12 monthly meetings at a time."))
    series = uuid.uuid4() if repeat_months > 1 else None
    starts_at = starts_at.replace(second=0, microsecond=0)  # calendars keep whole minutes
    meetings = []
    for month in range(repeat_months):
        start = months_later(starts_at, month)
        meeting = Meeting(
            kind=kind,
            title=title,
            starts_at=start,
            ends_at=start + duration,
            place=place,
            programme=programme,
            series=series,
        )
        check_fields(meeting, "title", "place", "programme")
        meeting.save()
        meeting.organisers.add(organiser)
        record(actor=organiser, verb="scheduled", subject=meeting)
        meetings.append(meeting)
    return meetings


def months_later(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (the month's last day when it is shorter)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _open(meeting: Meeting) -> None:
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise BusinessRuleError(_("This meeting is over: its agenda can no longer change."))


@transaction.atomic
def propose_topic(
    *,
    member: User,
    meeting: Meeting,
    kind: str,
    title: str,
    summary: str = "",
    slides_url: str = "",
    help_thread: Any = None,
) -> Topic:
    """A member proposes a topic; the organisers decide whether and where it goes."""
    require(member, "network.view_network")
    _open(meeting)
    topic = Topic(
        meeting=meeting,
        kind=kind,
        title=title,
        summary=summary,
        slides_url=slides_url,
        proposed_by=member,
        help_thread=help_thread,
        position=meeting.topics.count() + 1,
    )
    check_fields(topic, "title", "summary", "slides_url")
    topic.save()
    record(actor=member, verb="proposed a topic", subject=meeting, detail=title)
    return topic


@transaction.atomic
def set_agenda(*, organiser: User, meeting: Meeting, kept: list[int]) -> list[Topic]:
    """Put the topics `kept` (ids, in order) on the agenda; the other proposals are not kept."""
    require(organiser, "network.organise_meeting", meeting)
    _open(meeting)
    if meeting.kind == MeetingKind.MONTHLY and len(kept) > MAX_TOPICS:
        raise BusinessRuleError(
            ngettext(
                "A monthly meeting holds at most %(count)d topic.",
                "A monthly meeting holds at most %(count)d topics.",
                MAX_TOPICS,
            )
            % {"count": MAX_TOPICS}
        )
    topics = {topic.pk: topic for topic in meeting.topics.select_for_update()}
    if any(pk not in topics for pk in kept):
        raise BusinessRuleError(_("Choose topics proposed for this meeting."))
    for topic in topics.values():
        wanted = TopicStatus.ON_AGENDA if topic.pk in kept else TopicStatus.DECLINED
        topic.position = kept.index(topic.pk) + 1 if topic.pk in kept else 0
        move(topic, wanted, actor=organiser, detail=topic.title, extra_fields=("position",))
    record(actor=organiser, verb="ordered the agenda", subject=meeting)
    return [topics[pk] for pk in kept]


def agenda(meeting: Meeting) -> Any:
    return meeting.topics.filter(status=TopicStatus.ON_AGENDA).order_by("position")


def _check_agenda(meeting: Meeting) -> None:
    count = agenda(meeting).count()
    if meeting.kind == MeetingKind.MONTHLY and not MIN_TOPICS <= count <= MAX_TOPICS:
        raise BusinessRuleError(
            _("A monthly meeting's agenda holds 2 to 5 topics; it has %(count)d.")
            % {"count": count}
        )


def agenda_refusals(meeting: Meeting) -> list[str]:
    """Why the agenda of `meeting` cannot be sent now (empty when it can)."""
    try:
        _open(meeting)
        _check_agenda(meeting)
    except BusinessRuleError as error:
        return list(error.messages)
    return []


def agenda_effects(meeting: Meeting) -> list[str]:
    """What sending the agenda of `meeting` will do, for its confirmation page."""
    count = members().count()
    return [
        ngettext(
            "The agenda and the calendar invitation go by e-mail to %(count)d member.",
            "The agenda and the calendar invitation go by e-mail to %(count)d members.",
            count,
        )
        % {"count": count},
        _("Topics changed afterwards need the agenda sent again."),
    ]


@transaction.atomic
def send_agenda(*, organiser: User, meeting: Meeting) -> int:
    """Send the agenda to every member, with the meeting's calendar invitation (.ics).

    Sending again after a change sends the new agenda; returns how many were notified."""
    require(organiser, "network.organise_meeting", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _open(meeting)
    _check_agenda(meeting)
    if meeting.status == MeetingStatus.SCHEDULED:
        move(meeting, MeetingStatus.AGENDA_SENT, actor=organiser, verb="sent the agenda")
    lines = "\n".join(
        f"{topic.position}. {topic.title} ({topic.get_kind_display()}, {topic.proposed_by})"
        for topic in agenda(meeting)
    )
    from biafed.network.calendar import meeting_calendar  # noqa: PLC0415 — it imports agenda from here

    ics = meeting_calendar(meeting, site_url=settings.SITE_URL).decode()  # as it is now
    sent = 0
    for member in members():
        with in_language_of(member):
            notification = notify(
                recipient=member,
                kind=NotificationKind.MEETING_AGENDA,
                message=lambda: (
                    _("Agenda: %(title)s on %(date)s")
                    % {"title": meeting.title, "date": _meeting_date(meeting)},
                    _("%(title)s, %(start)s.\nPlace: %(place)s\n\n%(agenda)s\n\nCalendar: %(ics)s")
                    % {
                        "title": meeting.title,
                        "start": _meeting_start(meeting),
                        "place": meeting.place or "—",
                        "agenda": lines or meeting.programme,
                        "ics": reverse("network:meeting_ics", args=[meeting.pk]),
                    },
                ),
                link=reverse("network:meeting", args=[meeting.pk]),
                about=meeting,
                calendar=ics,
            )
        sent += notification is not None
    record(actor=organiser, verb="sent the agenda", subject=meeting)
    return sent


@transaction.atomic
def record_minutes(
    *, organiser: User, meeting: Meeting, minutes: str, present: Any, feedback: Any = None
) -> Meeting:
    """Record what was said and who came; the meeting is then held.

    `feedback` maps a topic id to the feedback collected (previews of tools)."""
    require(organiser, "network.organise_meeting", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not minutes.strip():
        raise BusinessRuleError(_("Write the minutes before closing the meeting."))
    meeting.minutes = minutes
    check_fields(meeting, "minutes")
    move(meeting, MeetingStatus.HELD, actor=organiser, extra_fields=("minutes",))
    present_ids = {person.pk for person in present}
    Attendance.objects.filter(meeting=meeting).exclude(member_id__in=present_ids).update(
        attended=False
    )
    for pk in present_ids:
        Attendance.objects.update_or_create(
            meeting=meeting, member_id=pk, defaults={"attended": True}
        )
    for topic in agenda(meeting).filter(pk__in=list((feedback or {}).keys())):
        topic.feedback = feedback[topic.pk]
        topic.save(update_fields=["feedback", "updated_at"])
    record(
        actor=organiser,
        verb="recorded the minutes",
        subject=meeting,
        detail=ngettext("%(count)d present", "%(count)d present", len(present_ids))
        % {"count": len(present_ids)},
    )
    return meeting


@transaction.atomic
def cancel_meeting(*, organiser: User, meeting: Meeting) -> Meeting:
    require(organiser, "network.organise_meeting", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    move(meeting, MeetingStatus.CANCELLED, actor=organiser, verb="cancelled")
    return meeting


@transaction.atomic
def register(*, member: User, meeting: Meeting, attending: bool = True) -> Attendance | None:
    """A member registers for (or withdraws from) a hackathon or gathering."""
    require(member, "network.view_network")
    _open(meeting)
    if not meeting.is_event:
        raise BusinessRuleError(_("Monthly meetings take no registration: just come."))
    if not attending:
        Attendance.objects.filter(meeting=meeting, member=member).update(registered=False)
        return None
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting, member=member, defaults={"registered": True}
    )
    record(actor=member, verb="registered", subject=meeting)
    return attendance


def send_meeting_reminders(*, now: datetime) -> dict:
    """Periodic job: remind members of a meeting whose agenda went out, two days ahead.

    Idempotent: one reminder per member and meeting (dedupe key)."""
    due = Meeting.objects.filter(
        status=MeetingStatus.AGENDA_SENT, starts_at__gt=now, starts_at__lte=now + REMINDER_AHEAD
    )
    sent = 0
    for meeting in due:
        for member in members():
            with in_language_of(member):
                notification = notify(
                    recipient=member,
                    kind=NotificationKind.MEETING_REMINDER,
                    message=partial(_reminder, meeting),
                    link=reverse("network:meeting", args=[meeting.pk]),
                    dedupe_key=f"network.meeting:{meeting.pk}:{member.pk}",
                )
            sent += notification is not None
    return {"meeting_reminders": sent}


def _meeting_date(meeting: Meeting) -> str:
    """The meeting's day in the active language's date format (its local time)."""
    return date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")


def _meeting_start(meeting: Meeting) -> str:
    """The meeting's day and time in the active language's formats, with the time zone."""
    start = timezone.localtime(meeting.starts_at)
    return f"{date_format(start, 'DATE_FORMAT')} {time_format(start, 'TIME_FORMAT')} {start:%Z}"


def _reminder(meeting: Meeting) -> tuple[str, str]:
    """The reminder's subject and body, in the active language."""
    return (
        _("Reminder: %(title)s on %(date)s")
        % {"title": meeting.title, "date": _meeting_start(meeting)},
        _("Place: %(place)s\nCalendar: %(ics)s")
        % {
            "place": meeting.place or "—",
            "ics": reverse("network:meeting_ics", args=[meeting.pk]),
        },
    )

"""How the network plugs into the registries of the apps below it (called from
`NetworkConfig.ready()`): notification kinds, the meeting's calendar, reminders, the report's indicators."""

from biafed.common.periodic import register_periodic_job
from biafed.network.indicators import register_indicators
from biafed.network.models import Meeting
from biafed.network.notification_kinds import NotificationKind
from biafed.network.services.meetings import send_meeting_reminders
from biafed.notifications.registry import register_calendar, register_kinds


def register() -> None:
    register_kinds(NotificationKind)
    register_calendar(Meeting, filename="meeting.ics")
    register_periodic_job("network.meeting_reminders", send_meeting_reminders)
    register_indicators()

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from biafed.common.errors import BusinessRuleError
from biafed.network.models import (
    Attendance,
    MeetingKind,
    MeetingStatus,
    TopicKind,
    TopicStatus,
)
from biafed.network.notification_kinds import NotificationKind
from biafed.network.services import meetings as services
from biafed.notifications.models import Notification

PARIS = ZoneInfo("Europe/Paris")


def _topics(meeting, by, count):
    return [
        services.propose_topic(
            member=by, meeting=meeting, kind=TopicKind.ARTICLE, title=f"Topic {n}"
        )
        for n in range(count)
    ]


def test_a_monthly_series_falls_on_the_same_day_of_each_month(owner):
    meetings = services.schedule_meetings(
        organiser=owner,
        kind=MeetingKind.MONTHLY,
        title="Monthly",
        starts_at=datetime(2027, 1, 31, 14, 0, tzinfo=PARIS),
        duration=timedelta(hours=1),
        repeat_months=3,
    )
    assert [m.starts_at.date().isoformat() for m in meetings] == [
        "2027-01-31",
        "2027-02-28",
        "2027-03-31",
    ]
    assert len({m.series for m in meetings}) == 1
    assert list(meetings[1].organisers.all()) == [owner]


def test_an_event_is_not_repeated(owner):
    with pytest.raises(BusinessRuleError):
        services.schedule_meetings(
            organiser=owner,
            kind=MeetingKind.HACKATHON,
            title="Hackathon",
            starts_at=timezone.now(),
            duration=timedelta(days=3),
            repeat_months=2,
        )


def test_an_outsider_cannot_schedule_nor_propose(outsider, meeting):
    with pytest.raises(PermissionDenied):
        services.schedule_meetings(
            organiser=outsider,
            kind=MeetingKind.MONTHLY,
            title="x",
            starts_at=timezone.now(),
            duration=timedelta(hours=1),
        )
    with pytest.raises(PermissionDenied):
        services.propose_topic(member=outsider, meeting=meeting, kind=TopicKind.ARTICLE, title="x")


def test_only_organisers_order_the_agenda(member, meeting):
    topics = _topics(meeting, member, 2)
    with pytest.raises(PermissionDenied):
        services.set_agenda(organiser=member, meeting=meeting, kept=[t.pk for t in topics])


def test_the_agenda_keeps_the_organisers_order_and_declines_the_rest(owner, member, meeting):
    first, second, third = _topics(meeting, member, 3)
    services.set_agenda(organiser=owner, meeting=meeting, kept=[third.pk, first.pk])
    assert [t.title for t in services.agenda(meeting)] == ["Topic 2", "Topic 0"]
    second.refresh_from_db()
    assert second.status == TopicStatus.DECLINED


def test_a_monthly_meeting_holds_at_most_five_topics(owner, member, meeting):
    topics = _topics(meeting, member, 6)
    with pytest.raises(BusinessRuleError):
        services.set_agenda(organiser=owner, meeting=meeting, kept=[t.pk for t in topics])


def test_an_agenda_of_one_topic_is_not_sent(owner, member, meeting):
    (topic,) = _topics(meeting, member, 1)
    services.set_agenda(organiser=owner, meeting=meeting, kept=[topic.pk])
    with pytest.raises(BusinessRuleError, match="2 to 5 topics"):
        services.send_agenda(organiser=owner, meeting=meeting)
    assert Notification.objects.count() == 0


def test_the_agenda_goes_to_every_member_but_not_to_requesters(
    owner, member, outsider, coordinator, meeting, django_capture_on_commit_callbacks
):
    topics = _topics(meeting, member, 2)
    services.set_agenda(organiser=owner, meeting=meeting, kept=[t.pk for t in topics])
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_agenda(organiser=owner, meeting=meeting)
    assert sent == 3
    assert sorted(n.recipient.email for n in Notification.objects.all()) == sorted(
        [owner.email, member.email, coordinator.email]
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_SENT
    assert len(mail.outbox) == 3
    ics_link = reverse("network:meeting_ics", args=[meeting.pk])
    assert ics_link in mail.outbox[0].body
    ((filename, content, mimetype),) = mail.outbox[0].attachments
    assert (filename, mimetype) == ("meeting.ics", "text/calendar; method=REQUEST")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["summary"]) == "December meeting"
    assert "1. Topic 0" in mail.outbox[0].body


def test_the_invitation_is_a_calendar_event_with_the_agenda(client, owner, member, meeting):
    topics = _topics(meeting, member, 2)
    services.set_agenda(organiser=owner, meeting=meeting, kept=[topics[1].pk, topics[0].pk])
    client.force_login(member)
    response = client.get(reverse("network:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar"
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "December meeting"
    assert str(event["location"]) == "https://visio.example.org/fbias"
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["description"]).startswith("1. Topic 1\n2. Topic 0")


def test_minutes_record_attendance_and_feedback_and_the_meeting_is_held(owner, member, meeting):
    preview = services.propose_topic(
        member=member, meeting=meeting, kind=TopicKind.PREVIEW, title="My plugin"
    )
    other = _topics(meeting, owner, 1)[0]
    services.set_agenda(organiser=owner, meeting=meeting, kept=[preview.pk, other.pk])
    services.record_minutes(
        organiser=owner,
        meeting=meeting,
        minutes="We discussed the plugin.",
        present=[owner, member],
        feedback={preview.pk: "Add a batch mode."},
    )
    meeting.refresh_from_db()
    preview.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert preview.feedback == "Add a batch mode."
    assert set(Attendance.objects.filter(attended=True).values_list("member", flat=True)) == {
        owner.pk,
        member.pk,
    }
    with pytest.raises(BusinessRuleError):
        services.propose_topic(member=member, meeting=meeting, kind=TopicKind.ARTICLE, title="x")


def test_empty_minutes_are_refused_and_the_meeting_stays_open(owner, meeting):
    with pytest.raises(BusinessRuleError):
        services.record_minutes(organiser=owner, meeting=meeting, minutes="  ", present=[])
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_members_register_for_a_hackathon_but_not_for_a_monthly_meeting(owner, member, meeting):
    (hackathon,) = services.schedule_meetings(
        organiser=owner,
        kind=MeetingKind.HACKATHON,
        title="Hackathon 2027",
        starts_at=timezone.now() + timedelta(days=60),
        duration=timedelta(days=3),
        programme="Day 3: round table on organisation",
    )
    services.register(member=member, meeting=hackathon)
    assert list(hackathon.attendance.filter(registered=True).values_list("member", flat=True)) == [
        member.pk
    ]
    with pytest.raises(BusinessRuleError):
        services.register(member=member, meeting=meeting)


def test_reminders_go_out_once_two_days_before(owner, member, meeting):
    topics = _topics(meeting, member, 2)
    services.set_agenda(organiser=owner, meeting=meeting, kept=[t.pk for t in topics])
    services.send_agenda(organiser=owner, meeting=meeting)
    early = meeting.starts_at - timedelta(days=3)
    assert services.send_meeting_reminders(now=early) == {"meeting_reminders": 0}
    due = meeting.starts_at - timedelta(days=1)
    assert services.send_meeting_reminders(now=due) == {"meeting_reminders": 2}
    assert services.send_meeting_reminders(now=due) == {"meeting_reminders": 0}
    assert Notification.objects.filter(kind=NotificationKind.MEETING_REMINDER).count() == 2


def test_the_organisers_may_reorder_the_agenda_until_it_is_sent(owner, member, meeting):
    first, second, third = _topics(meeting, member, 3)
    services.set_agenda(organiser=owner, meeting=meeting, kept=[first.pk, second.pk])
    services.set_agenda(organiser=owner, meeting=meeting, kept=[third.pk, first.pk])
    assert [t.title for t in services.agenda(meeting)] == ["Topic 2", "Topic 0"]


def test_a_megabyte_of_minutes_is_refused_by_the_service(owner, meeting):
    with pytest.raises(BusinessRuleError, match="Minutes: Ensure this value has at most"):
        services.record_minutes(
            organiser=owner, meeting=meeting, minutes="x" * 1_000_000, present=[]
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_the_meeting_uid_does_not_change_with_the_site_address(settings, meeting):
    from biafed.network.calendar import meeting_calendar  # noqa: PLC0415 — the unit tested

    def uid(site_url: str) -> str:
        settings.SITE_URL = site_url
        event = Calendar.from_ical(meeting_calendar(meeting, site_url=site_url)).walk("VEVENT")[0]
        return str(event["uid"])

    first = uid("https://biafed.example.org")
    assert first == uid("https://new-home.example.net:8443")
    assert "example" not in first and str(meeting.calendar_uid) in first

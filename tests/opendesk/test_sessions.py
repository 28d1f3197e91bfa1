"""After the session (attendance, outcome) and the periodic reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from biafed.common.errors import BusinessRuleError
from biafed.notifications.models import Notification
from biafed.opendesk.models import Booking, BookingStatus, SessionOutcome
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.opendesk.services.reminders import send_due_reminders
from biafed.opendesk.services.sessions import acknowledgement_text, mark_attendance, record_outcome
from biafed.people.models import ExpertiseFamily
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    checked_file,
    confirmed_booking,
    start_session,
    submitted_booking,
)

pytestmark = pytest.mark.django_db


def refusal(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


# --- Attendance -------------------------------------------------------------------------------


def test_mark_attendance_before_the_session_starts_refused(coordinator):
    booking = confirmed_booking()

    with pytest.raises(BusinessRuleError) as excinfo:
        mark_attendance(coordinator=coordinator, booking=booking, attended=True)

    assert refusal(excinfo) == "Attendance can be recorded once the session has started."
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert not Notification.objects.filter(kind=NotificationKind.FEEDBACK_REQUEST).exists()


def test_mark_attendance_held_asks_for_feedback_with_the_acknowledgement_text(
    coordinator,
    django_capture_on_commit_callbacks,
):
    ada = AnalystFactory(full_name="Ada Lovelace")
    alan = AnalystFactory(full_name="Alan Turing")
    booking = start_session(confirmed_booking(panel=[ada, alan]))

    with django_capture_on_commit_callbacks(execute=True):
        held = mark_attendance(coordinator=coordinator, booking=booking, attended=True)

    assert held.status == BookingStatus.HELD
    request = Notification.objects.get(kind=NotificationKind.FEEDBACK_REQUEST)
    acknowledgement = acknowledgement_text(booking)
    assert acknowledgement == (
        "We thank the bioimage analysts of the F-BIAS open desk (Ada Lovelace, Alan Turing) for "
        "their advice on image analysis, a service of the distributed core facility for bioimage "
        "analysis."
    )
    assert request.recipient == booking.requester
    assert request.subject == "How useful was your open-desk session?"
    assert acknowledgement in request.body
    assert request.link == f"/open-desk/bookings/{booking.pk}/feedback/"
    (message,) = mail.outbox
    assert message.to == [booking.requester.email]
    assert acknowledgement in message.body


def test_mark_attendance_no_show_sends_no_feedback_request(coordinator):
    booking = start_session(confirmed_booking())

    no_show = mark_attendance(coordinator=coordinator, booking=booking, attended=False)

    assert no_show.status == BookingStatus.NO_SHOW
    assert not Notification.objects.filter(kind=NotificationKind.FEEDBACK_REQUEST).exists()


def test_mark_attendance_corrected_from_no_show_to_held(coordinator):
    booking = start_session(confirmed_booking())
    mark_attendance(coordinator=coordinator, booking=booking, attended=False)

    held = mark_attendance(coordinator=coordinator, booking=booking, attended=True)

    assert held.status == BookingStatus.HELD
    assert Notification.objects.filter(kind=NotificationKind.FEEDBACK_REQUEST).count() == 1


def test_mark_attendance_of_a_booking_never_confirmed_refused(coordinator):
    booking = start_session(submitted_booking())

    with pytest.raises(BusinessRuleError) as excinfo:
        mark_attendance(coordinator=coordinator, booking=booking, attended=True)

    assert refusal(excinfo) == "A booking that is “Submitted” cannot become “Held”."


# --- Outcome ----------------------------------------------------------------------------------


def test_record_outcome_by_a_panel_member_after_the_session_started():
    member, other = AnalystFactory(), AnalystFactory()
    booking = start_session(confirmed_booking(panel=[member, other]))
    fiji = ExpertiseTermFactory(family=ExpertiseFamily.TOOL, name="Fiji")

    outcome = record_outcome(
        author=member,
        booking=booking,
        advice="Use StarDist, then count per field.",
        tools_suggested=[fiji],
        shared_links="https://example.org/macro.ijm\n",
        follow_up="open_desk",
    )

    stored = SessionOutcome.objects.get(booking=booking)
    assert stored.pk == outcome.pk
    assert (stored.advice, stored.follow_up, stored.recorded_by) == (
        "Use StarDist, then count per field.",
        "open_desk",
        member,
    )
    assert list(stored.tools_suggested.all()) == [fiji]
    assert stored.links == ["https://example.org/macro.ijm"]


def test_record_outcome_twice_updates_the_same_outcome():
    member, other = AnalystFactory(), AnalystFactory()
    booking = start_session(confirmed_booking(panel=[member, other]))
    record_outcome(author=member, booking=booking, advice="First draft")

    record_outcome(author=other, booking=booking, advice="Final advice")

    stored = SessionOutcome.objects.values_list("advice", "recorded_by")
    assert list(stored) == [("Final advice", other.pk)]


def test_record_outcome_by_an_analyst_outside_the_panel_refused():
    booking = start_session(confirmed_booking())

    with pytest.raises(BusinessRuleError) as excinfo:
        record_outcome(author=AnalystFactory(), booking=booking, advice="Try Ilastik.")

    assert refusal(excinfo) == "Only the panel can record the outcome of this session."
    assert SessionOutcome.objects.count() == 0


def test_record_outcome_by_a_coordinator_accepted(coordinator):
    booking = start_session(confirmed_booking())

    record_outcome(author=coordinator, booking=booking, advice="Noted from the call.")

    assert SessionOutcome.objects.get(booking=booking).recorded_by == coordinator


def test_record_outcome_before_the_session_started_refused():
    member, other = AnalystFactory(), AnalystFactory()
    booking = confirmed_booking(panel=[member, other])

    with pytest.raises(BusinessRuleError) as excinfo:
        record_outcome(author=member, booking=booking, advice="Too early")

    assert refusal(excinfo) == "The outcome can be recorded once the session has started."


def test_record_outcome_without_advice_refused():
    member, other = AnalystFactory(), AnalystFactory()
    booking = start_session(confirmed_booking(panel=[member, other]))

    with pytest.raises(BusinessRuleError) as excinfo:
        record_outcome(author=member, booking=booking, advice="   ")

    assert refusal(excinfo) == "Describe the advice given."


# --- Reminders --------------------------------------------------------------------------------


def reminders():
    return Notification.objects.filter(kind=NotificationKind.REMINDER)


def test_send_due_reminders_three_days_then_one_day_before_once_each():
    booking = confirmed_booking()
    people = {booking.requester_id, *booking.panel.values_list("analyst_id", flat=True)}
    starts_at = booking.slot.starts_at

    too_early = send_due_reminders(now=starts_at - timedelta(days=4))
    first = send_due_reminders(now=starts_at - timedelta(days=2, hours=20))
    again = send_due_reminders(now=starts_at - timedelta(days=2, hours=19))
    later_same_window = send_due_reminders(now=starts_at - timedelta(days=1, hours=2))

    assert too_early["reminders"] == 0
    assert first["reminders"] == 3
    assert again["reminders"] == 0
    assert later_same_window["reminders"] == 0
    three_day = reminders().filter(subject__startswith="Reminder: open desk in 3 days")
    assert sorted(three_day.values_list("recipient_id", flat=True)) == sorted(people)

    tomorrow = send_due_reminders(now=starts_at - timedelta(hours=20))
    tomorrow_again = send_due_reminders(now=starts_at - timedelta(hours=2))

    assert (tomorrow["reminders"], tomorrow_again["reminders"]) == (3, 0)
    one_day = reminders().filter(subject__startswith="Reminder: open desk tomorrow")
    assert sorted(one_day.values_list("recipient_id", flat=True)) == sorted(people)
    assert reminders().count() == 6
    assert booking.meeting_link() in one_day.first().body


def test_send_due_reminders_skip_cancelled_and_unconfirmed_bookings():
    cancelled = confirmed_booking()
    Booking.objects.filter(pk=cancelled.pk).update(status=BookingStatus.CANCELLED, room=None)
    submitted = submitted_booking()
    checked_file(submitted)

    counts = send_due_reminders(now=cancelled.slot.starts_at - timedelta(hours=20))

    assert counts["reminders"] == 0
    assert reminders().count() == 0


def test_send_due_reminders_flag_data_missing_after_the_deadline_and_tell_the_requester_once():
    booking = submitted_booking()
    with_data = submitted_booking(day=booking.day)
    checked_file(with_data)
    after_deadline = booking.day.data_deadline + timedelta(minutes=5)

    first = send_due_reminders(now=after_deadline)
    second = send_due_reminders(now=after_deadline + timedelta(hours=6))

    booking.refresh_from_db()
    with_data.refresh_from_db()
    assert booking.status == BookingStatus.DATA_MISSING
    assert with_data.status == BookingStatus.READY
    assert (first["data_missing"], second["data_missing"]) == (1, 0)
    (told,) = Notification.objects.filter(kind=NotificationKind.DATA_MISSING)
    assert told.recipient == booking.requester
    assert told.about == booking
    assert told.subject == "Example images missing: Counting nuclei"


def test_send_due_reminders_before_the_data_deadline_leave_the_status_alone():
    booking = submitted_booking()

    counts = send_due_reminders(now=timezone.now())

    booking.refresh_from_db()
    assert booking.status == BookingStatus.SUBMITTED
    assert counts == {"reminders": 0, "data_missing": 0, "data_soon": 0}
    assert not Notification.objects.filter(kind=NotificationKind.DATA_MISSING).exists()


def test_send_due_reminders_warn_once_when_the_data_deadline_is_near():
    booking = submitted_booking()
    soon = booking.day.data_deadline - timedelta(days=1)

    first = send_due_reminders(now=soon)
    second = send_due_reminders(now=soon + timedelta(hours=3))

    booking.refresh_from_db()
    assert booking.status == BookingStatus.SUBMITTED
    assert (first["data_soon"], second["data_soon"]) == (1, 0)
    (told,) = Notification.objects.filter(kind=NotificationKind.DATA_MISSING)
    assert told.subject == "Please upload example images: Counting nuclei"


def test_send_due_reminders_count_an_unreadable_file_as_no_data():
    booking = submitted_booking()
    checked_file(booking, valid=False)
    after_deadline = booking.day.data_deadline + timedelta(minutes=5)

    counts = send_due_reminders(now=after_deadline)

    booking.refresh_from_db()
    assert counts["data_missing"] == 1
    assert booking.status == BookingStatus.DATA_MISSING


def test_attendance_buttons_shown_only_once_the_session_started(client, coordinator):
    booking = confirmed_booking()
    client.force_login(coordinator)
    url = reverse("opendesk:booking_detail", args=[booking.pk])
    attendance = reverse("opendesk:attendance", args=[booking.pk])

    before = client.get(url).content.decode()
    start_session(booking)
    after = client.get(url).content.decode()

    assert (attendance in before, attendance in after) == (False, True)

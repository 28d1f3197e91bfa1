"""Requesters: drafts, submission, example images, cancellation and feedback."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from biafed.common.errors import BusinessRuleError
from biafed.intake.models import DataFile, FileStatus
from biafed.intake.services import delete_file
from biafed.notifications.models import Notification
from biafed.opendesk.models import Booking, BookingStatus, DayStatus, Feedback
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.opendesk.services.bookings import (
    attach_files,
    cancel_booking,
    give_feedback,
    missing_answers,
    places_left,
    save_answers,
    start_booking,
    submit_booking,
)
from tests.factories import (
    BookingFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    checked_file,
    confirmed_booking,
    held_booking,
    make_upload,
    start_session,
    submitted_booking,
)

pytestmark = pytest.mark.django_db

FULL_MESSAGE = "The 14:00–15:00 session has just been fully booked; please choose another."


def refusal(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def fill_slot(day, slot_index: int = 0) -> list[Booking]:
    return [submitted_booking(day=day, slot_index=slot_index) for _ in range(day.rooms_per_slot)]


# --- Drafts -----------------------------------------------------------------------------------


def test_start_booking_returns_the_same_draft_when_called_twice():
    day = OpenDeskDayFactory()
    requester = RequesterFactory()

    first = start_booking(requester=requester, day=day)
    second = start_booking(requester=requester, day=day)

    assert first.pk == second.pk
    assert first.status == BookingStatus.DRAFT
    assert Booking.objects.filter(requester=requester, day=day).count() == 1


def test_start_booking_before_registration_opens_refused():
    day = OpenDeskDayFactory(registration_opens_at=timezone.now() + timedelta(days=1))

    with pytest.raises(BusinessRuleError) as excinfo:
        start_booking(requester=RequesterFactory(), day=day)

    assert refusal(excinfo) == "Registration for this day has not opened yet."
    assert Booking.objects.count() == 0


def test_save_answers_keeps_an_incomplete_draft_and_lists_what_is_missing():
    day = OpenDeskDayFactory()
    other_day = OpenDeskDayFactory()
    requester = RequesterFactory()
    draft = start_booking(requester=requester, day=day)

    save_answers(
        actor=requester,
        booking=draft,
        answers={"title": "Tracking mitochondria"},
        preferred_slots=[day.slots.get(index=1), other_day.slots.get(index=1)],
    )

    draft.refresh_from_db()
    assert draft.title == "Tracking mitochondria"
    assert draft.status == BookingStatus.DRAFT
    assert list(draft.preferred_slots.all()) == [day.slots.get(index=1)]
    assert missing_answers(draft) == [
        "biological question",
        "objects in the images",
        "what must be measured",
        "dimensions",
        "consent to share the data with the panel",
    ]


# --- Submission -------------------------------------------------------------------------------


def test_submit_booking_takes_the_first_free_room():
    day = OpenDeskDayFactory()
    slot = day.slots.get(index=0)
    first = submitted_booking(day=day)

    second = submitted_booking(day=day)

    assert (first.slot_id, first.room, first.status) == (slot.pk, 1, BookingStatus.SUBMITTED)
    assert (second.slot_id, second.room, second.status) == (slot.pk, 2, BookingStatus.SUBMITTED)
    assert second.submitted_at is not None
    assert places_left(day)[slot.pk] == 1


def test_submit_booking_sends_a_receipt_asking_for_example_images():
    booking = submitted_booking()

    receipt = Notification.objects.about(booking).get(recipient=booking.requester)
    assert receipt.kind == NotificationKind.BOOKING_RECEIVED
    assert receipt.subject == "Open desk booking received: Counting nuclei"
    assert "Please upload example images before" in receipt.body


def test_submit_booking_with_a_checked_file_already_attached_is_ready():
    day = OpenDeskDayFactory()
    draft = BookingFactory(day=day)
    checked_file(draft)

    booking = submit_booking(requester=draft.requester, booking=draft, slot=day.slots.get(index=0))

    assert booking.status == BookingStatus.READY
    receipt = Notification.objects.about(booking).get(kind=NotificationKind.BOOKING_RECEIVED)
    assert "Please upload example images" not in receipt.body


def test_submit_booking_missing_answers_refused_with_the_list():
    day = OpenDeskDayFactory()
    draft = BookingFactory(day=day, title="", measurements="", consent_to_share=False)

    with pytest.raises(BusinessRuleError) as excinfo:
        submit_booking(requester=draft.requester, booking=draft, slot=day.slots.get(index=0))

    assert refusal(excinfo) == (
        "Please answer: short title, what must be measured, "
        "consent to share the data with the panel."
    )
    draft.refresh_from_db()
    assert (draft.status, draft.slot_id, draft.room) == (BookingStatus.DRAFT, None, None)


@pytest.mark.parametrize(
    ("day_fields", "expected"),
    [
        (
            {"registration_opens_at": timezone.now() + timedelta(days=2)},
            "Registration for this day has not opened yet.",
        ),
        (
            {
                "registration_opens_at": timezone.now() - timedelta(days=5),
                "registration_deadline": timezone.now() - timedelta(hours=1),
            },
            "The registration deadline for this day has passed.",
        ),
        ({"status": DayStatus.DRAFT}, "This open-desk day is not open for booking."),
        ({"status": DayStatus.CLOSED}, "This open-desk day is not open for booking."),
    ],
    ids=["not-open-yet", "deadline-passed", "draft-day", "closed-day"],
)
def test_submit_booking_registration_closed_refused(day_fields, expected):
    day = OpenDeskDayFactory(**day_fields)
    draft = BookingFactory(day=day)

    with pytest.raises(BusinessRuleError) as excinfo:
        submit_booking(requester=draft.requester, booking=draft, slot=day.slots.get(index=0))

    assert refusal(excinfo) == expected
    draft.refresh_from_db()
    assert (draft.status, draft.room) == (BookingStatus.DRAFT, None)


def test_submit_booking_full_slot_refused_with_a_clear_message():
    day = OpenDeskDayFactory()
    fill_slot(day, slot_index=0)
    late = BookingFactory(day=day)

    with pytest.raises(BusinessRuleError) as excinfo:
        submit_booking(requester=late.requester, booking=late, slot=day.slots.get(index=0))

    assert refusal(excinfo) == FULL_MESSAGE
    late.refresh_from_db()
    assert (late.status, late.slot_id, late.room) == (BookingStatus.DRAFT, None, None)
    assert Booking.objects.filter(slot__index=0, room__isnull=False).count() == 3
    # Another session of the same day still has room.
    booked = submit_booking(requester=late.requester, booking=late, slot=day.slots.get(index=1))
    assert (booked.slot.index, booked.room) == (1, 1)


def test_submit_booking_already_submitted_refused():
    booking = submitted_booking()

    with pytest.raises(BusinessRuleError) as excinfo:
        submit_booking(requester=booking.requester, booking=booking, slot=booking.slot)

    assert refusal(excinfo) == "This booking was already submitted."
    assert Booking.objects.filter(slot=booking.slot, room__isnull=False).count() == 1


def test_submit_booking_by_someone_else_refused():
    day = OpenDeskDayFactory()
    draft = BookingFactory(day=day)

    with pytest.raises(BusinessRuleError) as excinfo:
        submit_booking(requester=RequesterFactory(), booking=draft, slot=day.slots.get(index=0))

    assert refusal(excinfo) == "Only the requester can submit this booking."


def test_submit_booking_slot_of_another_day_refused():
    draft = BookingFactory()
    other_day = OpenDeskDayFactory()

    with pytest.raises(BusinessRuleError) as excinfo:
        submit_booking(requester=draft.requester, booking=draft, slot=other_day.slots.get(index=0))

    assert refusal(excinfo) == "Choose one of this day's sessions."


def test_start_booking_view_creates_a_draft_and_redirects_to_the_form(client):
    day = OpenDeskDayFactory()
    requester = RequesterFactory()
    client.force_login(requester)

    response = client.post(reverse("opendesk:start_booking", args=[day.pk]))

    draft = Booking.objects.get(requester=requester, day=day)
    assert response.status_code == 302
    assert response["Location"] == reverse("opendesk:booking_edit", args=[draft.pk])


def test_start_booking_view_registration_closed_redirects_with_the_reason(client):
    day = OpenDeskDayFactory(
        registration_deadline=timezone.now() - timedelta(minutes=1),
        registration_opens_at=timezone.now() - timedelta(days=3),
    )
    client.force_login(RequesterFactory())

    response = client.post(reverse("opendesk:start_booking", args=[day.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("opendesk:day_list")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The registration deadline for this day has passed."
    ]
    assert Booking.objects.count() == 0


def test_start_booking_view_by_an_analyst_without_requester_role_forbidden(client):
    from tests.factories import AnalystFactory

    day = OpenDeskDayFactory()
    client.force_login(AnalystFactory())

    response = client.post(reverse("opendesk:start_booking", args=[day.pk]))

    assert response.status_code == 403
    assert Booking.objects.count() == 0


# --- Example images ---------------------------------------------------------------------------


def test_attach_files_stores_them_and_the_booking_waits_for_their_check():
    booking = submitted_booking()

    saved = attach_files(
        actor=booking.requester,
        booking=booking,
        uploads=[make_upload("cells.ome.tif"), make_upload("stack.czi")],
    )

    booking.refresh_from_db()
    assert booking.status == BookingStatus.SUBMITTED
    assert [f.original_name for f in saved] == ["cells.ome.tif", "stack.czi"]
    assert [f.status for f in saved] == [FileStatus.RECEIVED, FileStatus.RECEIVED]
    names = sorted(booking.files.values_list("original_name", flat=True))
    assert names == ["cells.ome.tif", "stack.czi"]
    assert len(stored_files()) == 2


def test_a_valid_file_makes_a_submitted_booking_ready():
    booking = submitted_booking()

    checked_file(booking)

    assert booking.status == BookingStatus.READY


def test_an_unreadable_file_does_not_make_a_booking_ready():
    booking = submitted_booking()

    unreadable = checked_file(booking, valid=False)

    assert unreadable.status == FileStatus.UNREADABLE
    assert unreadable.reason == "truncated TIFF"
    assert booking.status == BookingStatus.SUBMITTED


def test_attach_files_to_a_draft_keeps_the_draft():
    draft = BookingFactory()

    checked_file(draft)

    assert draft.status == BookingStatus.DRAFT
    assert draft.files.count() == 1


def test_attach_files_over_the_size_limit_refused_and_nothing_saved(settings):
    settings.INTAKE_MAX_FILE_MB = 1
    booking = submitted_booking()

    with pytest.raises(BusinessRuleError) as excinfo:
        attach_files(
            actor=booking.requester,
            booking=booking,
            uploads=[make_upload("big.tif", size=1024 * 1024 + 512 * 1024)],
        )

    assert refusal(excinfo) == (
        "“big.tif” is 1.5\xa0MB; the limit is 1.0\xa0MB per file. Upload a representative "
        "crop or a few planes instead."
    )
    assert DataFile.objects.count() == 0
    assert stored_files() == []


def test_attach_files_refused_content_whatever_the_name():
    booking = submitted_booking()

    with pytest.raises(BusinessRuleError) as excinfo:
        attach_files(
            actor=booking.requester,
            booking=booking,
            uploads=[make_upload("notes.tif", content=b"PLAIN TEXT, NOT AN IMAGE" * 40)],
        )

    assert refusal(excinfo) == (
        "“notes.tif” is not an image format we can read (its content is not TIFF, OME-TIFF, "
        "CZI, ND2, LIF, PNG, JPEG or a ZIP of a folder)."
    )
    assert DataFile.objects.count() == 0
    assert stored_files() == []


def test_attach_files_empty_file_refused():
    booking = submitted_booking()

    with pytest.raises(BusinessRuleError) as excinfo:
        attach_files(
            actor=booking.requester, booking=booking, uploads=[make_upload("empty.png", size=0)]
        )

    assert refusal(excinfo) == "“empty.png” is empty."


def test_attach_files_too_many_refused(settings):
    settings.INTAKE_MAX_FILES_PER_TARGET = 2
    booking = submitted_booking()
    attach_files(
        actor=booking.requester,
        booking=booking,
        uploads=[make_upload("a.tif"), make_upload("b.tif")],
    )

    with pytest.raises(BusinessRuleError) as excinfo:
        attach_files(actor=booking.requester, booking=booking, uploads=[make_upload("c.tif")])

    assert refusal(excinfo) == (
        "“Counting nuclei” already holds 2 files, the most it can; remove some first."
    )
    assert sorted(booking.files.values_list("original_name", flat=True)) == ["a.tif", "b.tif"]
    assert len(stored_files()) == 2


def test_attach_files_to_a_cancelled_booking_refused():
    booking = submitted_booking()
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED, room=None)
    booking.refresh_from_db()

    with pytest.raises(BusinessRuleError) as excinfo:
        attach_files(actor=booking.requester, booking=booking, uploads=[make_upload()])

    assert refusal(excinfo) == "Files can no longer be added to this booking."
    assert DataFile.objects.count() == 0


def test_plain_upload_form_stores_the_files_and_redirects_to_the_booking(client):
    booking = submitted_booking()
    client.force_login(booking.requester)
    detail = reverse("opendesk:booking_detail", args=[booking.pk])

    response = client.post(
        reverse("intake:form_upload", args=[f"opendesk.booking:{booking.pk}"]),
        {"files": [make_upload("a.tif"), make_upload("b.png")], "next": detail},
    )

    assert response.status_code == 302
    assert response["Location"] == detail
    assert sorted(booking.files.values_list("original_name", flat=True)) == ["a.tif", "b.png"]


def test_plain_upload_form_over_the_size_limit_shows_the_reason_and_saves_nothing(client, settings):
    settings.INTAKE_MAX_FILE_MB = 1
    booking = submitted_booking()
    client.force_login(booking.requester)

    response = client.post(
        reverse("intake:form_upload", args=[f"opendesk.booking:{booking.pk}"]),
        {"files": [make_upload("huge.tif", size=3 * 1024 * 1024)]},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("opendesk:booking_detail", args=[booking.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "“huge.tif” is 3.0\xa0MB; the limit is 1.0\xa0MB per file. Upload a representative "
        "crop or a few planes instead."
    ]
    assert DataFile.objects.count() == 0
    assert stored_files() == []


def test_remove_last_file_before_the_data_deadline_back_to_submitted():
    booking = submitted_booking()
    only = checked_file(booking)

    delete_file(actor=booking.requester, data_file=only)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.SUBMITTED
    assert booking.files.get().status == FileStatus.DELETED


def test_remove_last_file_after_the_data_deadline_data_missing():
    booking = submitted_booking()
    only = checked_file(booking)
    type(booking.day).objects.filter(pk=booking.day_id).update(
        data_deadline=timezone.now() - timedelta(minutes=1)
    )

    delete_file(actor=booking.requester, data_file=only)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.DATA_MISSING


def test_remove_one_of_two_files_stays_ready():
    booking = submitted_booking()
    first = checked_file(booking, name="a.tif")
    checked_file(booking, name="b.tif")

    delete_file(actor=booking.requester, data_file=first)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.READY
    live = booking.files.exclude(status=FileStatus.DELETED)
    assert list(live.values_list("original_name", flat=True)) == ["b.tif"]


def test_remove_file_deletes_the_stored_file_once_committed(django_capture_on_commit_callbacks):
    booking = submitted_booking()
    only = checked_file(booking)
    assert len(stored_files()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        delete_file(actor=booking.requester, data_file=only)

    assert stored_files() == []


# --- Cancellation -----------------------------------------------------------------------------


def test_cancel_booking_frees_the_place_for_another_requester():
    day = OpenDeskDayFactory()
    first, second, third = fill_slot(day)
    waiting = BookingFactory(day=day)

    cancelled = cancel_booking(actor=second.requester, booking=second, reason="Results came early")

    assert (cancelled.status, cancelled.room) == (BookingStatus.CANCELLED, None)
    assert cancelled.cancelled_at is not None
    assert places_left(day)[second.slot_id] == 1
    booked = submit_booking(
        requester=waiting.requester, booking=waiting, slot=day.slots.get(index=0)
    )
    assert (booked.status, booked.room) == (BookingStatus.SUBMITTED, 2)
    assert places_left(day)[second.slot_id] == 0


def test_cancel_booking_refused_after_the_session_started():
    booking = start_session(submitted_booking())

    with pytest.raises(BusinessRuleError) as excinfo:
        cancel_booking(actor=booking.requester, booking=booking)

    assert refusal(excinfo) == "The session has started or is over; it can no longer be cancelled."
    booking.refresh_from_db()
    assert (booking.status, booking.room) == (BookingStatus.SUBMITTED, 1)


def test_cancel_booking_twice_refused():
    booking = submitted_booking()
    cancel_booking(actor=booking.requester, booking=booking)

    with pytest.raises(BusinessRuleError) as excinfo:
        cancel_booking(actor=booking.requester, booking=booking)

    assert refusal(excinfo) == "This booking can no longer be cancelled."


def test_cancel_confirmed_booking_frees_the_panel_and_sends_a_calendar_cancellation(
    django_capture_on_commit_callbacks,
):
    booking = confirmed_booking()
    panel = [m.analyst for m in booking.panel.all()]

    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(actor=booking.requester, booking=booking)

    assert booking.panel.count() == 0
    everybody = [booking.requester, *panel]  # the requester too, though they cancelled it
    told = Notification.objects.about(booking).filter(kind=NotificationKind.CANCELLATION)
    assert sorted(n.recipient_id for n in told) == sorted(p.pk for p in everybody)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in everybody)
    for message in mail.outbox:
        (attachment,) = message.attachments
        ics = attachment[1].decode() if isinstance(attachment[1], bytes) else attachment[1]
        assert attachment[0] == "open-desk-session.ics"
        assert "METHOD:CANCEL" in ics
        assert "STATUS:CANCELLED" in ics


# --- Feedback ---------------------------------------------------------------------------------


def test_give_feedback_before_the_session_is_held_refused():
    booking = confirmed_booking()

    with pytest.raises(BusinessRuleError) as excinfo:
        give_feedback(requester=booking.requester, booking=booking, usefulness=5)

    assert refusal(excinfo) == "Feedback opens once the session has been held."
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("usefulness", [1, 5])
def test_give_feedback_after_the_session_is_held_recorded(usefulness):
    booking = held_booking()

    feedback = give_feedback(
        requester=booking.requester,
        booking=booking,
        usefulness=usefulness,
        comment="Cellpose did the trick",
    )

    assert (feedback.usefulness, feedback.comment) == (usefulness, "Cellpose did the trick")
    assert Feedback.objects.get(booking=booking).usefulness == usefulness


@pytest.mark.parametrize("usefulness", [0, 6, -1])
def test_give_feedback_usefulness_outside_one_to_five_refused(usefulness):
    booking = held_booking()

    with pytest.raises(BusinessRuleError) as excinfo:
        give_feedback(requester=booking.requester, booking=booking, usefulness=usefulness)

    assert refusal(excinfo) == "Usefulness is a number from 1 to 5."
    assert Feedback.objects.count() == 0


def test_give_feedback_twice_keeps_one_answer_the_latest():
    booking = held_booking()
    give_feedback(requester=booking.requester, booking=booking, usefulness=2)

    give_feedback(
        requester=booking.requester, booking=booking, usefulness=4, comment="Thought again"
    )

    assert list(Feedback.objects.values_list("usefulness", "comment")) == [(4, "Thought again")]


def test_give_feedback_by_someone_else_refused():
    booking = held_booking()

    with pytest.raises(BusinessRuleError) as excinfo:
        give_feedback(requester=RequesterFactory(), booking=booking, usefulness=5)

    assert refusal(excinfo) == "Only the requester can give feedback on this session."
    assert Feedback.objects.count() == 0

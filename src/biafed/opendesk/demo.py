"""Demo open-desk days for `load_demo` (`data/demo_days.json`): an upcoming day three weeks
ahead, booked through the services with example images attached, and a past day with
panels, outcomes and feedback, written directly (the services refuse past dates).

Runs after the people demo, inside load_demo's transaction.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from biafed.common.data import read_data
from biafed.opendesk.demo_history import load_history
from biafed.opendesk.demo_images import synthetic_image
from biafed.opendesk.models import (
    AnalystAvailability,
    Booking,
    BookingStatus,
    DayStatus,
    Feedback,
    OpenDeskDay,
    PanelMember,
    SessionOutcome,
    Slot,
)
from biafed.opendesk.registry import explain_member
from biafed.opendesk.services.bookings import (
    attach_files,
    save_answers,
    start_booking,
    submit_booking,
)
from biafed.opendesk.services.days import create_day, publish_day, set_availability
from biafed.people.models import ExpertiseTerm, Language, User

COORDINATOR_EMAIL = "coordinator@example.org"


def load(*, stored_files: list) -> str:
    demo = _Demo(read_data("biafed.opendesk", "demo_days.json"), stored_files)
    upcoming, booked = demo.upcoming_day()
    past, held = _past_day(demo)
    history = load_history(demo, before=past.date)
    return (
        f"Open desk on {upcoming.date:%Y-%m-%d} with {booked} bookings, past open desk on "
        f"{past.date:%Y-%m-%d} with {held} sessions, {history} sessions held in the two years "
        "before."
    )


def _local(day: date, hour: int, time_zone: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(time_zone))


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


class _Demo:
    def __init__(self, data: dict, stored_files: list):
        self.data = data
        self.stored_files = stored_files
        self.time_zone = data["time_zone"]
        self.coordinator = User.objects.get(email=COORDINATOR_EMAIL)
        self.users = {u.email: u for u in User.objects.all()}
        self.terms = {t.name: t for t in ExpertiseTerm.objects.all()}
        self.languages = {lang.code: lang for lang in Language.objects.all()}

    def local(self, day: date, hour: int) -> datetime:
        return _local(day, hour, self.time_zone)

    def term_list(self, names) -> list[ExpertiseTerm]:
        return [self.terms[name] for name in names]

    def day_fields(self, day_date: date) -> dict:
        """What both days share: title, times, deadlines, meeting links."""
        return {
            "title": self.data["title"],  # pages show the date next to it, in their language
            "date": day_date,
            "time_zone": self.time_zone,
            "first_slot_start": time(14, 0),
            "slot_count": 3,
            "rooms_per_slot": 3,
            "registration_deadline": self.local(day_date - timedelta(days=4), 18),
            "data_deadline": self.local(day_date - timedelta(days=2), 18),
            "meeting_link_pattern": self.data["meeting_link_pattern"],
        }

    def attach(self, requester: User, booking: Booking, image_set: str) -> None:
        uploads = []
        for image in self.data["example_images"][image_set]:
            options = {k: v for k, v in image.items() if k not in ("file", "seed")}
            content = synthetic_image(image["seed"], **options)
            uploads.append(SimpleUploadedFile(image["file"], content, content_type="image/png"))
        for record in attach_files(actor=requester, booking=booking, uploads=uploads):
            self.stored_files.append((record.file.storage, record.file.name))

    # --- the upcoming day, through the services --------------------------------------

    def upcoming_day(self) -> tuple[OpenDeskDay, int]:
        spec = self.data["upcoming_day"]
        day_date = _weekday_on_or_after(timezone.localdate() + timedelta(days=spec["days_ahead"]))
        day = create_day(
            coordinator=self.coordinator,
            registration_opens_at=timezone.now() - timedelta(days=3),
            **self.day_fields(day_date),
        )
        day = publish_day(coordinator=self.coordinator, day=day)
        slots = list(day.slots.order_by("index"))
        for email, indices in spec["availability"].items():
            set_availability(analyst=self.users[email], day=day, slots=[slots[i] for i in indices])
        for entry in spec["bookings"]:
            self.book(day, slots, entry)
        return day, len(spec["bookings"])

    def book(self, day: OpenDeskDay, slots: list[Slot], entry: dict) -> None:
        requester = self.users[entry["requester"]]
        booking = start_booking(requester=requester, day=day)
        save_answers(
            actor=requester,
            booking=booking,
            answers={
                **entry["answers"],
                "modality": self.terms[entry["modality"]],
                "preferred_language": self.languages[entry["language"]],
                "consent_to_share": True,
            },
            tools_tried=self.term_list(entry["tools_tried"]),
            topics=self.term_list(entry["topics"]),
            preferred_slots=[slots[i] for i in entry["other_slots"]],
        )
        images = entry.get("example_images")
        if images and entry["images_before_submitting"]:
            self.attach(requester, booking, images)
        booking = submit_booking(requester=requester, booking=booking, slot=slots[entry["slot"]])
        if images and not entry["images_before_submitting"]:
            self.attach(requester, booking, images)


# --- the past day, directly in the database (the services refuse past dates) ----------


def _past_day(demo: _Demo) -> tuple[OpenDeskDay, int]:
    spec = demo.data["past_day"]
    day_date = _weekday_on_or_before(timezone.localdate() - timedelta(days=spec["days_ago"]))
    published = demo.local(day_date - timedelta(days=30), 10)
    day = OpenDeskDay.objects.create(
        registration_opens_at=published,
        status=DayStatus.CLOSED,
        created_by=demo.coordinator,
        **demo.day_fields(day_date),
    )
    slots = [
        Slot.objects.create(
            day=day,
            index=i,
            starts_at=day.slot_start(i),
            ends_at=day.slot_start(i) + timedelta(hours=1),
        )
        for i in range(day.slot_count)
    ]
    held = 0
    for entry in spec["bookings"]:
        _past_booking(demo, day, slots[entry["slot"]], entry)
        held += entry["status"] == BookingStatus.HELD
    Booking.objects.filter(day=day).update(
        created_at=demo.local(day_date - timedelta(days=10), 9),
        updated_at=demo.local(day_date, 18),
    )
    OpenDeskDay.objects.filter(pk=day.pk).update(created_at=published, updated_at=published)
    return day, held


def _past_booking(demo: _Demo, day: OpenDeskDay, slot: Slot, entry: dict) -> None:
    requester = demo.users[entry["requester"]]
    booking = Booking.objects.create(
        day=day,
        requester=requester,
        status=entry["status"],
        slot=slot,
        room=entry["room"],
        panel_version=1,
        modality=demo.terms[entry["modality"]],
        preferred_language=demo.languages[requester.preferred_language],
        consent_to_share=True,
        submitted_at=demo.local(day.date - timedelta(days=9), 11),
        **entry["answers"],
    )
    booking.topics.set(demo.term_list(entry["topics"]))
    booking.preferred_slots.set([slot])
    panel = [demo.users[email] for email in entry["panel"]]
    for analyst in panel:
        AnalystAvailability.objects.get_or_create(analyst=analyst, slot=slot)
        score, why, why_parts = explain_member(booking, analyst)
        PanelMember.objects.create(
            booking=booking,
            analyst=analyst,
            slot=slot,
            affinity=score,
            explanation=why[:300],
            explanation_parts=why_parts,
        )
    outcome = entry.get("outcome")
    if outcome:
        record = SessionOutcome.objects.create(
            booking=booking,
            advice=outcome["advice"],
            shared_links="\n".join(outcome["links"]),
            follow_up=outcome["follow_up"],
            recorded_by=panel[0],
        )
        record.tools_suggested.set(demo.term_list(outcome["tools_suggested"]))
        SessionOutcome.objects.filter(pk=record.pk).update(
            created_at=slot.ends_at + timedelta(hours=1),
            updated_at=slot.ends_at + timedelta(hours=1),
        )
    feedback = entry.get("feedback")
    if feedback:
        note = Feedback.objects.create(
            booking=booking, usefulness=feedback["usefulness"], comment=feedback["comment"]
        )
        Feedback.objects.filter(pk=note.pk).update(submitted_at=slot.ends_at + timedelta(days=2))

"""Two years of past open-desk days for the demo's reports (`data/demo_history.json`): one
day a month with its bookings, panels, outcomes, feedback and the record of the example
files brought (removed since by retention, as real files of old sessions are), written
directly (the services refuse past dates). Generated from a fixed seed: the same rows on
every load."""

import random
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType

from biafed.common.data import read_data
from biafed.intake.models import DataFile, FileStatus
from biafed.opendesk.models import (
    Booking,
    BookingStatus,
    DayStatus,
    Feedback,
    FollowUp,
    OpenDeskDay,
    PanelMember,
    SessionOutcome,
    Slot,
)
from biafed.people.models import Role, User


def _second_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 7)


def load_history(demo, *, before: date) -> int:
    """One day a month over the `months` months before `before` (at least a week before it,
    so the demo's own past day stays the latest); returns the sessions held."""
    spec = read_data("biafed.opendesk", "demo_history.json")
    rng = random.Random(spec["seed"])
    analysts = list(User.objects.filter(roles__role=Role.ANALYST).order_by("email"))
    requesters = list(User.objects.filter(roles__role=Role.REQUESTER).order_by("email"))
    statuses, status_weights = zip(*spec["status_weights"].items(), strict=True)
    marks, mark_weights = zip(*spec["usefulness_weights"].items(), strict=True)
    held = 0
    files: list[DataFile] = []
    for back in range(spec["months"], 0, -1):
        month = (before.month - back - 1) % 12 + 1
        year = before.year + (before.month - back - 1) // 12
        day_date = _second_tuesday(year, month)
        if day_date > before - timedelta(days=7):
            continue
        day = OpenDeskDay.objects.create(
            registration_opens_at=demo.local(day_date - timedelta(days=40), 10),
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
        for n in range(rng.randint(*spec["bookings_per_day"])):
            slot = slots[n % len(slots)]
            status = rng.choices(statuses, status_weights)[0]
            booking = Booking.objects.create(
                day=day,
                requester=rng.choice(requesters),
                status=status,
                slot=slot,
                room=n // len(slots) + 1,
                panel_version=1,
                title=spec["title"],
                consent_to_share=True,
                submitted_at=demo.local(
                    day_date - timedelta(days=rng.randint(*spec["days_from_request"])), 11
                ),
            )
            if status == BookingStatus.CANCELLED:
                continue
            if rng.random() < spec["data_share"]:
                files.append(_deleted_file(spec, rng, booking, day))
            first = (n // len(slots)) * 2  # two analysts per room, distinct within a slot
            for analyst in (
                analysts[(first + back) % len(analysts)],
                analysts[(first + back + 1) % len(analysts)],
            ):
                PanelMember.objects.create(booking=booking, analyst=analyst, slot=slot)
            if status != BookingStatus.HELD:
                continue
            held += 1
            project = rng.random() < spec["project_advice_share"]
            SessionOutcome.objects.create(
                booking=booking,
                advice=spec["advice"],
                follow_up=FollowUp.PROJECT if project else FollowUp.NONE,
            )
            if rng.random() < spec["feedback_share"]:
                Feedback.objects.create(
                    booking=booking, usefulness=int(rng.choices(marks, mark_weights)[0])
                )
    DataFile.objects.bulk_create(files)
    return held


def _deleted_file(spec: dict, rng: random.Random, booking: Booking, day: OpenDeskDay) -> DataFile:
    """An example file brought for the session (most before the data deadline, some
    late), deleted by retention weeks after the session."""
    late = rng.random() < spec["late_data_share"]
    uploaded = day.data_deadline + timedelta(
        hours=rng.randint(2, 40) if late else -rng.randint(2, 200)
    )
    name = spec["data_files"][booking.pk % len(spec["data_files"])]
    return DataFile(
        content_type=ContentType.objects.get_for_model(Booking),
        object_id=booking.pk,
        original_name=name,
        size=rng.randint(5, 900) * 2**20,
        uploaded_by=booking.requester,
        uploaded_at=uploaded,
        status=FileStatus.DELETED,
        deleted_at=day.data_deadline + timedelta(days=spec["retention_days"]),
    )

"""factory_boy factories for the whole suite."""

from datetime import time, timedelta

import factory
from django.utils import timezone

from biafed.opendesk.models import Booking, BookingStatus, DayStatus, OpenDeskDay, PanelMember
from biafed.people.models import (
    AnalystExpertise,
    AnalystProfile,
    ExpertiseFamily,
    ExpertiseTerm,
    HostFacility,
    Role,
    User,
    UserRole,
)

PASSWORD = "biafed-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    institution = factory.Sequence(lambda n: f"University {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _grant(self, extracted or ())


def _grant(user, roles) -> None:
    user.save()
    for role in roles:
        UserRole.objects.get_or_create(user=user, role=role)
    user.__dict__.pop("role_names", None)


class RequesterFactory(UserFactory):
    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _grant(self, extracted or (Role.REQUESTER,))


class CoordinatorFactory(UserFactory):
    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _grant(self, extracted or (Role.COORDINATOR,))


class HostFacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostFacility

    name = factory.Sequence(lambda n: f"Imaging facility {n}")
    institution = factory.Sequence(lambda n: f"Institute {n}")
    city = "Montpellier"
    country = "France"
    umbrella_network = "France-BioImaging"


class ExpertiseTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertiseTerm
        django_get_or_create = ("family", "name")

    family = ExpertiseFamily.METHOD
    name = factory.Sequence(lambda n: f"method {n}")


class AnalystFactory(UserFactory):
    """A user with the analyst role, a profile at a fresh host facility, rules accepted."""

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _grant(self, extracted or (Role.ANALYST,))

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        facility = kwargs.pop("facility", None) or HostFacilityFactory()
        accepted = kwargs.pop("accepted", True)
        AnalystProfile.objects.create(
            user=self,
            host_facility=facility,
            rules_accepted_at=timezone.now() if accepted else None,
            rules_version="2024-1" if accepted else "",
        )

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        for term, level in (extracted or {}).items():
            AnalystExpertise.objects.create(profile=self.analyst_profile, term=term, level=level)


class OpenDeskDayFactory(factory.django.DjangoModelFactory):
    """A published day three weeks ahead, registration open now."""

    class Meta:
        model = OpenDeskDay
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Open desk #{n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=21))
    time_zone = "Europe/Paris"
    first_slot_start = time(14, 0)
    slot_count = 3
    rooms_per_slot = 3
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    data_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=18))
    meeting_link_pattern = "https://meet.example.org/biafed-{day}-{slot}-{room}"
    status = DayStatus.PUBLISHED

    @factory.post_generation
    def slots(self, create, extracted, **kwargs):
        from biafed.opendesk.services.days import _create_slots

        _create_slots(self)


ANSWERS = {
    "title": "Counting nuclei",
    "biological_question": "Does the drug change the number of cells?",
    "objects_of_interest": "Nuclei stained with DAPI",
    "measurements": "Count per image",
    "dimensionality": "2d",
    "consent_to_share": True,
}


class BookingFactory(factory.django.DjangoModelFactory):
    """A draft with complete answers; use `submitted_booking` to take a place."""

    class Meta:
        model = Booking

    day = factory.SubFactory(OpenDeskDayFactory)
    requester = factory.SubFactory(RequesterFactory)
    status = BookingStatus.DRAFT
    title = ANSWERS["title"]
    biological_question = ANSWERS["biological_question"]
    objects_of_interest = ANSWERS["objects_of_interest"]
    measurements = ANSWERS["measurements"]
    dimensionality = ANSWERS["dimensionality"]
    consent_to_share = True


def submitted_booking(*, day=None, requester=None, slot_index: int = 0, **fields) -> Booking:
    from biafed.opendesk.services.bookings import submit_booking

    day = day or OpenDeskDayFactory()
    booking = BookingFactory(day=day, requester=requester or RequesterFactory(), **fields)
    return submit_booking(
        requester=booking.requester, booking=booking, slot=day.slots.get(index=slot_index)
    )


def seat(booking: Booking, *analysts) -> None:
    """Put analysts on a booking's panel directly (for tests that start after allocation)."""
    for analyst in analysts:
        PanelMember.objects.create(booking=booking, analyst=analyst, slot_id=booking.slot_id)


# --- Helpers for the open-desk, people and matching suites ---------------------------


def make_upload(name: str = "cells.tif", size: int = 1024, content: bytes | None = None):
    """An uploaded file as the browser would send it; `size` bytes of fake image data."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = content if content is not None else (b"II*\x00" + b"\x00" * size)[:size]
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def checked_file(booking: Booking, *, name: str = "cells.tif", valid: bool = True, actor=None):
    """An example image of `booking` that went through the intake's check (valid or
    unreadable) without running the inspector; the booking reacts as it would."""
    from biafed.intake.models import DataFile, FileStatus
    from biafed.intake.services.checking import record_report
    from biafed.opendesk.services.bookings import attach_files

    (data_file,) = attach_files(
        actor=actor or booking.requester, booking=booking, uploads=[make_upload(name)]
    )
    claimed_at = timezone.now()  # the check's claim, as `check_data_file` takes it
    DataFile.objects.filter(pk=data_file.pk).update(
        status=FileStatus.VALIDATING, checking_since=claimed_at
    )
    report = {"status": "ok", "format": "tiff"} if valid else {"reason": "truncated TIFF"}
    record_report(data_file.pk, {"status": "unreadable", **report}, {}, claimed_at=claimed_at)
    data_file.refresh_from_db()
    booking.refresh_from_db()
    return data_file


def declare_available(analyst, *slots) -> None:
    """The analyst declares they can attend these slots (added to what they had)."""
    from biafed.opendesk.models import AnalystAvailability

    for slot in slots:
        AnalystAvailability.objects.get_or_create(analyst=analyst, slot=slot)


def allocated_booking(*, panel=None, **kwargs) -> Booking:
    """A submitted booking with a panel (default: two fresh analysts), status allocated.

    Seats the panel directly rather than through `set_panel`, so tests of what happens
    after allocation do not depend on the panel service."""
    from biafed.common.states import move

    booking = submitted_booking(**kwargs)
    seat(booking, *(list(panel) if panel is not None else [AnalystFactory(), AnalystFactory()]))
    booking.panel_version += 1
    move(booking, BookingStatus.ALLOCATED, actor=None, extra_fields=("panel_version",))
    return booking


def confirmed_booking(*, panel=None, **kwargs) -> Booking:
    """An allocated booking moved to confirmed through the state machine, without sending
    invitations (for tests that start after the allocation was published)."""
    from biafed.common.states import move

    booking = allocated_booking(panel=panel, **kwargs)
    move(booking, BookingStatus.CONFIRMED, actor=None)
    return booking


def held_booking(**kwargs) -> Booking:
    """A confirmed booking whose session started ten minutes ago and was held."""
    from biafed.common.states import move

    booking = start_session(confirmed_booking(**kwargs))
    move(booking, BookingStatus.HELD, actor=None)
    return booking


def start_session(booking: Booking, *, ago: timedelta = timedelta(minutes=10)) -> Booking:
    """Move the booking's slot so that its session started `ago` before now."""
    from biafed.opendesk.models import Slot

    starts_at = timezone.now() - ago
    Slot.objects.filter(pk=booking.slot_id).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1)
    )
    return Booking.objects.select_related("slot", "day").get(pk=booking.pk)


def verified(user) -> None:
    """Give a user a verified primary e-mail so allauth lets them log in."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )

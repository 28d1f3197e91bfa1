import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from biafed.common.fields import FreeTextField, NameField
from biafed.common.models import TimeStampedModel
from biafed.common.states import Transitions
from biafed.common.text import without_bidi_controls
from biafed.common.validators import (
    is_web_link,
    validate_link_lines,
    validate_link_pattern,
    validate_plausible_date,
)
from biafed.intake.models import DataFile
from biafed.people.models import ExpertiseTerm, Language


class DayStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Open for booking")
    ALLOCATION_PUBLISHED = "allocation_published", _("Panels published")
    CLOSED = "closed", _("Closed")


class OpenDeskDay(TimeStampedModel):
    """A day of one-hour online consultations, 2-3 rooms in parallel per slot."""

    title = NameField(_("title"), max_length=200)
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    first_slot_start = models.TimeField(_("first session starts at"))
    slot_count = models.PositiveSmallIntegerField(
        _("number of one-hour slots"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    rooms_per_slot = models.PositiveSmallIntegerField(
        _("rooms in parallel per slot"), validators=[MinValueValidator(2), MaxValueValidator(3)]
    )
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_deadline = models.DateTimeField(_("registration deadline"))
    data_deadline = models.DateTimeField(_("data-upload deadline"))
    meeting_link_pattern = models.CharField(
        _("video-meeting link pattern"),
        max_length=300,
        validators=[validate_link_pattern],
        help_text=_(
            "Use {day}, {slot} and {room}, e.g. https://meet.example.org/biafed-{day}-{slot}-{room}"
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=DayStatus.choices,
        default=DayStatus.DRAFT,
        db_index=True,
    )
    transitions = Transitions(
        {
            DayStatus.DRAFT: {DayStatus.PUBLISHED, DayStatus.CLOSED},
            DayStatus.PUBLISHED: {DayStatus.ALLOCATION_PUBLISHED, DayStatus.CLOSED},
            # back to open for booking: a correction, while no invitation went out
            DayStatus.ALLOCATION_PUBLISHED: {DayStatus.CLOSED, DayStatus.PUBLISHED},
            # registration closed early ("close registration now"): panels still to publish
            DayStatus.CLOSED: {DayStatus.PUBLISHED, DayStatus.ALLOCATION_PUBLISHED},
        },
        refusal=_("A day that is “%(current)s” cannot become “%(new)s”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = _("open-desk day")

    def __str__(self) -> str:
        return f"{without_bidi_controls(self.title)} ({date_format(self.date, 'DATE_FORMAT')})"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def slot_start(self, index: int) -> datetime:
        start = datetime.combine(self.date, self.first_slot_start, tzinfo=self.tz)
        return start + timedelta(hours=index)

    def meeting_link(self, *, slot_index: int, room: int) -> str:
        """The session's video-meeting link; "" when the pattern does not give a web link
        (a pattern stored before links were checked)."""
        try:
            link = self.meeting_link_pattern.format(
                day=self.date.strftime("%Y%m%d"), slot=slot_index + 1, room=room
            )
        except (KeyError, IndexError, ValueError):
            return ""
        return link if is_web_link(link) else ""


class Slot(models.Model):
    day = models.ForeignKey(OpenDeskDay, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["day", "index"]
        constraints = [models.UniqueConstraint(fields=["day", "index"], name="unique_slot_index")]

    def __str__(self) -> str:
        local = self.starts_at.astimezone(self.day.tz)
        return f"{local:%H:%M}–{self.ends_at.astimezone(self.day.tz):%H:%M}"


class AnalystAvailability(models.Model):
    """An analyst declares they can attend a slot."""

    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_desk_availability"
    )
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="available_analysts")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["analyst", "slot"], name="unique_availability")
        ]

    def __str__(self) -> str:
        return f"{self.analyst} @ {self.slot}"


class BookingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    DATA_MISSING = "data_missing", _("Data missing")
    READY = "ready", _("Ready")
    ALLOCATED = "allocated", _("Allocated")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (
    BookingStatus.SUBMITTED,
    BookingStatus.DATA_MISSING,
    BookingStatus.READY,
    BookingStatus.ALLOCATED,
    BookingStatus.CONFIRMED,
)
"""Bookings that hold a place in a slot."""


class Dimensionality(models.TextChoices):
    TWO_D = "2d", _("2D images")
    THREE_D = "3d", _("3D stacks (Z)")
    TIME_2D = "2d_t", _("2D over time")
    TIME_3D = "3d_t", _("3D over time")


class Booking(TimeStampedModel):
    """A requester's request for a one-hour open-desk consultation.

    The answers follow "The Twenty Questions of bioimage object analysis"
    (Cimini & Eliceiri, Nature Methods 2023), in plain words.
    """

    day = models.ForeignKey(OpenDeskDay, on_delete=models.PROTECT, related_name="bookings")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="open_desk_bookings"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.DRAFT
    )
    transitions = Transitions(
        {
            BookingStatus.DRAFT: {
                BookingStatus.SUBMITTED,
                BookingStatus.READY,
                BookingStatus.CANCELLED,
            },
            BookingStatus.SUBMITTED: {
                BookingStatus.READY,
                BookingStatus.DATA_MISSING,
                BookingStatus.ALLOCATED,
                BookingStatus.CANCELLED,
            },
            BookingStatus.DATA_MISSING: {
                BookingStatus.READY,
                BookingStatus.ALLOCATED,
                BookingStatus.CANCELLED,
            },
            BookingStatus.READY: {
                BookingStatus.SUBMITTED,
                BookingStatus.DATA_MISSING,
                BookingStatus.ALLOCATED,
                BookingStatus.CANCELLED,
            },
            BookingStatus.ALLOCATED: {
                BookingStatus.SUBMITTED,
                BookingStatus.DATA_MISSING,
                BookingStatus.READY,
                BookingStatus.CONFIRMED,
                BookingStatus.CANCELLED,
            },
            BookingStatus.CONFIRMED: {
                BookingStatus.HELD,
                BookingStatus.NO_SHOW,
                BookingStatus.CANCELLED,
                BookingStatus.SUBMITTED,
                BookingStatus.DATA_MISSING,
                BookingStatus.READY,
            },
            BookingStatus.HELD: {BookingStatus.NO_SHOW},
            BookingStatus.NO_SHOW: {BookingStatus.HELD},
            BookingStatus.CANCELLED: set(),
        },
        refusal=_("A booking that is “%(current)s” cannot become “%(new)s”."),
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("session"),
    )
    room = models.PositiveSmallIntegerField(_("room"), null=True, blank=True)
    panel_version = models.PositiveIntegerField(default=0)
    calendar_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    # The guided questions.
    title = NameField(_("short title"), max_length=150, blank=True)
    biological_question = FreeTextField(_("biological question"), blank=True)
    objects_of_interest = FreeTextField(_("objects in the images"), blank=True)
    measurements = FreeTextField(_("what must be measured"), blank=True)
    modality = models.ForeignKey(
        ExpertiseTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"family": "modality"},
        verbose_name=_("imaging modality"),
    )
    dimensionality = models.CharField(
        _("dimensions"), max_length=8, choices=Dimensionality.choices, blank=True
    )
    channel_count = models.PositiveSmallIntegerField(_("number of channels"), null=True, blank=True)
    file_format = models.CharField(_("file format"), max_length=120, blank=True)
    image_count_and_size = models.CharField(
        _("number and size of images"), max_length=200, blank=True
    )
    tried_so_far = FreeTextField(_("what you tried"), blank=True)
    tools_tried = models.ManyToManyField(
        ExpertiseTerm,
        blank=True,
        related_name="+",
        limit_choices_to={"family": "tool"},
        verbose_name=_("tools you tried"),
    )
    primary_tool = models.ForeignKey(
        ExpertiseTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"family": "tool"},
        verbose_name=_("main tool you want to work with"),
        help_text=_(
            "Only if you must keep working with one tool: the panel will then include someone "
            "who knows it."
        ),
    )
    topics = models.ManyToManyField(
        ExpertiseTerm,
        blank=True,
        related_name="bookings",
        verbose_name=_("topics"),
        help_text=_("Expertise the panel should have; coordinators refine these."),
    )
    preferred_language = models.ForeignKey(
        Language,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("preferred language"),
    )
    preferred_slots = models.ManyToManyField(
        Slot,
        blank=True,
        related_name="preferred_by",
        verbose_name=_("other sessions that suit you"),
    )
    consent_to_share = models.BooleanField(
        _("consent to share the data with the panel"), default=False
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Example images: intake.DataFile rows attached to this booking (see biafed.intake).
    files = GenericRelation("intake.DataFile", related_query_name="booking")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("open-desk booking")
        constraints = [
            # One requester per place: the database refuses a second booking in the same room.
            models.UniqueConstraint(fields=["slot", "room"], name="one_booking_per_room"),
            models.CheckConstraint(
                condition=Q(room__isnull=True) | Q(slot__isnull=False), name="room_needs_slot"
            ),
        ]
        indexes = [
            # Covers the booking list's per-day counts and its search by title (a scan of
            # this index, not of the wide rows); see common/paging.py and benchmarks/pages.
            models.Index(
                fields=["day", "status", "requester", "title"], name="booking_day_status_title"
            ),
            models.Index(fields=["requester", "-created_at"]),
        ]

    def __str__(self) -> str:
        return without_bidi_controls(self.title) or _("Booking #%(id)s") % {"id": self.pk}

    @property
    def holds_place(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def meeting_link(self) -> str:
        if self.slot_id is None or self.room is None:
            return ""
        slot_index = self.slot.index  # type: ignore[union-attr]  # slot_id checked above
        return self.day.meeting_link(slot_index=slot_index, room=self.room)


def booking_file_path(instance, filename: str) -> str:
    """Where opendesk.BookingFile kept its files (referenced by migration 0001 only; the
    files now belong to the intake, see migration 0003)."""
    return f"opendesk/{instance.booking.day_id}/{instance.booking_id}/{filename}"


class PanelMember(models.Model):
    """An analyst on a booking's panel; `slot` is copied from the booking so the
    database itself refuses an analyst in two rooms at once."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="panel")
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats"
    )
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    affinity = models.FloatField(default=0)
    explanation = models.CharField(max_length=300, blank=True)
    # The explanation as the allocation engine's translatable pieces, shown in the viewer's
    # language (biafed.matching.explain); empty for rows written before: `explanation` then.
    explanation_parts = models.JSONField(default=list, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "analyst"], name="unique_panel_member"),
            models.UniqueConstraint(
                fields=["analyst", "slot"], name="one_room_per_analyst_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.analyst} on {self.booking}"


class FollowUp(models.TextChoices):
    NONE = "none", _("None needed")
    OPEN_DESK = "open_desk", _("Another open desk")
    PROJECT = "project", _("Collaborative project")


class SessionOutcome(TimeStampedModel):
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="outcome")
    advice = FreeTextField(_("advice given"))
    tools_suggested = models.ManyToManyField(
        ExpertiseTerm, blank=True, related_name="+", verbose_name=_("tools suggested")
    )
    shared_links = FreeTextField(
        _("macros, pipelines or notebooks shared"),
        blank=True,
        validators=[validate_link_lines],
        help_text=_("One link per line."),
    )
    follow_up = models.CharField(
        _("follow-up"), max_length=16, choices=FollowUp.choices, default=FollowUp.NONE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    @property
    def links(self) -> list[str]:
        """The shared links that are web links (older rows may hold anything)."""
        return [
            line.strip() for line in self.shared_links.splitlines() if is_web_link(line.strip())
        ]


class Feedback(models.Model):
    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField(
        _("how useful was the session?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = FreeTextField(_("anything to tell us?"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.usefulness}/5 for {self.booking}"


def __getattr__(name: str):
    """`BookingFile` was the model of example images; they are now intake.DataFile rows
    attached to the booking (`booking.files`, and `DataFile.objects.filter(booking=…)`).
    The old name keeps older code and scripts working."""
    if name == "BookingFile":
        return DataFile
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

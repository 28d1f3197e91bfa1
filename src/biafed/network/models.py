"""The network's own life: who belongs to it and since when, its meetings and events,
peer help between analysts and the resources members share (docs/network.md)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from biafed.common.fields import FreeTextField, NameField, WebLinkField
from biafed.common.models import TimeStampedModel
from biafed.common.states import Transitions
from biafed.people.models import HostFacility


class Membership(models.Model):
    """One period during which an analyst or a host facility belonged to the network.

    Exactly one of `analyst` and `facility` is set; `left_on` is empty while it lasts."""

    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("analyst"),
    )
    facility = models.ForeignKey(
        HostFacility,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("host facility"),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["joined_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(analyst__isnull=False, facility__isnull=True)
                | models.Q(analyst__isnull=True, facility__isnull=False),
                name="membership_of_analyst_or_facility",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="membership_leaves_after_joining",
            ),
        ]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.analyst or self.facility} {self.joined_on}–{self.left_on or ''}"


class MeetingKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly meeting")
    HACKATHON = "hackathon", _("Hackathon")
    GATHERING = "gathering", _("Annual gathering")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    AGENDA_SENT = "agenda_sent", _("Agenda sent")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(TimeStampedModel):
    """A monthly meeting (online, 2-5 topics) or an in-person event of 2-3 days."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=MeetingKind.choices, default=MeetingKind.MONTHLY
    )
    title = NameField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(
        _("place or video link"), max_length=300, blank=True, help_text=_("A room or a URL")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    transitions = Transitions(
        {
            # Held without its agenda sent through the site too (prepared in the chat).
            MeetingStatus.SCHEDULED: {
                MeetingStatus.AGENDA_SENT,
                MeetingStatus.HELD,
                MeetingStatus.CANCELLED,
            },
            MeetingStatus.AGENDA_SENT: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
            MeetingStatus.HELD: set(),
            MeetingStatus.CANCELLED: set(),
        },
        refusal=_("A meeting that is “%(current)s” cannot become “%(new)s”."),
    )
    # The .ics event's UID: the same for the life of the meeting, whatever the site's address.
    calendar_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organised_meetings", verbose_name=_("organisers")
    )
    programme = FreeTextField(
        _("programme"), blank=True, help_text=_("For events: the days, sessions and round tables.")
    )
    minutes = FreeTextField(_("minutes"), blank=True)
    series = models.UUIDField(
        _("series"), null=True, blank=True, help_text=_("Meetings scheduled together")
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def is_event(self) -> bool:
        """Hackathons and gatherings take registrations; monthly meetings do not."""
        return self.kind != MeetingKind.MONTHLY


class TopicKind(models.TextChoices):
    """The kinds of topic the seed lists for monthly meetings."""

    PREVIEW = "preview", _("Preview of a tool or pipeline")
    PEER_HELP = "peer_help", _("Help asked by a peer")
    ARTICLE = "article", _("Article or new tool")
    ORGANISATION = "organisation", _("Organisation")


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ON_AGENDA = "on_agenda", _("On the agenda")
    DECLINED = "declined", _("Not kept")


class Topic(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="topics")
    kind = models.CharField(_("kind"), max_length=16, choices=TopicKind.choices)
    title = NameField(_("title"), max_length=200)
    summary = FreeTextField(_("summary"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="proposed_topics",
        verbose_name=_("proposed by"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TopicStatus.choices, default=TopicStatus.PROPOSED
    )
    # Until the meeting is held, the organisers may reorder the agenda as often as they like.
    transitions = Transitions(
        {
            TopicStatus.PROPOSED: {TopicStatus.ON_AGENDA, TopicStatus.DECLINED},
            TopicStatus.ON_AGENDA: {TopicStatus.DECLINED, TopicStatus.PROPOSED},
            TopicStatus.DECLINED: {TopicStatus.ON_AGENDA, TopicStatus.PROPOSED},
        },
        history_on="meeting",
        refusal=_("A topic that is “%(current)s” cannot become “%(new)s”."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    slides_url = WebLinkField(_("slides"), blank=True)
    feedback = FreeTextField(
        _("feedback collected"), blank=True, help_text=_("For a preview: what members said.")
    )
    help_thread = models.ForeignKey(
        "HelpThread",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("peer-help request"),
    )

    class Meta:
        ordering = ["position", "created_at", "pk"]
        verbose_name = _("topic")

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A member registered for an event, or recorded as present at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    registered = models.BooleanField(_("registered"), default=False)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")
        ]
        verbose_name = _("attendance")

    def __str__(self) -> str:
        return f"{self.member} @ {self.meeting}"


class HelpThread(TimeStampedModel):
    """An analyst asks the network for help on a local user's problem (members only)."""

    title = NameField(_("title"), max_length=200)
    question = FreeTextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="help_threads",
        verbose_name=_("asked by"),
    )
    solved_at = models.DateTimeField(_("solved on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("peer-help request")

    def __str__(self) -> str:
        return self.title


class HelpReply(TimeStampedModel):
    thread = models.ForeignKey(HelpThread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="help_replies"
    )
    body = FreeTextField(_("answer"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer")


class ResourceKind(models.TextChoices):
    CODE = "code", _("Code")
    DATASET = "dataset", _("Annotated dataset")
    COMPUTE = "compute", _("Compute")


class Visibility(models.TextChoices):
    NETWORK = "network", _("Network members only")
    PUBLIC = "public", _("Public")


class ResourceStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    AVAILABLE = "available", _("Available")
    RETIRED = "retired", _("Retired")


class SharedResource(TimeStampedModel):
    """Code, an annotated dataset or compute a member shares with the network."""

    kind = models.CharField(_("kind"), max_length=16, choices=ResourceKind.choices)
    name = NameField(_("name"), max_length=200)
    description = FreeTextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="shared_resources",
        verbose_name=_("owner"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.NETWORK
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ResourceStatus.choices, default=ResourceStatus.PREVIEW
    )
    # The owner says where the entry stands; a retired one may come back.
    transitions = Transitions(
        {
            ResourceStatus.PREVIEW: {ResourceStatus.AVAILABLE, ResourceStatus.RETIRED},
            ResourceStatus.AVAILABLE: {ResourceStatus.PREVIEW, ResourceStatus.RETIRED},
            ResourceStatus.RETIRED: {ResourceStatus.AVAILABLE},
        },
        refusal=_("A resource that is “%(current)s” cannot become “%(new)s”."),
    )
    link = WebLinkField(
        _("link"), blank=True, help_text=_("Repository, OMERO, FBI.Data, Zenodo or similar")
    )
    version = models.CharField(_("version"), max_length=40, blank=True)
    modality = models.CharField(_("modality"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=60, blank=True, help_text=_("e.g. 120 GB"))
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    access_conditions = FreeTextField(
        _("access conditions"), blank=True, help_text=_("Who may use it and how to get access")
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="shared_resources", verbose_name=_("projects")
    )
    bookings = models.ManyToManyField(
        "opendesk.Booking",
        blank=True,
        related_name="shared_resources",
        verbose_name=_("consultations"),
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("shared resource")

    def __str__(self) -> str:
        return self.name

"""Collaborative projects: one `Project` row from the request to its closure.

Around it: committee review (rounds, criteria, reviews, conflicts), decisions,
team invitations, analysts' project capacity, phases with go/no-go, effort,
progress reports, comments, deliverables, feedback and publications.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biafed.common.fields import FreeTextField, NameField, WebLinkField
from biafed.common.models import TimeStampedModel
from biafed.common.states import Transitions
from biafed.common.text import without_bidi_controls
from biafed.common.validators import validate_doi, validate_plausible_date
from biafed.people.models import ExpertiseTerm

User = settings.AUTH_USER_MODEL


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INFO_REQUESTED = "info_requested", _("More information requested")
    ACCEPTED = "accepted", _("Accepted")
    FEASIBILITY_ACCEPTED = "feasibility_accepted", _("Accepted as a feasibility study")
    DECLINED = "declined", _("Declined")
    ASSIGNING = "assigning", _("Team being confirmed")
    ACTIVE = "active", _("In progress")
    COMPLETED = "completed", _("Completed")
    CLOSED_NO_GO = "closed_no_go", _("Closed (no-go)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


REVIEWABLE_STATUSES = (ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW)
"""Requests the committee may see and review."""

FINAL_STATUSES = (
    ProjectStatus.DECLINED,
    ProjectStatus.COMPLETED,
    ProjectStatus.CLOSED_NO_GO,
    ProjectStatus.WITHDRAWN,
)


class Channel(models.TextChoices):
    FORM = "form", _("Request form")
    OPEN_DESK = "open_desk", _("Open-desk session")
    EMAIL = "email", _("E-mail")
    EURO_BIOIMAGING = "euro_bioimaging", _("Euro-BioImaging access portal")
    OTHER = "other", _("Other")


class Project(TimeStampedModel):
    """A collaborative project, from the request to its closure."""

    title = NameField(_("short title"), max_length=200)
    summary = FreeTextField(_("what the project is about"), blank=True)
    biological_question = FreeTextField(_("biological question"), blank=True)
    images_description = FreeTextField(_("your images"), blank=True)
    tried_so_far = FreeTextField(_("what you tried"), blank=True)
    expected_outputs = FreeTextField(_("expected outputs"), blank=True)
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, validators=[validate_plausible_date]
    )
    topics = models.ManyToManyField(
        ExpertiseTerm, blank=True, related_name="projects", verbose_name=_("expertise needed")
    )
    requester = models.ForeignKey(User, on_delete=models.PROTECT, related_name="requested_projects")
    requester_institution = models.CharField(_("your institution"), max_length=200, blank=True)
    invoice_institution = models.CharField(_("institution to invoice"), max_length=200, blank=True)
    invoice_address = FreeTextField(_("invoice address"), blank=True)
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.FORM
    )
    external_reference = models.CharField(_("external reference"), max_length=120, blank=True)
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=ProjectStatus.choices,
        default=ProjectStatus.DRAFT,
        db_index=True,
    )
    # draft ──submit──▶ submitted ──open review──▶ under_review ──decide──▶ accepted
    #   │                  ▲    │                      │                 feasibility_accepted
    #   │                  │    └──decide (early)──────┤                 info_requested
    #   │                  │                           └─────────────────declined
    #   │                  └──────────── resubmit ◀── info_requested
    # accepted / feasibility_accepted ──assign team──▶ assigning ──both accept──▶ active
    # active ──complete──▶ completed          active ──no-go──▶ closed_no_go
    # any state before active ──withdraw──▶ withdrawn
    transitions = Transitions(
        {
            ProjectStatus.DRAFT: {ProjectStatus.SUBMITTED, ProjectStatus.WITHDRAWN},
            ProjectStatus.SUBMITTED: {
                ProjectStatus.UNDER_REVIEW,
                ProjectStatus.INFO_REQUESTED,
                ProjectStatus.DECLINED,
                ProjectStatus.WITHDRAWN,
            },
            ProjectStatus.UNDER_REVIEW: {
                ProjectStatus.ACCEPTED,
                ProjectStatus.FEASIBILITY_ACCEPTED,
                ProjectStatus.INFO_REQUESTED,
                ProjectStatus.DECLINED,
                ProjectStatus.WITHDRAWN,
            },
            ProjectStatus.INFO_REQUESTED: {ProjectStatus.SUBMITTED, ProjectStatus.WITHDRAWN},
            ProjectStatus.ACCEPTED: {ProjectStatus.ASSIGNING, ProjectStatus.WITHDRAWN},
            ProjectStatus.FEASIBILITY_ACCEPTED: {ProjectStatus.ASSIGNING, ProjectStatus.WITHDRAWN},
            ProjectStatus.ASSIGNING: {ProjectStatus.ACTIVE, ProjectStatus.WITHDRAWN},
            ProjectStatus.ACTIVE: {ProjectStatus.COMPLETED, ProjectStatus.CLOSED_NO_GO},
            ProjectStatus.COMPLETED: set(),
            ProjectStatus.CLOSED_NO_GO: set(),
            ProjectStatus.DECLINED: set(),
            ProjectStatus.WITHDRAWN: set(),
        },
        stamps={status: ("closed_at",) for status in FINAL_STATUSES},
        refusal=_("A project that is “%(current)s” cannot become “%(new)s”."),
    )
    review_round = models.ForeignKey(
        "ReviewRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("review round"),
    )
    lead = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("lead analyst"),
    )
    mentor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentored_projects",
        verbose_name=_("mentor"),
    )
    estimated_hours = models.DecimalField(
        _("accepted estimate (hours)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    planned_duration_weeks = models.PositiveSmallIntegerField(
        _("planned duration (weeks)"), null=True, blank=True
    )
    source_booking = models.ForeignKey(
        "opendesk.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("open-desk booking it came from"),
    )
    linked_bookings = models.ManyToManyField(
        "opendesk.Booking",
        blank=True,
        related_name="linked_projects",
        verbose_name=_("other open-desk sessions about this project"),
    )
    panel_advice = FreeTextField(_("advice of the open-desk panel"), blank=True)
    possible_duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    duplicate_similarity = models.FloatField(null=True, blank=True)
    report_every_weeks = models.PositiveSmallIntegerField(
        _("progress report every (weeks)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    next_report_due = models.DateField(_("next progress report due"), null=True, blank=True)
    report_reminder_sent_for = models.DateField(null=True, blank=True)
    notes = FreeTextField(_("conclusion"), blank=True)
    outputs = FreeTextField(_("outputs"), blank=True)
    acknowledgement_text = FreeTextField(_("acknowledgement requested"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("collaborative project")
        indexes = [
            models.Index(fields=["requester", "-created_at"]),
            models.Index(fields=["status", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead__isnull=True)
                | Q(mentor__isnull=True)
                | ~Q(lead=models.F("mentor")),
                name="project_lead_is_not_mentor",
            )
        ]

    def __str__(self) -> str:
        return without_bidi_controls(self.title) or _("Project #%(id)s") % {"id": self.pk}

    @property
    def is_closed(self) -> bool:
        return self.status in FINAL_STATUSES


class SelectionCriterion(models.Model):
    """A published criterion the committee scores each request on (0-5), with its weight."""

    name = NameField(_("name"), max_length=120, unique=True)
    description = FreeTextField(_("what it means"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")

    def __str__(self) -> str:
        """A published default criterion in the page's language; edited ones as written."""
        return gettext(self.name) if self.name else ""

    @property
    def shown_description(self) -> str:
        return gettext(self.description) if self.description else ""


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ReviewRound(TimeStampedModel):
    """A batch of requests the committee reviews together before a deadline."""

    title = NameField(_("title"), max_length=120)
    review_deadline = models.DateField(_("reviews due"), validators=[validate_plausible_date])
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    transitions = Transitions({RoundStatus.OPEN: {RoundStatus.CLOSED}, RoundStatus.CLOSED: set()})
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-review_deadline"]
        verbose_name = _("review round")

    def __str__(self) -> str:
        return self.title


class Feasibility(models.TextChoices):
    FEASIBLE = "feasible", _("Feasible")
    NEEDS_STUDY = "needs_study", _("Needs a feasibility study")
    INFEASIBLE = "infeasible", _("Infeasible")


class Review(TimeStampedModel):
    """One committee member's review of a request in a round."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reviews")
    review_round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="project_reviews")
    feasibility = models.CharField(_("feasibility"), max_length=16, choices=Feasibility.choices)
    effort_hours = models.DecimalField(
        _("estimated effort (hours)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    start_delay_weeks = models.PositiveSmallIntegerField(_("could start in (weeks)"))
    duration_weeks = models.PositiveSmallIntegerField(_("duration (weeks)"))
    expertise = models.ManyToManyField(
        ExpertiseTerm, blank=True, related_name="+", verbose_name=_("expertise needed")
    )
    comment = FreeTextField(_("comments for the coordinator"), blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("review")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "review_round", "reviewer"], name="one_review_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.project}"


class CriterionScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(SelectionCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class ConflictOfInterest(models.Model):
    """A committee member declares they cannot review a request; it is hidden from them."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reviewer"], name="one_conflict_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} conflicted on {self.project}"


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    ACCEPT_FEASIBILITY = "accept_feasibility", _("Accept as a feasibility study")
    REQUEST_INFO = "request_info", _("Ask for more information")
    DECLINE = "decline", _("Decline as infeasible")


class Decision(models.Model):
    """The coordinator's decision on a request; the requester sees kind and rationale."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=24, choices=DecisionKind.choices)
    rationale = FreeTextField(_("rationale"))
    guidance = FreeTextField(_("guidance for the requester"), blank=True)
    estimated_hours = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    duration_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.project})"


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Lead analyst")
    MENTOR = "mentor", _("Mentor")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class TeamInvitation(models.Model):
    """The coordinator asks an analyst to lead or mentor; they accept or decline with a reason."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    analyst = models.ForeignKey(User, on_delete=models.PROTECT, related_name="project_invitations")
    role = models.CharField(_("role"), max_length=8, choices=TeamRole.choices)
    status = models.CharField(
        _("answer"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    transitions = Transitions(
        {
            InvitationStatus.PENDING: {
                InvitationStatus.ACCEPTED,
                InvitationStatus.DECLINED,
                InvitationStatus.WITHDRAWN,
            },
            InvitationStatus.ACCEPTED: {InvitationStatus.WITHDRAWN},
            InvitationStatus.DECLINED: set(),
            InvitationStatus.WITHDRAWN: set(),
        },
        stamps={
            InvitationStatus.ACCEPTED: ("answered_at",),
            InvitationStatus.DECLINED: ("answered_at",),
            InvitationStatus.WITHDRAWN: ("answered_at",),
        },
        history_on="project",
        refusal=_("An invitation that is “%(current)s” cannot become “%(new)s”."),
    )
    reason = FreeTextField(_("reason"), blank=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "role"],
                condition=Q(status__in=["pending", "accepted"]),
                name="one_open_invitation_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.analyst} as {self.role} on {self.project}"


class ProjectCapacity(TimeStampedModel):
    """Hours per month an analyst can give to projects; their host-facility manager approves."""

    analyst = models.OneToOneField(User, on_delete=models.CASCADE, related_name="project_capacity")
    hours_per_month = models.DecimalField(
        _("hours per month for projects"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    approved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("project capacity")
        verbose_name_plural = _("project capacities")

    def __str__(self) -> str:
        return f"{self.analyst}: {self.hours_per_month} h/month"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class PhaseKind(models.TextChoices):
    FEASIBILITY = "feasibility", _("Feasibility study")
    IMPLEMENTATION = "implementation", _("Implementation")
    OTHER = "other", _("Other")


class PhaseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("In progress")
    GO = "go", _("Go")
    NO_GO = "no_go", _("No-go")


class Phase(models.Model):
    """A step of a project with goals and budgeted hours, ended by a go/no-go decision."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=PhaseKind.choices)
    title = NameField(_("title"), max_length=200)
    goals = FreeTextField(_("goals"), blank=True)
    budget_hours = models.DecimalField(
        _("budgeted hours"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    status = models.CharField(
        _("status"), max_length=8, choices=PhaseStatus.choices, default=PhaseStatus.PLANNED
    )
    transitions = Transitions(
        {
            PhaseStatus.PLANNED: {PhaseStatus.ACTIVE},
            PhaseStatus.ACTIVE: {PhaseStatus.GO, PhaseStatus.NO_GO},
            PhaseStatus.GO: set(),
            PhaseStatus.NO_GO: set(),
        },
        stamps={
            PhaseStatus.ACTIVE: ("started_at",),
            PhaseStatus.GO: ("decided_at", "ended_at"),
            PhaseStatus.NO_GO: ("decided_at", "ended_at"),
        },
        history_on="project",
        refusal=_("A phase that is “%(current)s” cannot become “%(new)s”."),
    )
    decision_reason = FreeTextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "order"]
        verbose_name = _("phase")
        constraints = [
            models.UniqueConstraint(fields=["project", "order"], name="unique_phase_order"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(status="active"), name="one_active_phase"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EffortActivity(models.TextChoices):
    DEVELOPMENT = "development", _("Development")
    MEETING = "meeting", _("Meeting")
    CONSULTATION = "consultation", _("Consultation")
    REPORT = "report", _("Report")
    TRAINING = "training", _("User training")


class EffortEntry(models.Model):
    """Hours an analyst worked on a project on one day."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="effort")
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="effort"
    )
    analyst = models.ForeignKey(User, on_delete=models.PROTECT, related_name="project_effort")
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    activity = models.CharField(_("activity"), max_length=16, choices=EffortActivity.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("effort entry")
        verbose_name_plural = _("effort entries")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="effort_hours_positive")
        ]
        indexes = [models.Index(fields=["project", "date"])]

    def __str__(self) -> str:
        return f"{self.analyst} {self.date} {self.hours} h"


class ProgressReport(models.Model):
    """A periodic report by the lead, visible to the requester and the mentor."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    done = FreeTextField(_("what was done"))
    next_steps = FreeTextField(_("next steps"), blank=True)
    blockers = FreeTextField(_("what is blocking or needed from the requester"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("progress report")

    def __str__(self) -> str:
        return f"{self.project} ({self.submitted_at:%Y-%m-%d})"


class Comment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = FreeTextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} on {self.project}"


class DeliverableKind(models.TextChoices):
    PIPELINE = "pipeline", _("Pipeline")
    SCRIPT = "script", _("Script or macro")
    NOTEBOOK = "notebook", _("Notebook")
    REPORT = "report", _("Report")
    RESULTS = "results", _("Results")


class Deliverable(models.Model):
    """An output handed to the requester: linked (URL) or attached as files."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliverables"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DeliverableKind.choices)
    title = NameField(_("title"), max_length=200)
    description = FreeTextField(_("description"), blank=True)
    url = WebLinkField(_("link"), max_length=500, blank=True)
    version = models.CharField(_("version"), max_length=60, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[validate_doi])
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("deliverable")

    def __str__(self) -> str:
        return self.title


class ProjectFeedback(models.Model):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="feedback")
    usefulness = models.PositiveSmallIntegerField(
        _("how useful was the project?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    outputs_used = FreeTextField(_("what you will use the outputs for"), blank=True)
    comment = FreeTextField(_("anything to tell us?"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.usefulness}/5 for {self.project}"


class Publication(models.Model):
    """A publication that used the project's outputs, recorded when it appears."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="publications")
    title = NameField(_("title"), max_length=400)
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[validate_doi])
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-added_at"]
        verbose_name = _("publication")

    def __str__(self) -> str:
        return self.title

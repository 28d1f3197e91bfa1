"""Allocation runs, the coordinator's pins and declared conflicts of interest."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biafed.common.states import Transitions
from biafed.opendesk.models import Booking, OpenDeskDay, Slot


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Computing")
    DONE = "done", _("Proposal ready")
    FAILED = "failed", _("Failed")


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


class SolverStatus(models.TextChoices):
    OPTIMAL = "optimal", _("proven optimal")
    FEASIBLE = "feasible", _("best found within the time limit")
    INFEASIBLE = "infeasible", _("infeasible")
    UNKNOWN = "unknown", _("no solution found")


class AllocationRun(models.Model):
    """One computation of a proposal for an open-desk day, by the allocation engine.

    `instance` is the engine instance built from the database when the run started
    (the JSON format of docs/allocation.md), `versions` the panel version of each
    booking it covers (applying refuses a proposal for bookings changed since) and
    `proposal` the computed schedule: each request's slot, room and panel, or why
    it is not held. Only one run per day may be queued or running at a time.
    """

    day = models.ForeignKey(OpenDeskDay, on_delete=models.CASCADE, related_name="allocation_runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    # Workers claim and finish runs with conditional UPDATEs (`move_rows`).
    transitions = Transitions(
        {
            RunStatus.QUEUED: {RunStatus.RUNNING, RunStatus.FAILED},
            RunStatus.RUNNING: {RunStatus.DONE, RunStatus.FAILED},
            RunStatus.DONE: set(),
            RunStatus.FAILED: set(),
        }
    )
    time_limit_s = models.FloatField(_("time limit (s)"))
    # Progress, written while the solver runs.
    solutions_found = models.PositiveIntegerField(_("solutions found"), default=0)
    best_objective = models.BigIntegerField(_("best objective"), null=True, blank=True)
    best_bound = models.BigIntegerField(_("best bound"), null=True, blank=True)
    gap_pct = models.FloatField(_("gap to the bound (%)"), null=True, blank=True)
    elapsed_s = models.FloatField(_("elapsed (s)"), default=0)
    # Result.
    solver_status = models.CharField(
        _("solver status"), max_length=12, choices=SolverStatus.choices, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    instance = models.JSONField(default=dict)
    versions = models.JSONField(default=dict)  # booking id (str) -> panel_version
    places = models.JSONField(default=dict)  # booking id (str) -> [slot id, room] before the run
    proposal = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("allocation run")
        constraints = [
            models.UniqueConstraint(
                fields=["day"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_allocation_run_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_RUN_STATUSES


class AllocationPin(models.Model):
    """A coordinator's decision that stays as a constraint when the proposal is computed again:
    an analyst pinned to a request's panel, or a request moved to a slot."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="allocation_pins")
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pinned panel member"),
    )
    slot = models.ForeignKey(
        Slot,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pinned session"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("allocation pin")
        constraints = [
            models.CheckConstraint(
                condition=Q(analyst__isnull=True, slot__isnull=False)
                | Q(analyst__isnull=False, slot__isnull=True),
                name="pin_is_a_member_or_a_slot",
            ),
            models.UniqueConstraint(
                fields=["booking", "analyst"],
                condition=Q(analyst__isnull=False),
                name="one_pin_per_member",
            ),
            models.UniqueConstraint(
                fields=["booking"], condition=Q(slot__isnull=False), name="one_pinned_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking}: {self.analyst or self.slot}"


class DeclaredConflict(models.Model):
    """An analyst who must never sit on a panel for this requester (beyond the same
    institution, which is checked anyway)."""

    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
        verbose_name=_("analyst"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requester"),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["analyst", "requester"], name="unique_declared_conflict"
            )
        ]

    def __str__(self) -> str:
        return f"{self.analyst} ≠ {self.requester}"


class SuggestionAction(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    DISMISSED = "dismissed", _("dismissed")


class SuggestionFeedback(models.Model):
    """A requester accepting or dismissing a suggestion of the booking form's assistant,
    so that the network can measure and tune it."""

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="suggestion_feedback"
    )
    term = models.ForeignKey(
        "people.ExpertiseTerm", on_delete=models.CASCADE, related_name="+", verbose_name=_("term")
    )
    action = models.CharField(_("action"), max_length=10, choices=SuggestionAction.choices)
    field = models.CharField(_("answer"), max_length=40, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assistant suggestion feedback")
        constraints = [
            models.UniqueConstraint(fields=["booking", "term"], name="one_feedback_per_term")
        ]

    def __str__(self) -> str:
        return f"{self.booking}: {self.term} {self.action}"

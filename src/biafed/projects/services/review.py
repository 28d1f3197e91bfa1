"""Committee review: rounds, published selection criteria, reviews, conflicts of interest."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import allowed_moves, move
from biafed.common.web import Confirmation
from biafed.people.models import ExpertiseTerm, Role, User
from biafed.projects.models import (
    ConflictOfInterest,
    CriterionScore,
    Project,
    Review,
    ReviewRound,
    RoundStatus,
    SelectionCriterion,
)
from biafed.projects.models import ProjectStatus as S
from biafed.projects.rules import may
from biafed.projects.services.common import lock, project_url, tell

CRITERION_FIELDS = ("name", "description", "weight", "order", "is_active")
REVIEW_FIELDS = ("feasibility", "effort_hours", "start_delay_weeks", "duration_weeks", "comment")

DEFAULT_CRITERIA = (
    (
        gettext_noop("Scientific value"),
        gettext_noop("How much the answer would advance the requester's research."),
        2,
    ),
    (
        gettext_noop("No local analyst available"),
        gettext_noop("The requester has no image analyst on site to help."),
        1,
    ),
    (
        gettext_noop("Feasibility"),
        gettext_noop("Confidence that the network can deliver with its tools and time."),
        2,
    ),
    (
        gettext_noop("Fit with the network's expertise"),
        gettext_noop("Analysts of the network hold the expertise needed."),
        1,
    ),
    (
        gettext_noop("Strategic fit"),
        gettext_noop("Fits the network's and the umbrella infrastructure's goals."),
        1,
    ),
)
"""The five published criteria of the F-BIAS committee; coordinators edit them. Stored in
English; `SelectionCriterion` shows them translated while they keep these words."""


def _require_staff(actor: User) -> None:
    if not may(actor, "projects.manage"):
        raise BusinessRuleError(_("Only coordinators can do this."))


def ensure_default_criteria() -> list[SelectionCriterion]:
    """Create the five published criteria if none exist yet (used by the demo and tests)."""
    if not SelectionCriterion.objects.exists():
        for order, (name, description, weight) in enumerate(DEFAULT_CRITERIA):
            SelectionCriterion.objects.create(
                name=name, description=description, weight=weight, order=order
            )
    return list(SelectionCriterion.objects.filter(is_active=True))


def save_criterion(
    *, coordinator: User, criterion: SelectionCriterion | None, values: dict
) -> SelectionCriterion:
    """Create or edit a selection criterion; the change is logged."""
    _require_staff(coordinator)
    criterion = criterion or SelectionCriterion()
    for field in CRITERION_FIELDS:
        if field in values:
            setattr(criterion, field, values[field])
    if criterion.weight is not None and Decimal(criterion.weight) < 0:
        raise BusinessRuleError(_("A weight cannot be negative."))
    criterion.save()
    activity.record(
        actor=coordinator,
        verb="saved criterion",
        subject=criterion,
        detail=f"{criterion.name} weight {criterion.weight}",
    )
    return criterion


def create_round(*, coordinator: User, title: str, review_deadline: date) -> ReviewRound:
    _require_staff(coordinator)
    review_round = ReviewRound.objects.create(
        title=title, review_deadline=review_deadline, created_by=coordinator
    )
    activity.record(actor=coordinator, verb="opened round", subject=review_round)
    return review_round


def close_round(*, coordinator: User, review_round: ReviewRound) -> ReviewRound:
    _require_staff(coordinator)
    if RoundStatus.CLOSED not in allowed_moves(review_round):
        raise BusinessRuleError(_("This review round is already closed."))
    move(review_round, RoundStatus.CLOSED, actor=coordinator, verb="closed round")
    return review_round


def closing_confirmation(review_round: ReviewRound) -> Confirmation:
    """What closing `review_round` will do (or why it cannot be closed), for its
    confirmation page."""
    waiting = review_round.projects.filter(status=S.UNDER_REVIEW).count()
    return Confirmation(
        title=_("Close the review round “%(round)s”?") % {"round": review_round.title},
        effects=[
            _("Committee members can no longer add or change reviews in this round."),
            ngettext(
                "%(n)s request under review waits for your decision with the reviews it has.",
                "%(n)s requests under review wait for your decision with the reviews they have.",
                waiting,
            )
            % {"n": waiting},
        ],
        action=_("Close the round"),
        refusals=[]
        if RoundStatus.CLOSED in allowed_moves(review_round)
        else [_("This review round is already closed.")],
    )


def committee_members() -> list[User]:
    return list(User.objects.filter(roles__role=Role.COMMITTEE, is_active=True).distinct())


@transaction.atomic
def send_to_review(*, coordinator: User, project: Project, review_round: ReviewRound) -> Project:
    """Submitted → under review in an open round; committee members (not conflicted) are told."""
    _require_staff(coordinator)
    project = lock(project)
    if review_round.status != RoundStatus.OPEN:
        raise BusinessRuleError(_("This review round is closed."))
    if project.status != S.SUBMITTED:
        raise BusinessRuleError(_("Only a submitted request can be sent to review."))
    project.review_round = review_round
    move(
        project,
        S.UNDER_REVIEW,
        actor=coordinator,
        detail=str(review_round),
        extra_fields=("review_round",),
    )
    conflicted = set(project.conflicts.values_list("reviewer_id", flat=True))
    tell(
        [m for m in committee_members() if m.pk not in conflicted],
        message=lambda: (
            _("Project request to review: %(title)s") % {"title": project.title},
            _("Please review this request in round “%(round)s” before %(deadline)s.")
            % {
                "round": review_round.title,
                "deadline": date_format(review_round.review_deadline, "DATE_FORMAT"),
            },
        ),
        link=project_url(project),
        dedupe=f"review:{project.pk}:{review_round.pk}",
        skip=coordinator,
    )
    return project


def _may_review(reviewer: User, project: Project) -> None:
    if not may(reviewer, "projects.review_any"):
        raise BusinessRuleError(_("Only committee members review project requests."))
    if project.conflicts.filter(reviewer=reviewer).exists():
        raise BusinessRuleError(_("You declared a conflict of interest on this request."))
    if project.status != S.UNDER_REVIEW or project.review_round_id is None:
        raise BusinessRuleError(_("This request is not under review."))
    if project.review_round.status != RoundStatus.OPEN:  # type: ignore[union-attr]  # id checked
        raise BusinessRuleError(_("This review round is closed."))


@transaction.atomic
def submit_review(
    *,
    reviewer: User,
    project: Project,
    values: dict,
    scores: dict,
    expertise: Iterable[ExpertiseTerm] = (),
) -> Review:
    """Write or update the reviewer's review of the request in its current round.

    `scores` maps each published criterion id to 0-5; every published criterion must be scored.
    """
    project = lock(project)
    _may_review(reviewer, project)
    published = {c.pk: c for c in SelectionCriterion.objects.filter(is_active=True)}
    missing = [str(c) for pk, c in published.items() if scores.get(pk) is None]
    if missing:
        raise BusinessRuleError(_("Score every criterion: %(c)s.") % {"c": ", ".join(missing)})
    if any(not 0 <= int(scores[pk]) <= 5 for pk in published):
        raise BusinessRuleError(_("Scores go from 0 to 5."))
    review, created = Review.objects.update_or_create(
        project=project,
        review_round=project.review_round,
        reviewer=reviewer,
        defaults={field: values[field] for field in REVIEW_FIELDS if field in values},
    )
    review.expertise.set(expertise)
    review.scores.all().delete()
    CriterionScore.objects.bulk_create(
        CriterionScore(review=review, criterion_id=pk, score=int(scores[pk])) for pk in published
    )
    activity.record(
        actor=reviewer,
        verb="reviewed" if created else "updated review",
        subject=project,
        detail=review.get_feasibility_display(),
    )
    return review


@transaction.atomic
def declare_conflict(*, reviewer: User, project: Project, reason: str = "") -> ConflictOfInterest:
    """A committee member steps aside: the request disappears from their view and their
    review of it (if any) is removed."""
    if not may(reviewer, "projects.review_any"):
        raise BusinessRuleError(_("Only committee members declare conflicts of interest."))
    try:
        with transaction.atomic():
            conflict = ConflictOfInterest.objects.create(
                project=project, reviewer=reviewer, reason=reason
            )
    except IntegrityError:
        raise BusinessRuleError(_("You already declared a conflict on this request.")) from None
    Review.objects.filter(project=project, reviewer=reviewer).delete()
    activity.record(actor=reviewer, verb="declared conflict", subject=project, detail=reason)
    return conflict

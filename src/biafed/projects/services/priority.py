"""The coordinator's ranked priority queue of requests, from the committee's reviews.

Priority formula (docs/projects.md):

    priority = Σ_c w_c · mean_c / Σ_c w_c        (0-5, two decimals)

over the published criteria c that received at least one score in the request's current
review round, where mean_c is the mean of the reviewers' 0-5 scores on c and w_c the
criterion's weight. Requests without reviews have no priority and come last.
Ties are broken by, in order: more reviews first; fewer "infeasible" verdicts; smaller
mean estimated effort; earlier submission; lower id.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import mean
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.functional import Promise

from biafed.projects.models import (
    Feasibility,
    Project,
    ProjectStatus,
    Review,
    SelectionCriterion,
)

QUEUE_STATUSES = (ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW)
TWO_PLACES = Decimal("0.01")


@dataclass
class QueueRow:
    project: Project
    reviews: list = field(default_factory=list)
    criterion_means: dict = field(default_factory=dict)  # criterion id -> Decimal
    score: Decimal | None = None
    feasibility: dict = field(default_factory=dict)  # Feasibility value -> count
    mean_effort: Decimal | None = None
    mean_start_delay: float | None = None
    mean_duration: float | None = None
    expertise: list = field(default_factory=list)
    rank: int | None = None

    @property
    def review_count(self) -> int:
        return len(self.reviews)

    @property
    def verdicts(self) -> list[tuple[str | Promise, int]]:
        """(feasibility label, number of reviewers) in the order of the choices."""
        return [(f.label, self.feasibility[f]) for f in Feasibility if f in self.feasibility]


def _avg(values: Iterable[Decimal | int]) -> Decimal:
    numbers = [Decimal(v) for v in values]
    return (sum(numbers, Decimal(0)) / len(numbers)).quantize(TWO_PLACES, ROUND_HALF_UP)


def priority_score(criterion_means: dict, weights: dict) -> Decimal | None:
    """Weighted mean of the per-criterion mean scores; None without any score."""
    used = [c for c in criterion_means if c in weights]
    total_weight = sum((Decimal(weights[c]) for c in used), Decimal(0))
    if not used or total_weight == 0:
        return None
    weighted = sum((Decimal(weights[c]) * criterion_means[c] for c in used), Decimal(0))
    return (weighted / total_weight).quantize(TWO_PLACES, ROUND_HALF_UP)


def summarise(project: Project, reviews: list[Review], weights: dict) -> QueueRow:
    """Aggregate one request's reviews (scores and expertise already prefetched)."""
    row = QueueRow(project=project, reviews=reviews)
    scores: dict[int, list[int]] = {}
    for review in reviews:
        for score in review.scores.all():
            scores.setdefault(score.criterion_id, []).append(score.score)
        row.feasibility[review.feasibility] = row.feasibility.get(review.feasibility, 0) + 1
    row.criterion_means = {c: _avg(values) for c, values in scores.items()}
    row.score = priority_score(row.criterion_means, weights)
    if reviews:
        row.mean_effort = _avg(r.effort_hours for r in reviews)
        row.mean_start_delay = round(mean(r.start_delay_weeks for r in reviews), 1)
        row.mean_duration = round(mean(r.duration_weeks for r in reviews), 1)
        terms = {t.pk: t for r in reviews for t in r.expertise.all()}
        row.expertise = sorted(terms.values(), key=str)
    return row


def sort_key(row: QueueRow) -> tuple[Any, ...]:
    submitted = row.project.submitted_at or row.project.created_at
    return (
        row.score is None,
        -(row.score or 0),
        -row.review_count,
        row.feasibility.get(Feasibility.INFEASIBLE, 0),
        row.mean_effort if row.mean_effort is not None else Decimal("Infinity"),
        submitted,
        row.project.pk,
    )


def rank(rows: list[QueueRow]) -> list[QueueRow]:
    ordered = sorted(rows, key=sort_key)
    for position, row in enumerate(ordered, start=1):
        row.rank = position if row.score is not None else None
    return ordered


def current_reviews(project_ids: Iterable[int]) -> QuerySet[Review]:
    return (
        Review.objects.filter(project_id__in=project_ids)
        .select_related("reviewer")
        .prefetch_related("scores", "expertise")
        .order_by("created_at")
    )


def criterion_weights() -> dict[int, Decimal]:
    return dict(SelectionCriterion.objects.filter(is_active=True).values_list("pk", "weight"))


def rows_for(projects: list[Project]) -> list[QueueRow]:
    """Aggregated reviews of each project in its current round (a fixed number of queries)."""
    weights = criterion_weights()
    by_project: dict[int, list[Review]] = {p.pk: [] for p in projects}
    rounds = {p.pk: p.review_round_id for p in projects}
    for review in current_reviews(list(by_project)):
        if review.review_round_id == rounds[review.project_id]:
            by_project[review.project_id].append(review)
    return [summarise(p, by_project[p.pk], weights) for p in projects]


def priority_queue(queryset: QuerySet | None = None) -> list[QueueRow]:
    """Requests waiting for a decision, best priority first."""
    qs = Project.objects.all() if queryset is None else queryset
    projects = list(
        qs.filter(status__in=QUEUE_STATUSES)
        .select_related("requester", "review_round", "possible_duplicate_of")
        .prefetch_related(Prefetch("topics"))
    )
    return rank(rows_for(projects))

"""Committee review: rounds, criteria, reviews, conflicts of interest; the priority queue;
the coordinator's decisions."""

from decimal import Decimal

import pytest

from biafed.common.errors import BusinessRuleError
from biafed.notifications.models import Notification
from biafed.projects.models import (
    Decision,
    DecisionKind,
    Feasibility,
    PhaseKind,
    ProjectStatus,
    Review,
    SelectionCriterion,
)
from biafed.projects.rules import visible_projects
from biafed.projects.services import decisions, review
from biafed.projects.services.priority import priority_queue, priority_score
from tests.factories import AnalystFactory, CoordinatorFactory, RequesterFactory
from tests.projects.factories import (
    committee_member,
    give_review,
    open_round,
    submitted_project,
    under_review_project,
)

pytestmark = pytest.mark.django_db


def test_default_criteria_are_the_five_published_ones():
    names = [c.name for c in review.ensure_default_criteria()]
    assert names == [
        "Scientific value",
        "No local analyst available",
        "Feasibility",
        "Fit with the network's expertise",
        "Strategic fit",
    ]


def test_coordinator_edits_a_criterion_weight():
    criterion = review.ensure_default_criteria()[0]
    review.save_criterion(
        coordinator=CoordinatorFactory(), criterion=criterion, values={"weight": Decimal("3")}
    )
    assert SelectionCriterion.objects.get(pk=criterion.pk).weight == Decimal("3")


def test_requester_cannot_edit_criteria():
    with pytest.raises(BusinessRuleError):
        review.save_criterion(coordinator=RequesterFactory(), criterion=None, values={"name": "x"})


def test_sending_to_review_tells_the_committee_except_conflicted():
    coordinator = CoordinatorFactory()
    member, conflicted = committee_member(), committee_member()
    project = submitted_project()
    review.declare_conflict(reviewer=conflicted, project=project, reason="Same lab")
    review.send_to_review(coordinator=coordinator, project=project, review_round=open_round())
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_REVIEW
    told = set(Notification.objects.filter(kind="project").values_list("recipient_id", flat=True))
    assert member.pk in told
    assert conflicted.pk not in told


def test_closed_round_takes_no_request():
    coordinator = CoordinatorFactory()
    review_round = review.close_round(coordinator=coordinator, review_round=open_round())
    with pytest.raises(BusinessRuleError, match="closed"):
        review.send_to_review(
            coordinator=coordinator, project=submitted_project(), review_round=review_round
        )


def test_draft_cannot_be_sent_to_review():
    from tests.projects.factories import ProjectFactory

    with pytest.raises(BusinessRuleError):
        review.send_to_review(
            coordinator=CoordinatorFactory(), project=ProjectFactory(), review_round=open_round()
        )


def test_review_records_every_criterion_and_can_be_updated():
    project = under_review_project()
    member = committee_member()
    give_review(project, member, score=3)
    give_review(project, member, score=5, effort="60")
    saved = Review.objects.get(project=project, reviewer=member)
    assert saved.effort_hours == Decimal("60")
    assert sorted(s.score for s in saved.scores.all()) == [5] * 5


def test_review_missing_a_criterion_is_refused():
    project = under_review_project()
    criteria = review.ensure_default_criteria()
    with pytest.raises(BusinessRuleError, match="Score every criterion"):
        review.submit_review(
            reviewer=committee_member(),
            project=project,
            values={
                "feasibility": Feasibility.FEASIBLE,
                "effort_hours": 10,
                "start_delay_weeks": 1,
                "duration_weeks": 4,
            },
            scores={criteria[0].pk: 3},
        )


def test_non_member_cannot_review():
    project = under_review_project()
    with pytest.raises(BusinessRuleError, match="committee"):
        give_review(project, AnalystFactory())


def test_request_not_under_review_cannot_be_reviewed():
    with pytest.raises(BusinessRuleError, match="not under review"):
        give_review(submitted_project())


def test_conflict_hides_the_request_and_removes_the_review():
    project = under_review_project()
    member = committee_member()
    give_review(project, member)
    assert visible_projects(member).filter(pk=project.pk).exists()
    review.declare_conflict(reviewer=member, project=project, reason="Co-author")
    assert not visible_projects(member).filter(pk=project.pk).exists()
    assert not Review.objects.filter(project=project, reviewer=member).exists()
    with pytest.raises(BusinessRuleError, match="conflict"):
        give_review(project, member)


def test_conflict_cannot_be_declared_twice():
    project = under_review_project()
    member = committee_member()
    review.declare_conflict(reviewer=member, project=project)
    with pytest.raises(BusinessRuleError, match="already"):
        review.declare_conflict(reviewer=member, project=project)


# --- Priority queue -----------------------------------------------------------------------


def test_priority_is_the_weighted_mean_of_criterion_means():
    assert priority_score({1: Decimal(4), 2: Decimal(1)}, {1: Decimal(2), 2: Decimal(1)}) == (
        Decimal("3.00")
    )
    assert priority_score({}, {1: Decimal(1)}) is None


def test_queue_ranks_by_score_then_reviews_then_submission():
    coordinator = CoordinatorFactory()
    review_round = open_round(coordinator)
    low = under_review_project(coordinator=coordinator, review_round=review_round)
    high = under_review_project(coordinator=coordinator, review_round=review_round)
    tie_one_review = under_review_project(coordinator=coordinator, review_round=review_round)
    unreviewed = submitted_project()
    give_review(low, score=2)
    give_review(high, score=5)
    give_review(high, score=3)  # mean 4
    give_review(tie_one_review, score=4)
    rows = priority_queue()
    assert [r.project for r in rows] == [high, tie_one_review, low, unreviewed]
    assert [r.rank for r in rows] == [1, 2, 3, None]
    assert rows[0].score == Decimal("4.00")
    assert rows[0].mean_effort == Decimal("40.00")


def test_queue_breaks_score_ties_by_fewer_infeasible_verdicts():
    coordinator = CoordinatorFactory()
    review_round = open_round(coordinator)
    doubtful = under_review_project(coordinator=coordinator, review_round=review_round)
    solid = under_review_project(coordinator=coordinator, review_round=review_round)
    give_review(doubtful, score=4, feasibility=Feasibility.INFEASIBLE)
    give_review(solid, score=4)
    assert [r.project for r in priority_queue()][:2] == [solid, doubtful]


def test_queue_page_query_count_does_not_grow_with_requests(django_assert_max_num_queries):
    coordinator = CoordinatorFactory()
    review_round = open_round(coordinator)
    for _ in range(6):
        project = under_review_project(coordinator=coordinator, review_round=review_round)
        give_review(project)
        give_review(project)
    with django_assert_max_num_queries(6):
        rows = priority_queue()
        [row.expertise for row in rows]
    assert len(rows) == 6


# --- Decisions ----------------------------------------------------------------------------


def _decide(project, kind, coordinator=None, **kwargs):
    return decisions.decide(
        coordinator=coordinator or CoordinatorFactory(),
        project=project,
        kind=kind,
        rationale=kwargs.pop("rationale", "Because."),
        **kwargs,
    )


def test_accepting_plans_the_first_phase_and_tells_the_requester():
    project = under_review_project()
    coordinator = CoordinatorFactory()
    decision = _decide(
        project, DecisionKind.ACCEPT, coordinator, estimated_hours=Decimal("50"), duration_weeks=10
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED
    assert (project.estimated_hours, project.planned_duration_weeks) == (Decimal("50"), 10)
    phase = project.phases.get()
    assert (phase.kind, phase.budget_hours, phase.status) == (
        PhaseKind.IMPLEMENTATION,
        Decimal("50"),
        "planned",
    )
    assert (decision.decided_by, decision.kind) == (coordinator, DecisionKind.ACCEPT)
    assert Notification.objects.filter(
        recipient=project.requester, subject__startswith="Decision"
    ).exists()


def test_accepting_as_feasibility_study_plans_a_feasibility_phase():
    project = under_review_project()
    _decide(project, DecisionKind.ACCEPT_FEASIBILITY, estimated_hours=Decimal("10"))
    project.refresh_from_db()
    assert project.status == ProjectStatus.FEASIBILITY_ACCEPTED
    assert project.phases.get().kind == PhaseKind.FEASIBILITY


def test_accepting_needs_an_estimate():
    project = under_review_project()
    with pytest.raises(BusinessRuleError, match="estimate"):
        _decide(project, DecisionKind.ACCEPT)
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_REVIEW
    assert not Decision.objects.exists()


def test_declining_needs_guidance_and_keeps_it_as_conclusion():
    project = under_review_project()
    with pytest.raises(BusinessRuleError, match="where to go"):
        _decide(project, DecisionKind.DECLINE)
    _decide(
        project,
        DecisionKind.DECLINE,
        rationale="Too complex for the network.",
        guidance="Contact the image processing group of the institute.",
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.DECLINED
    assert "image processing group" in project.notes


def test_asking_for_information_lets_the_requester_edit_and_resubmit():
    from biafed.projects.services.requests import save_answers, submit_request

    project = under_review_project()
    _decide(project, DecisionKind.REQUEST_INFO, rationale="How many images per condition?")
    project.refresh_from_db()
    assert project.status == ProjectStatus.INFO_REQUESTED
    save_answers(
        actor=project.requester, project=project, answers={"images_description": "12 per condition"}
    )
    submit_request(requester=project.requester, project=project)
    project.refresh_from_db()
    assert (project.status, project.review_round) == (ProjectStatus.SUBMITTED, None)


def test_decision_needs_a_rationale_and_a_coordinator():
    project = under_review_project()
    with pytest.raises(BusinessRuleError, match="Explain"):
        _decide(project, DecisionKind.REQUEST_INFO, rationale=" ")
    with pytest.raises(BusinessRuleError, match="coordinators"):
        _decide(project, DecisionKind.REQUEST_INFO, coordinator=committee_member())


def test_decided_request_cannot_be_decided_again():
    project = under_review_project()
    _decide(project, DecisionKind.ACCEPT, estimated_hours=Decimal("5"))
    with pytest.raises(BusinessRuleError, match="not waiting"):
        _decide(project, DecisionKind.DECLINE, guidance="x")

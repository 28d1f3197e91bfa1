"""Factories and helpers for the projects and reporting suites (build on tests.factories)."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from biafed.billing.models import NetworkRate
from biafed.billing.services.quotes import issue_quote
from biafed.people.models import Role
from biafed.projects.models import (
    Channel,
    DecisionKind,
    Feasibility,
    Project,
    ProjectCapacity,
    ProjectStatus,
    ReviewRound,
)
from biafed.projects.services import decisions, review, team
from biafed.projects.services.requests import submit_request
from tests.factories import AnalystFactory, CoordinatorFactory, RequesterFactory, UserFactory

ANSWERS = {
    "title": "Tracking motile bacteria",
    "summary": "Adapt a trajectory library to a new bacteria species and install it in our lab.",
    "biological_question": "Does the new species swim differently?",
    "expected_outputs": "A documented pipeline and a short report.",
    "requester_institution": "Université de Montpellier",
    "funding_source": "ANR MotilBac",
    "invoice_institution": "CNRS Occitanie Est",
}


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft with complete answers; `submitted_project` submits it."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    requester = factory.SubFactory(RequesterFactory)
    channel = Channel.FORM
    status = ProjectStatus.DRAFT
    title = ANSWERS["title"]
    summary = ANSWERS["summary"]
    biological_question = ANSWERS["biological_question"]
    expected_outputs = ANSWERS["expected_outputs"]
    requester_institution = ANSWERS["requester_institution"]
    funding_source = ANSWERS["funding_source"]
    invoice_institution = ANSWERS["invoice_institution"]


def committee_member(**kwargs):
    return UserFactory(roles=(Role.COMMITTEE, Role.ANALYST), **kwargs)


def with_capacity(analyst, hours=Decimal("20"), approved=True):
    ProjectCapacity.objects.update_or_create(
        analyst=analyst,
        defaults={
            "hours_per_month": hours,
            "approved_at": timezone.now() if approved else None,
        },
    )
    return analyst


def submitted_project(**fields) -> Project:
    project = ProjectFactory(**fields)
    return submit_request(requester=project.requester, project=project)


def open_round(coordinator=None) -> ReviewRound:
    return review.create_round(
        coordinator=coordinator or CoordinatorFactory(),
        title="Spring round",
        review_deadline=timezone.localdate() + timedelta(days=14),
    )


def under_review_project(*, coordinator=None, review_round=None, **fields) -> Project:
    coordinator = coordinator or CoordinatorFactory()
    project = submitted_project(**fields)
    return review.send_to_review(
        coordinator=coordinator,
        project=project,
        review_round=review_round or open_round(coordinator),
    )


def give_review(project, reviewer=None, *, score=4, effort="40", feasibility=Feasibility.FEASIBLE):
    criteria = review.ensure_default_criteria()
    return review.submit_review(
        reviewer=reviewer or committee_member(),
        project=project,
        values={
            "feasibility": feasibility,
            "effort_hours": Decimal(effort),
            "start_delay_weeks": 2,
            "duration_weeks": 8,
            "comment": "",
        },
        scores={c.pk: score for c in criteria},
    )


def accepted_project(*, coordinator=None, feasibility=False, hours="40", **fields) -> Project:
    coordinator = coordinator or CoordinatorFactory()
    project = under_review_project(coordinator=coordinator, **fields)
    give_review(project)
    decisions.decide(
        coordinator=coordinator,
        project=project,
        kind=DecisionKind.ACCEPT_FEASIBILITY if feasibility else DecisionKind.ACCEPT,
        rationale="Clear question, the network has the expertise.",
        estimated_hours=Decimal(hours),
        duration_weeks=8,
    )
    project.refresh_from_db()
    return project


def quoted(project: Project, coordinator=None):
    """Issue `project`'s quote (at a rate in force since 2020 if none is set): billing's start
    condition, without which accepted work does not start."""
    if not NetworkRate.objects.exists():
        NetworkRate.objects.create(
            valid_from=date(2020, 1, 1),
            hourly_price=Decimal("60.00"),
            facility_credit=Decimal("45.00"),
            consultation_credit=Decimal("30.00"),
        )
    return issue_quote(coordinator=coordinator or CoordinatorFactory(), project=project)


def active_project(*, lead=None, mentor=None, coordinator=None, **fields) -> Project:
    """An accepted project whose lead (and mentor) accepted: in progress, phase 1 active."""
    coordinator = coordinator or CoordinatorFactory()
    project = accepted_project(coordinator=coordinator, **fields)
    lead = with_capacity(lead or AnalystFactory())
    quoted(project, coordinator)  # the work starts only once the quote is issued
    team.assign_team(coordinator=coordinator, project=project, lead=lead, mentor=mentor)
    for invitation in project.invitations.filter(status="pending"):
        team.answer_invitation(analyst=invitation.analyst, invitation=invitation, accept=True)
    project.refresh_from_db()
    return project

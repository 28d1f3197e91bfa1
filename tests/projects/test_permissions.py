"""Who sees and does what: requester (owner), lead and mentor (participants), committee
members (with and without a conflict), outsiders, coordinators — rules and pages agree."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from biafed.people.models import Role, User
from biafed.projects.models import DecisionKind, Project, ProjectStatus
from biafed.projects.rules import visible_projects
from biafed.projects.services import decisions, review
from tests.factories import AnalystFactory, CoordinatorFactory, RequesterFactory, UserFactory
from tests.projects.factories import (
    active_project,
    committee_member,
    submitted_project,
    under_review_project,
)

pytestmark = pytest.mark.django_db


@dataclass
class Cast:
    running: Project
    reviewed: Project
    owner: User
    lead: User
    mentor: User
    member: User
    conflicted: User
    other_requester: User
    other_analyst: User
    manager: User
    coordinator: User


@pytest.fixture
def cast() -> Cast:
    coordinator = CoordinatorFactory()
    owner = RequesterFactory()
    lead, mentor = AnalystFactory(), AnalystFactory()
    running = active_project(requester=owner, lead=lead, mentor=mentor, coordinator=coordinator)
    reviewed = under_review_project(requester=owner, coordinator=coordinator)
    member, conflicted = committee_member(), committee_member()
    review.declare_conflict(reviewer=conflicted, project=reviewed, reason="Same institute")
    # Outsiders have projects of their own.
    other_requester = RequesterFactory()
    submitted_project(requester=other_requester)
    other_analyst = AnalystFactory()
    active_project(lead=other_analyst)
    return Cast(
        running,
        reviewed,
        owner,
        lead,
        mentor,
        member,
        conflicted,
        other_requester,
        other_analyst,
        UserFactory(roles=(Role.FACILITY_MANAGER,)),
        coordinator,
    )


def _visible(user, *projects):
    return {p.pk for p in projects if visible_projects(user).filter(pk=p.pk).exists()}


def test_requester_sees_own_requests_and_projects(cast):
    assert _visible(cast.owner, cast.running, cast.reviewed) == {cast.running.pk, cast.reviewed.pk}


def test_lead_and_mentor_see_their_project_only(cast):
    for person in (cast.lead, cast.mentor):
        assert _visible(person, cast.running, cast.reviewed) == {cast.running.pk}


def test_committee_member_sees_requests_under_review_only(cast):
    assert _visible(cast.member, cast.running, cast.reviewed) == {cast.reviewed.pk}


def test_conflicted_member_does_not_see_the_request(cast):
    assert _visible(cast.conflicted, cast.running, cast.reviewed) == set()


def test_outsiders_see_nothing_of_others(cast):
    for person in (cast.other_requester, cast.other_analyst, cast.manager):
        assert _visible(person, cast.running, cast.reviewed) == set()


def test_coordinator_sees_everything(cast):
    assert visible_projects(cast.coordinator).count() == Project.objects.count()


def test_committee_member_loses_sight_once_decided(cast):
    decisions.decide(
        coordinator=cast.coordinator,
        project=cast.reviewed,
        kind=DecisionKind.DECLINE,
        rationale="Out of scope",
        guidance="See a research group",
    )
    assert _visible(cast.member, cast.reviewed) == set()
    assert _visible(cast.owner, cast.reviewed) == {cast.reviewed.pk}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("lead", 200),
        ("mentor", 200),
        ("member", 404),
        ("other_requester", 404),
        ("other_analyst", 404),
        ("manager", 404),
        ("coordinator", 200),
    ],
)
def test_running_project_page(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("projects:detail", args=[cast.running.pk])).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("member", 200),
        ("conflicted", 404),
        ("lead", 404),
        ("other_requester", 404),
        ("coordinator", 200),
    ],
)
def test_request_under_review_page(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("projects:detail", args=[cast.reviewed.pk])).status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("member", 200), ("owner", 403), ("coordinator", 403), ("conflicted", 404)]
)
def test_review_form_is_for_unconflicted_members(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("projects:review", args=[cast.reviewed.pk])).status_code == status


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("lead", True), ("mentor", True), ("owner", False), ("coordinator", False)],
)
def test_effort_is_logged_by_the_team(cast, who, allowed):
    assert getattr(cast, who).has_perm("projects.log_effort", cast.running) is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("lead", True), ("coordinator", True), ("mentor", False), ("owner", False)],
)
def test_go_no_go_is_decided_by_lead_or_coordinator(cast, who, allowed):
    assert getattr(cast, who).has_perm("projects.decide_phase", cast.running) is allowed


@pytest.mark.parametrize(
    ("who", "status"),
    [("coordinator", 200), ("owner", 403), ("member", 403), ("lead", 403)],
)
def test_coordinator_pages(client, cast, who, status):
    client.force_login(getattr(cast, who))
    for name in ("projects:queue", "projects:rounds", "projects:criteria", "projects:enter"):
        assert client.get(reverse(name)).status_code == status, name


def test_decide_page_refuses_non_coordinators(client, cast):
    client.force_login(cast.member)
    assert client.get(reverse("projects:decide", args=[cast.reviewed.pk])).status_code == 403


def test_comments_by_participants_only(client, cast):
    client.force_login(cast.other_requester)
    url = reverse("projects:comment", args=[cast.running.pk])
    assert client.post(url, {"text": "hi"}).status_code == 404
    client.force_login(cast.mentor)
    assert client.post(url, {"text": "hi"}).status_code == 302
    assert cast.running.comments.get().author == cast.mentor


def test_anonymous_is_sent_to_login(client, cast):
    response = client.get(reverse("projects:detail", args=[cast.running.pk]))
    assert response.status_code == 302
    assert "/accounts/login" in response.url


def test_draft_is_private_to_its_requester(client):
    from tests.projects.factories import ProjectFactory

    draft = ProjectFactory()
    member = committee_member()
    assert not visible_projects(member).filter(pk=draft.pk).exists()
    client.force_login(draft.requester)
    assert client.get(reverse("projects:edit", args=[draft.pk])).status_code == 200
    client.force_login(RequesterFactory())
    assert client.get(reverse("projects:edit", args=[draft.pk])).status_code == 404


def test_only_requester_edits_and_only_while_draft_or_info_requested(client, cast):
    client.force_login(cast.owner)
    assert client.get(reverse("projects:edit", args=[cast.reviewed.pk])).status_code == 403
    assert cast.reviewed.status == ProjectStatus.UNDER_REVIEW


def test_superuser_coordinator_is_offered_only_what_the_services_accept(client, cast):
    cast.coordinator.is_superuser = True
    cast.coordinator.save()
    client.force_login(cast.coordinator)
    running = client.get(reverse("projects:detail", args=[cast.running.pk])).content.decode()
    reviewed = client.get(reverse("projects:detail", args=[cast.reviewed.pk])).content.decode()
    assert 'data-testid="log-effort"' not in running
    assert 'data-testid="review"' not in reviewed
    assert 'data-testid="decide"' in reviewed

"""Assignment: project capacity and its approval, the suggested team, invitations, start."""

from decimal import Decimal

import pytest
from django.urls import reverse

from biafed.common.errors import BusinessRuleError
from biafed.notifications.models import Notification
from biafed.people.models import ExpertiseFamily, Role
from biafed.projects.models import (
    InvitationStatus,
    PhaseStatus,
    ProjectCapacity,
    ProjectStatus,
    TeamInvitation,
    TeamRole,
)
from biafed.projects.services import team
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    HostFacilityFactory,
    UserFactory,
)
from tests.projects.factories import accepted_project, active_project, quoted, with_capacity

pytestmark = pytest.mark.django_db


def test_declared_capacity_waits_for_the_manager_and_a_change_resets_approval():
    facility = HostFacilityFactory()
    manager = UserFactory(roles=(Role.FACILITY_MANAGER,))
    facility.managers.add(manager)
    analyst = AnalystFactory(profile__facility=facility)
    capacity = team.declare_capacity(analyst=analyst, hours_per_month=Decimal("16"))
    assert not capacity.is_approved
    team.approve_capacity(manager=manager, capacity=capacity)
    capacity.refresh_from_db()
    assert (capacity.is_approved, capacity.approved_by) == (True, manager)
    team.declare_capacity(analyst=analyst, hours_per_month=Decimal("20"))
    assert not ProjectCapacity.objects.get(analyst=analyst).is_approved


def test_manager_of_another_facility_cannot_approve():
    other = UserFactory(roles=(Role.FACILITY_MANAGER,))
    HostFacilityFactory().managers.add(other)
    capacity = team.declare_capacity(analyst=AnalystFactory(), hours_per_month=Decimal("8"))
    with pytest.raises(BusinessRuleError):
        team.approve_capacity(manager=other, capacity=capacity)


def test_only_analysts_declare_capacity():
    with pytest.raises(BusinessRuleError):
        team.declare_capacity(analyst=CoordinatorFactory(), hours_per_month=Decimal("8"))


def test_remaining_capacity_subtracts_lead_and_mentor_commitments():
    lead, mentor = with_capacity(AnalystFactory()), with_capacity(AnalystFactory())
    # 43.45 h over 4.345 weeks/month × 8 weeks -> 23.62 h/month... use round numbers:
    project = active_project(lead=lead, mentor=mentor, hours="40")
    monthly = team.monthly_load(project)
    assert monthly == Decimal("21.73")  # 40 h over 8 weeks
    remaining = team.remaining_capacity([lead.pk, mentor.pk])
    assert remaining[lead.pk] == Decimal(0)  # 20 - 21.73, floored at 0
    assert remaining[mentor.pk] == Decimal("20") - monthly * team.MENTOR_SHARE


def test_unapproved_capacity_counts_as_none():
    analyst = with_capacity(AnalystFactory(), approved=False)
    assert team.remaining_capacity([analyst.pk]) == {analyst.pk: Decimal(0)}


def test_suggestion_prefers_expertise_and_mentor_from_another_site():
    tracking = ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="Tracking")
    expert = with_capacity(AnalystFactory(expertise={tracking: "expert"}), Decimal("40"))
    novice = with_capacity(AnalystFactory(), Decimal("40"))
    senior = with_capacity(AnalystFactory(expertise={tracking: "advise"}), Decimal("40"))
    project = accepted_project()
    project.topics.set([tracking])
    suggestion = team.suggest_team(actor=CoordinatorFactory(), project=project)
    assert suggestion.lead.analyst == expert
    assert suggestion.mentor is not None
    assert suggestion.mentor.analyst != expert
    assert {c.analyst for c in suggestion.leads} >= {expert, novice, senior}


def test_suggestion_leaves_out_analysts_without_capacity_or_from_requester_institution():
    busy = AnalystFactory()
    project = accepted_project()
    same_place = with_capacity(AnalystFactory(), Decimal("40"))
    same_place.analyst_profile.host_facility.institution = project.requester_institution
    same_place.analyst_profile.host_facility.save()
    free = with_capacity(AnalystFactory(), Decimal("40"))
    suggestion = team.suggest_team(actor=CoordinatorFactory(), project=project)
    leads = {c.analyst for c in suggestion.leads}
    assert free in leads
    assert busy not in leads
    assert same_place not in leads


def test_assignment_invites_both_and_the_project_starts_when_both_accept():
    coordinator = CoordinatorFactory()
    project = accepted_project(coordinator=coordinator)
    quoted(project, coordinator)
    lead, mentor = with_capacity(AnalystFactory()), AnalystFactory()
    team.assign_team(coordinator=coordinator, project=project, lead=lead, mentor=mentor)
    project.refresh_from_db()
    assert (project.status, project.lead, project.mentor) == (
        ProjectStatus.ASSIGNING,
        lead,
        mentor,
    )
    lead_invitation = project.invitations.get(role=TeamRole.LEAD)
    team.answer_invitation(analyst=lead, invitation=lead_invitation, accept=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ASSIGNING
    mentor_invitation = project.invitations.get(role=TeamRole.MENTOR)
    team.answer_invitation(analyst=mentor, invitation=mentor_invitation, accept=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert project.next_report_due is not None
    assert project.phases.get().status == PhaseStatus.ACTIVE


def test_decline_needs_a_reason_and_frees_the_role():
    coordinator = CoordinatorFactory()
    project = accepted_project(coordinator=coordinator)
    lead = with_capacity(AnalystFactory())
    team.assign_team(coordinator=coordinator, project=project, lead=lead)
    invitation = project.invitations.get()
    with pytest.raises(BusinessRuleError, match="why"):
        team.answer_invitation(analyst=lead, invitation=invitation, accept=False)
    team.answer_invitation(analyst=lead, invitation=invitation, accept=False, reason="On leave")
    project.refresh_from_db()
    assert (project.lead, project.status) == (None, ProjectStatus.ASSIGNING)
    other = with_capacity(AnalystFactory())
    team.assign_team(coordinator=coordinator, project=project, lead=other)
    assert project.invitations.filter(status=InvitationStatus.PENDING).get().analyst == other


def test_someone_else_cannot_answer_an_invitation():
    coordinator = CoordinatorFactory()
    project = accepted_project(coordinator=coordinator)
    team.assign_team(coordinator=coordinator, project=project, lead=with_capacity(AnalystFactory()))
    with pytest.raises(BusinessRuleError, match="someone else"):
        team.answer_invitation(
            analyst=AnalystFactory(), invitation=project.invitations.get(), accept=True
        )


def test_reassigning_withdraws_the_previous_invitation():
    coordinator = CoordinatorFactory()
    project = accepted_project(coordinator=coordinator)
    first, second = with_capacity(AnalystFactory()), with_capacity(AnalystFactory())
    team.assign_team(coordinator=coordinator, project=project, lead=first)
    team.assign_team(coordinator=coordinator, project=project, lead=second)
    statuses = dict(TeamInvitation.objects.values_list("analyst_id", "status"))
    assert statuses == {first.pk: InvitationStatus.WITHDRAWN, second.pk: InvitationStatus.PENDING}


def test_mentor_must_come_from_another_site():
    coordinator = CoordinatorFactory()
    project = accepted_project(coordinator=coordinator)
    lead = with_capacity(AnalystFactory())
    colleague = AnalystFactory(profile__facility=lead.analyst_profile.host_facility)
    with pytest.raises(BusinessRuleError, match="another site"):
        team.assign_team(coordinator=coordinator, project=project, lead=lead, mentor=colleague)


def test_lead_needs_approved_capacity_and_cannot_mentor_themself():
    coordinator = CoordinatorFactory()
    project = accepted_project(coordinator=coordinator)
    with pytest.raises(BusinessRuleError, match="no project time"):
        team.assign_team(coordinator=coordinator, project=project, lead=AnalystFactory())
    lead = with_capacity(AnalystFactory())
    with pytest.raises(BusinessRuleError, match="another analyst"):
        team.assign_team(coordinator=coordinator, project=project, lead=lead, mentor=lead)


def test_project_not_accepted_cannot_be_assigned():
    from tests.projects.factories import submitted_project

    with pytest.raises(BusinessRuleError, match="accepted"):
        team.assign_team(
            coordinator=CoordinatorFactory(),
            project=submitted_project(),
            lead=with_capacity(AnalystFactory()),
        )


def test_mentor_invitation_states_the_mentor_hours_not_the_lead_total():
    coordinator = CoordinatorFactory()
    project = accepted_project(coordinator=coordinator, hours="40")
    lead, mentor = with_capacity(AnalystFactory()), AnalystFactory()

    team.assign_team(coordinator=coordinator, project=project, lead=lead, mentor=mentor)

    lead_body = Notification.objects.get(recipient=lead).body
    mentor_body = Notification.objects.get(recipient=mentor).body
    assert "about 40.00 hours" in lead_body
    assert "about 4.0 hours for you" in mentor_body
    assert "about 40.00 hours" not in mentor_body


def test_work_waits_for_the_quote_then_starts_when_it_is_issued(client):
    coordinator = CoordinatorFactory()
    project = accepted_project(coordinator=coordinator)
    lead = with_capacity(AnalystFactory())
    team.assign_team(coordinator=coordinator, project=project, lead=lead, mentor=None)
    team.answer_invitation(
        analyst=lead, invitation=project.invitations.get(role=TeamRole.LEAD), accept=True
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.ASSIGNING
    with pytest.raises(BusinessRuleError, match="Quote needed before work starts"):
        team.start_project(actor=coordinator, project=project)
    client.force_login(coordinator)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Quote needed before work starts." in page
    assert reverse("billing:project", args=[project.pk]) in page
    assert Notification.objects.filter(
        recipient=coordinator, subject__contains="work waits"
    ).exists()

    quoted(project, coordinator)

    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Quote needed before work starts." not in page

"""Every project page renders for the people who use it, forms keep what was typed, and
list pages stay within a fixed number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from biafed.opendesk.models import FollowUp, SessionOutcome
from biafed.people.models import Role
from biafed.projects.models import (
    Channel,
    DecisionKind,
    PhaseStatus,
    Project,
    ProjectCapacity,
    ProjectStatus,
    ReviewRound,
    RoundStatus,
    SelectionCriterion,
)
from biafed.projects.services import review, work
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    HostFacilityFactory,
    RequesterFactory,
    UserFactory,
    held_booking,
)
from tests.projects.factories import (
    ANSWERS,
    accepted_project,
    active_project,
    committee_member,
    give_review,
    open_round,
    quoted,
    submitted_project,
    under_review_project,
    with_capacity,
)

pytestmark = pytest.mark.django_db


def test_requester_walks_the_guided_form_and_submits(client):
    requester = RequesterFactory()
    client.force_login(requester)
    response = client.post(reverse("projects:new"))
    project = Project.objects.get(requester=requester)
    assert response.url == reverse("projects:edit", args=[project.pk])
    page = client.get(response.url).content.decode()
    assert "Example:" in page
    assert "institution to invoice" in page.lower()
    answers = {**ANSWERS, "deadline": "2030-06-30", "submit": "1"}
    response = client.post(reverse("projects:edit", args=[project.pk]), answers)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert project.deadline.isoformat() == "2030-06-30"
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "selection committee reviews the request" in detail


def test_incomplete_submission_keeps_what_was_typed(client):
    requester = RequesterFactory()
    client.force_login(requester)
    client.post(reverse("projects:new"))
    project = Project.objects.get(requester=requester)
    response = client.post(
        reverse("projects:edit", args=[project.pk]), {"title": "My typed title", "submit": "1"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="My typed title"' in content
    assert "Please answer:" in content
    project.refresh_from_db()
    assert (project.status, project.title) == (ProjectStatus.DRAFT, "My typed title")


def test_draft_is_saved_without_submitting(client):
    requester = RequesterFactory()
    client.force_login(requester)
    client.post(reverse("projects:new"))
    project = Project.objects.get(requester=requester)
    client.post(reverse("projects:edit", args=[project.pk]), {"title": "Half done", "save": "1"})
    project.refresh_from_db()
    assert (project.title, project.status) == ("Half done", ProjectStatus.DRAFT)


def test_coordinator_enters_an_email_request(client):
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("projects:enter"),
        {
            **ANSWERS,
            "requester_email": "bio@lab.example.org",
            "requester_name": "A Biologist",
            "channel": Channel.EMAIL,
            "external_reference": "Mail of 3 March",
        },
    )
    project = Project.objects.get(requester__email="bio@lab.example.org")
    assert response.url == reverse("projects:detail", args=[project.pk])
    assert (project.channel, project.status) == (Channel.EMAIL, ProjectStatus.SUBMITTED)


def test_entry_form_errors_keep_the_answers(client):
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("projects:enter"),
        {**ANSWERS, "requester_email": "x@example.org", "channel": Channel.EURO_BIOIMAGING},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "proposal reference" in content
    assert ANSWERS["funding_source"] in content


def test_committee_member_reviews_through_the_form(client):
    project = under_review_project()
    criteria = review.ensure_default_criteria()
    member = committee_member()
    client.force_login(member)
    home = client.get(reverse("projects:home")).content.decode()
    assert project.title in home
    form = client.get(reverse("projects:review", args=[project.pk]))
    assert criteria[0].name in form.content.decode()
    data = {
        "feasibility": "needs_study",
        "effort_hours": "12",
        "start_delay_weeks": "3",
        "duration_weeks": "6",
        **{f"criterion_{c.pk}": "4" for c in criteria},
    }
    response = client.post(reverse("projects:review", args=[project.pk]), data)
    assert response.status_code == 302
    assert project.reviews.get().feasibility == "needs_study"


def test_review_form_missing_a_score_keeps_the_answers(client):
    project = under_review_project()
    review.ensure_default_criteria()
    client.force_login(committee_member())
    response = client.post(
        reverse("projects:review", args=[project.pk]),
        {"feasibility": "feasible", "effort_hours": "33", "start_delay_weeks": "1"},
    )
    assert response.status_code == 200
    assert 'value="33"' in response.content.decode()
    assert not project.reviews.exists()


def test_member_declares_a_conflict_from_the_page(client):
    project = under_review_project()
    member = committee_member()
    client.force_login(member)
    response = client.post(reverse("projects:conflict", args=[project.pk]), {"reason": "Co-PI"})
    assert response.url == reverse("projects:home")
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404


def test_coordinator_sends_to_review_and_decides(client):
    coordinator = CoordinatorFactory()
    project = submitted_project()
    review_round = open_round(coordinator)
    client.force_login(coordinator)
    client.post(
        reverse("projects:send_to_review", args=[project.pk]),
        {"review_round": review_round.pk},
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_REVIEW
    give_review(project, effort="30")
    page = client.get(reverse("projects:decide", args=[project.pk])).content.decode()
    assert 'value="30.00"' in page  # prefilled with the reviewers' mean
    client.post(
        reverse("projects:decide", args=[project.pk]),
        {
            "kind": DecisionKind.ACCEPT,
            "rationale": "Feasible and valuable.",
            "estimated_hours": "30",
            "duration_weeks": "6",
            "confirm": "yes",
        },
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED
    client.force_login(project.requester)
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Feasible and valuable." in detail


def test_decision_form_error_keeps_the_rationale(client):
    project = under_review_project()
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("projects:decide", args=[project.pk]),
        {"kind": DecisionKind.DECLINE, "rationale": "Too hard for us"},
    )
    assert response.status_code == 200
    assert "Too hard for us" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_REVIEW


def test_rounds_and_criteria_pages(client):
    client.force_login(CoordinatorFactory())
    client.post(reverse("projects:rounds"), {"title": "Autumn", "review_deadline": "2031-01-15"})
    assert ReviewRound.objects.get().title == "Autumn"
    client.post(
        reverse("projects:criterion_new"),
        {
            "name": "Training value",
            "description": "",
            "weight": "0.5",
            "order": "9",
            "is_active": "on",
        },
    )
    assert SelectionCriterion.objects.get(name="Training value").weight == Decimal("0.5")
    assert "Training value" in client.get(reverse("projects:criteria")).content.decode()


def test_team_page_suggests_and_invites(client):
    coordinator = CoordinatorFactory()
    project = accepted_project(coordinator=coordinator)
    quoted(project, coordinator)  # the work starts once the team accepted and the quote is out
    lead = with_capacity(AnalystFactory(full_name="Lena Lead"), Decimal("40"))
    mentor = with_capacity(AnalystFactory(full_name="Max Mentor"), Decimal("40"))
    client.force_login(coordinator)
    page = client.get(reverse("projects:team", args=[project.pk])).content.decode()
    assert "Lena Lead" in page
    client.post(reverse("projects:team", args=[project.pk]), {"lead": lead.pk, "mentor": mentor.pk})
    project.refresh_from_db()
    assert (project.status, project.lead, project.mentor) == (
        ProjectStatus.ASSIGNING,
        lead,
        mentor,
    )
    client.force_login(lead)
    invitation = project.invitations.get(analyst=lead)
    client.post(
        reverse("projects:answer_invitation", args=[project.pk, invitation.pk]),
        {"answer": "accept"},
    )
    client.force_login(mentor)
    invitation = project.invitations.get(analyst=mentor)
    client.post(
        reverse("projects:answer_invitation", args=[project.pk, invitation.pk]),
        {"answer": "decline", "reason": ""},
    )
    invitation.refresh_from_db()
    assert invitation.status == "pending"  # a decline needs a reason
    client.post(
        reverse("projects:answer_invitation", args=[project.pk, invitation.pk]),
        {"answer": "accept"},
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE


def test_capacity_declared_by_analyst_and_approved_by_manager(client):
    facility = HostFacilityFactory()
    manager = UserFactory(roles=(Role.FACILITY_MANAGER,))
    facility.managers.add(manager)
    analyst = AnalystFactory(profile__facility=facility)
    client.force_login(analyst)
    client.post(reverse("projects:capacity"), {"hours_per_month": "12"})
    capacity = ProjectCapacity.objects.get(analyst=analyst)
    assert "Waiting for your manager" in client.get(reverse("projects:capacity")).content.decode()
    client.force_login(manager)
    assert str(analyst) in client.get(reverse("projects:capacity")).content.decode()
    client.post(reverse("projects:capacity"), {"approve": capacity.pk})
    capacity.refresh_from_db()
    assert capacity.approved_by == manager


def test_capacity_page_is_not_for_requesters(client):
    client.force_login(RequesterFactory())
    assert client.get(reverse("projects:capacity")).status_code == 403


def test_team_works_through_the_pages(client):
    project = active_project(mentor=AnalystFactory(), feasibility=True, hours="20")
    client.force_login(project.lead)
    client.post(
        reverse("projects:effort", args=[project.pk]),
        {"date": timezone.localdate().isoformat(), "hours": "2.5", "activity": "development"},
    )
    client.post(reverse("projects:report", args=[project.pk]), {"done": "Tried two trackers."})
    client.post(
        reverse("projects:deliverable", args=[project.pk]),
        {"kind": "notebook", "title": "Tracking notebook", "url": "https://example.org/nb"},
    )
    phase = project.phases.get()
    client.post(
        reverse("projects:phase_decide", args=[project.pk, phase.pk]),
        {
            "decision": "go",
            "reason": "Feasible.",
            "next_kind": "implementation",
            "next_title": "Implementation",
            "next_budget_hours": "30",
            "confirm": "yes",
        },
    )
    client.post(reverse("projects:cadence", args=[project.pk]), {"weeks": "2"})
    client.post(
        reverse("projects:complete", args=[project.pk]),
        {"conclusion": "Pipeline delivered.", "outputs": "Notebook", "confirm": "yes"},
    )
    project.refresh_from_db()
    assert project.effort.get().hours == Decimal("2.5")
    assert project.reports.count() == 1
    assert project.deliverables.get().title == "Tracking notebook"
    assert list(project.phases.values_list("status", flat=True)) == [PhaseStatus.GO] * 2
    assert (project.status, project.report_every_weeks) == (ProjectStatus.COMPLETED, 2)
    client.force_login(project.requester)
    client.post(reverse("projects:feedback", args=[project.pk]), {"usefulness": "5"})
    client.post(
        reverse("projects:publication", args=[project.pk]),
        {"title": "Fish behaviour", "doi": "10.1000/fish", "year": "2026"},
    )
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "10.1000/fish" in detail
    assert project.acknowledgement_text[:40] in detail


def test_effort_form_error_keeps_what_was_typed(client):
    project = active_project()
    client.force_login(project.lead)
    response = client.post(
        reverse("projects:effort", args=[project.pk]),
        {"date": "2999-01-01", "hours": "3", "activity": "meeting", "note": "kick-off"},
    )
    assert response.status_code == 200
    assert "kick-off" in response.content.decode()
    assert not project.effort.exists()


def test_comment_with_htmx_returns_the_thread(client):
    project = active_project()
    client.force_login(project.requester)
    response = client.post(
        reverse("projects:comment", args=[project.pk]),
        {"text": "Here are new movies."},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Here are new movies." in content
    assert "<html" not in content


def test_booking_page_offers_to_propose_a_project(client):
    panelist = AnalystFactory()
    booking = held_booking(panel=[panelist, AnalystFactory()])
    SessionOutcome.objects.create(
        booking=booking,
        advice="Needs development",
        follow_up=FollowUp.PROJECT,
        recorded_by=panelist,
    )
    client.force_login(panelist)
    page = client.get(reverse("opendesk:booking_detail", args=[booking.pk])).content.decode()
    assert 'data-testid="propose-project"' in page
    response = client.post(reverse("projects:convert_booking", args=[booking.pk]))
    project = Project.objects.get(source_booking=booking)
    assert response.url == reverse("projects:detail", args=[project.pk])
    assert project.panel_advice == "Needs development"
    client.force_login(booking.requester)
    page = client.get(reverse("opendesk:booking_detail", args=[booking.pk])).content.decode()
    assert 'data-testid="propose-project"' not in page
    assert reverse("projects:detail", args=[project.pk]) in page


def test_requester_cannot_convert_their_booking(client):
    booking = held_booking()
    client.force_login(booking.requester)
    assert client.post(reverse("projects:convert_booking", args=[booking.pk])).status_code == 403


# --- Query counts -------------------------------------------------------------------------


def _many_projects(n=8):
    coordinator = CoordinatorFactory()
    review_round = open_round(coordinator)
    for _ in range(n):
        project = under_review_project(coordinator=coordinator, review_round=review_round)
        give_review(project)
    for _ in range(3):
        active_project(coordinator=coordinator, mentor=AnalystFactory())
    return coordinator


def test_home_list_query_count_is_bounded(client, django_assert_max_num_queries):
    coordinator = _many_projects()
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:home"))
    assert response.content.decode().count("status-under_review") == 8


def test_committee_home_query_count_is_bounded(client, django_assert_max_num_queries):
    _many_projects()
    client.force_login(committee_member())
    with django_assert_max_num_queries(12):
        client.get(reverse("projects:home"))


def test_queue_page_query_count_is_bounded(client, django_assert_max_num_queries):
    coordinator = _many_projects()
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("projects:queue"))
    assert response.content.decode().count('data-testid="queue-row"') == 8


def test_detail_page_query_count_does_not_grow_with_effort(client, django_assert_max_num_queries):
    project = active_project(mentor=AnalystFactory())
    for n in range(20):
        work.log_effort(
            analyst=project.lead if n % 2 else project.mentor,
            project=project,
            day=timezone.localdate(),
            hours=Decimal(1),
            activity_kind="development",
        )
        work.add_comment(author=project.requester, project=project, text=f"note {n}")
    client.force_login(CoordinatorFactory())
    with django_assert_max_num_queries(45):
        response = client.get(reverse("projects:detail", args=[project.pk]))
    assert response.content.decode().count('data-testid="effort"') == 20


def test_deciding_while_the_round_is_open_asks_for_confirmation_first(client):
    project = under_review_project()
    client.force_login(CoordinatorFactory())
    answers = {"kind": DecisionKind.DECLINE, "rationale": "Out of scope", "guidance": "Ask Bob"}
    url = reverse("projects:decide", args=[project.pk])

    first = client.post(url, answers).content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_REVIEW
    assert "is still open" in first

    client.post(url, {**answers, "confirm": "yes"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.DECLINED


def test_every_decision_shows_what_it_will_do_before_it_is_recorded(client):
    project = under_review_project()
    client.force_login(CoordinatorFactory())
    url = reverse("projects:decide", args=[project.pk])
    answers = {"kind": DecisionKind.ACCEPT, "rationale": "Valuable", "estimated_hours": "30"}

    first = client.post(url, answers).content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_REVIEW
    assert "a first phase of 30 hours is planned" in first
    assert 'name="rationale" value="Valuable"' in first

    again = client.post(url, {**answers, "confirm": "edit"}).content.decode()
    assert "Valuable" in again and 'data-testid="submit-decision"' in again
    project.refresh_from_db()
    assert project.status == ProjectStatus.UNDER_REVIEW

    client.post(url, {**answers, "confirm": "yes"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED


def test_closing_a_review_round_asks_first(client):
    coordinator = CoordinatorFactory()
    review_round = open_round(coordinator)
    client.force_login(coordinator)
    url = reverse("projects:rounds")

    page = client.post(url, {"close": review_round.pk}).content.decode()
    review_round.refresh_from_db()
    assert review_round.status == RoundStatus.OPEN
    assert "can no longer add or change reviews" in page

    client.post(url, {"close": review_round.pk, "confirm": "yes"})
    review_round.refresh_from_db()
    assert review_round.status == RoundStatus.CLOSED


def test_withdrawing_a_request_asks_first_and_is_refused_once_work_started(client):
    project = submitted_project()
    client.force_login(project.requester)
    url = reverse("projects:withdraw", args=[project.pk])

    assert "cannot be reopened" in client.post(url, {"reason": "Solved"}).content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED

    client.post(url, {"reason": "Solved", "confirm": "yes"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.WITHDRAWN
    assert "cannot be withdrawn" in client.get(url).content.decode()


def test_completing_a_project_asks_first(client):
    project = active_project()
    client.force_login(project.lead)
    url = reverse("projects:complete", args=[project.pk])

    page = client.post(url, {"conclusion": "Delivered."}).content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE
    assert "The requester is asked for feedback" in page

    client.post(url, {"conclusion": "Delivered.", "confirm": "yes"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED

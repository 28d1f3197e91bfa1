"""A collaborative project in a real browser, from the request to closure with feedback:
request → reviews → decision → team accepted by lead and mentor → feasibility phase with
effort and a report → go → implementation → deliverable → closure → feedback.

Each step is a function taking the page(s) it needs, so later journeys (invoices,
host-facility statements) can reuse them and add their own steps.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from biafed.people.models import ExpertiseFamily, User
from biafed.projects.models import (
    InvitationStatus,
    PhaseStatus,
    Project,
    ProjectStatus,
    ReviewRound,
    SelectionCriterion,
)
from biafed.projects.services.review import create_round, ensure_default_criteria
from tests.billing.factories import rate
from tests.factories import (
    PASSWORD,
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    RequesterFactory,
    verified,
)
from tests.projects.factories import committee_member, with_capacity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Tracking non-tagged fish in aquaria"


@dataclass
class ProjectCast:
    requester: User
    coordinator: User
    reviewers: list[User]
    lead: User
    mentor: User
    review_round: ReviewRound


def project_cast() -> ProjectCast:
    """The people of a project journey, with verified e-mails, published criteria, an open
    round, and the lead's project time approved."""
    tracking = ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="Tracking")
    rate(price="60.00", credit="45.00")  # quotes price the estimate at the rate in force
    coordinator = CoordinatorFactory(full_name="Cora Coordinator")
    cast = ProjectCast(
        requester=RequesterFactory(full_name="Rita Requester", institution="Station Marine"),
        coordinator=coordinator,
        reviewers=[committee_member(full_name=f"Reviewer {n}") for n in (1, 2)],
        lead=with_capacity(
            AnalystFactory(full_name="Lea Lead", expertise={tracking: "expert"}), Decimal("30")
        ),
        mentor=with_capacity(
            AnalystFactory(full_name="Mario Mentor", expertise={tracking: "advise"}), Decimal("10")
        ),
        review_round=create_round(
            coordinator=coordinator,
            title="Spring round",
            review_deadline=timezone.localdate() + timezone.timedelta(days=10),
        ),
    )
    ensure_default_criteria()
    for person in (cast.requester, cast.coordinator, *cast.reviewers, cast.lead, cast.mentor):
        verified(person)
    return cast


# --- Steps ---------------------------------------------------------------------------------


def request_project(page, *, title=TITLE) -> Project:
    """The requester fills the guided form (after saving a draft once) and submits."""
    page.goto("/projects/")
    page.click("[data-testid=new-request]")
    page.fill("#id_title", title)
    page.fill("#id_summary", "Can existing tools track a dozen non-tagged fish per aquarium?")
    page.click("button[name=save]")
    page.wait_for_selector("text=Saved. You can come back and finish later.")
    page.fill("#id_expected_outputs", "A feasibility report we can use in a grant application.")
    page.fill("#id_funding_source", "Regional grant FISHTRACK")
    page.fill("#id_invoice_institution", "CNRS Bretagne")
    page.fill("#id_requester_institution", "Station Marine")
    page.click("[data-testid=submit-request]")
    page.wait_for_selector("text=Your request is submitted")
    assert page.inner_text("[data-testid=status]") == "Submitted"
    return Project.objects.get(title=title)


def send_to_review(page, project: Project, review_round: ReviewRound) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.select_option("select[name=review_round]", str(review_round.pk))
    page.click("[data-testid=send-to-review]")
    page.wait_for_selector("text=Sent to the committee")


def review_request(page, project: Project, *, score: int, hours: int) -> None:
    """A committee member finds the request on the projects page and reviews it."""
    page.goto("/projects/")
    page.click(f"[data-testid=to-review] >> text={project.title}")
    page.click("[data-testid=review]")
    page.check("input[name=feasibility][value=needs_study]")
    page.fill("#id_effort_hours", str(hours))
    page.fill("#id_start_delay_weeks", "2")
    page.fill("#id_duration_weeks", "8")
    for criterion in SelectionCriterion.objects.filter(is_active=True):
        page.check(f"input[name=criterion_{criterion.pk}][value='{score}']")
    page.click("[data-testid=submit-review]")
    page.wait_for_selector("text=Your review is saved")


def decide_feasibility_study(page, project: Project, *, hours: int) -> None:
    """The coordinator reads the ranked queue and accepts as a feasibility study."""
    page.goto("/projects/queue/")
    page.click(f"[data-testid=queue-row] >> text={project.title}")
    page.click("[data-testid=decide]")
    page.check("input[name=kind][value=accept_feasibility]")
    page.fill("#id_rationale", "Promising; check first that tracking holds with a dozen fish.")
    page.fill("#id_estimated_hours", str(hours))
    page.click("[data-testid=submit-decision]")
    page.wait_for_selector("[data-testid=effects] >> text=the review round")  # still open
    page.click("[data-testid=confirm]")
    page.wait_for_selector("text=Decision recorded")


def assign_team(page, project: Project, lead: User, mentor: User) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.click("[data-testid=assign]")
    page.wait_for_selector("[data-testid=suggested-lead]")
    page.select_option("#id_lead", str(lead.pk))
    page.select_option("#id_mentor", str(mentor.pk))
    page.click("[data-testid=invite-team]")
    page.wait_for_selector("text=Invitations sent")


def issue_quote(page, project: Project) -> None:
    """The project page says the work waits for its quote; the coordinator issues it."""
    page.goto(f"/projects/{project.pk}/")
    page.click("[data-testid=start-blockers] >> text=Issue the quote")
    page.click("[data-testid=issue-quote]")
    page.wait_for_selector("[data-testid=effects] >> text=the work starts now")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("text=Quote issued")


def accept_invitation(page, project: Project) -> None:
    page.goto("/projects/")
    page.click(f"[data-testid=invitation] >> text={project.title}")
    page.click("[data-testid=accept]")
    page.wait_for_selector("text=you accepted")


def log_effort(page, project: Project, *, hours: str, activity: str) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.click("[data-testid=log-effort]")
    page.fill("#id_hours", hours)
    page.select_option("#id_activity", activity)
    page.click("[data-testid=submit]")
    page.wait_for_selector("text=logged")


def write_report(page, project: Project, text: str) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.click("[data-testid=write-report]")
    page.fill("#id_done", text)
    page.click("[data-testid=submit]")
    page.wait_for_selector("text=Report sent")


def go_to_implementation(page, project: Project, *, hours: int) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.click("[data-testid=phase-decide]")
    page.check("input[name=decision][value=go]")
    page.fill("#id_reason", "Tracking holds with a dozen fish on the test movies.")
    page.select_option("#id_next_kind", "implementation")
    page.fill("#id_next_title", "Implementation")
    page.fill("#id_next_budget_hours", str(hours))
    page.click("[data-testid=submit]")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("text=Decision recorded")


def add_deliverable(page, project: Project, title: str, url: str) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.click("[data-testid=add-deliverable]")
    page.select_option("#id_kind", "pipeline")
    page.fill("#id_title", title)
    page.fill("#id_url", url)
    page.fill("#id_version", "1.0")
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=deliverable]")


def complete_project(page, project: Project, conclusion: str) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.click("[data-testid=complete]")
    page.fill("#id_conclusion", conclusion)
    page.click("[data-testid=submit]")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("text=Project completed")


def give_feedback(page, project: Project) -> None:
    page.goto(f"/projects/{project.pk}/")
    page.click("[data-testid=give-feedback]")
    page.check("input[name=usefulness][value='5']")
    page.fill("#id_comment", "The study convinced the grant reviewers.")
    page.click("[data-testid=submit]")
    page.wait_for_selector("text=Thank you for your feedback")


def run_project_to_closure(open_page, cast: ProjectCast) -> tuple[Project, dict]:
    """The whole lifecycle; returns the project and the logged-in pages by role."""
    pages = {"requester": open_page(cast.requester, PASSWORD)}
    project = request_project(pages["requester"])

    pages["coordinator"] = open_page(cast.coordinator, PASSWORD)
    send_to_review(pages["coordinator"], project, cast.review_round)
    for reviewer, score, hours in zip(cast.reviewers, (4, 5), (20, 30), strict=True):
        review_request(open_page(reviewer, PASSWORD), project, score=score, hours=hours)
    decide_feasibility_study(pages["coordinator"], project, hours=25)
    project.refresh_from_db()
    assert project.status == ProjectStatus.FEASIBILITY_ACCEPTED

    assign_team(pages["coordinator"], project, cast.lead, cast.mentor)
    pages["lead"] = open_page(cast.lead, PASSWORD)
    pages["mentor"] = open_page(cast.mentor, PASSWORD)
    accept_invitation(pages["lead"], project)
    accept_invitation(pages["mentor"], project)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ASSIGNING  # no work before the quote
    issue_quote(pages["coordinator"], project)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE

    log_effort(pages["lead"], project, hours="6", activity="development")
    log_effort(pages["mentor"], project, hours="1.5", activity="meeting")
    write_report(pages["lead"], project, "Three trackers tested; TrackMate holds with 12 fish.")
    pages["requester"].goto(f"/projects/{project.pk}/")
    assert "TrackMate holds with 12 fish" in pages["requester"].inner_text("[data-testid=report]")

    go_to_implementation(pages["lead"], project, hours=40)
    log_effort(pages["lead"], project, hours="8", activity="development")
    add_deliverable(
        pages["lead"], project, "Fish tracking pipeline", "https://git.example.org/fish-tracking"
    )
    complete_project(pages["lead"], project, "Pipeline delivered; used in a grant application.")
    give_feedback(pages["requester"], project)
    project.refresh_from_db()
    return project, pages


def test_project_from_request_to_closure_with_feedback(open_page):
    cast = project_cast()
    project, pages = run_project_to_closure(open_page, cast)

    assert project.status == ProjectStatus.COMPLETED
    assert (project.lead, project.mentor) == (cast.lead, cast.mentor)
    assert project.reviews.count() == 2
    assert set(project.invitations.values_list("status", flat=True)) == {InvitationStatus.ACCEPTED}
    assert [(p.kind, p.status) for p in project.phases.order_by("order")] == [
        ("feasibility", PhaseStatus.GO),
        ("implementation", PhaseStatus.GO),
    ]
    assert sum(e.hours for e in project.effort.all()) == Decimal("15.5")
    assert project.feedback.usefulness == 5
    requester_page = pages["requester"]
    requester_page.goto(f"/projects/{project.pk}/")
    assert "Pipeline delivered" in requester_page.inner_text("[data-testid=conclusion]")
    assert "Fish tracking pipeline" in requester_page.inner_text("[data-testid=deliverable]")
    assert "Promising" in requester_page.inner_text("[data-testid=decision]")

"""A running project: phases and go/no-go, effort, reports and reminders, comments,
deliverables, completion, feedback, publications."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from biafed.common.errors import BusinessRuleError
from biafed.notifications.models import Notification
from biafed.projects import selectors
from biafed.projects.models import (
    Deliverable,
    DeliverableKind,
    EffortActivity,
    PhaseKind,
    PhaseStatus,
    ProjectStatus,
)
from biafed.projects.services import work
from tests.factories import AnalystFactory, CoordinatorFactory, RequesterFactory
from tests.projects.factories import active_project

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def project():
    return active_project(mentor=AnalystFactory(), feasibility=True, hours="20")


def _log(project, analyst, hours, activity=EffortActivity.DEVELOPMENT, **kwargs):
    return work.log_effort(
        analyst=analyst,
        project=project,
        day=kwargs.pop("day", TODAY()),
        hours=Decimal(hours),
        activity_kind=activity,
        **kwargs,
    )


def test_lead_and_mentor_log_effort_on_the_active_phase(project):
    entry = _log(project, project.lead, "3.5")
    _log(project, project.mentor, "1", EffortActivity.MEETING)
    _log(project, project.lead, "2", EffortActivity.CONSULTATION)
    assert entry.phase == project.phases.get(status=PhaseStatus.ACTIVE)
    assert selectors.effort_hours(project) == Decimal("4.5")
    assert selectors.consultation_hours(project) == Decimal("2")
    assert selectors.hours_by_analyst(project) == {
        project.lead.pk: Decimal("5.5"),
        project.mentor.pk: Decimal("1"),
    }


@pytest.mark.parametrize("hours", ["0", "-1", "25"])
def test_effort_outside_0_to_24_hours_is_refused(project, hours):
    with pytest.raises(BusinessRuleError, match="Hours"):
        _log(project, project.lead, hours)


def test_effort_in_the_future_or_by_outsider_is_refused(project):
    with pytest.raises(BusinessRuleError, match="future"):
        _log(project, project.lead, "1", day=TODAY() + timedelta(days=1))
    with pytest.raises(BusinessRuleError, match="lead and mentor"):
        _log(project, AnalystFactory(), "1")
    with pytest.raises(BusinessRuleError, match="lead and mentor"):
        _log(project, project.requester, "1")


def test_effort_is_refused_once_the_project_is_closed(project):
    work.complete_project(actor=project.lead, project=project, conclusion="Done.")
    project.refresh_from_db()
    with pytest.raises(BusinessRuleError, match="not in progress"):
        _log(project, project.lead, "1")


def test_consultation_hours_count_held_sessions_of_linked_bookings():
    from tests.factories import held_booking

    panel = [AnalystFactory(), AnalystFactory(), AnalystFactory()]
    booking = held_booking(panel=panel)
    project = active_project(source_booking=booking)
    other = held_booking()
    project.linked_bookings.add(other)
    _log(project, project.lead, "1", EffortActivity.CONSULTATION)
    assert selectors.held_session_hours(project) == Decimal(5)
    assert selectors.consultation_hours(project) == Decimal(6)


def test_go_opens_the_described_next_phase(project):
    feasibility = project.phases.get()
    assert feasibility.kind == PhaseKind.FEASIBILITY
    work.decide_phase(
        actor=project.lead,
        phase=feasibility,
        go=True,
        reason="StarDist works on the test set.",
        next_phase={
            "kind": PhaseKind.IMPLEMENTATION,
            "title": "Implementation",
            "goals": "Batch pipeline",
            "budget_hours": Decimal("40"),
        },
    )
    feasibility.refresh_from_db()
    assert (feasibility.status, feasibility.decided_by) == (PhaseStatus.GO, project.lead)
    following = project.phases.get(order=2)
    assert (following.status, following.budget_hours) == (PhaseStatus.ACTIVE, Decimal("40"))
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACTIVE


def test_go_opens_an_already_planned_phase(project):
    planned = work.add_phase(
        actor=CoordinatorFactory(),
        project=project,
        values={"kind": PhaseKind.IMPLEMENTATION, "title": "Build", "budget_hours": 30},
    )
    work.decide_phase(actor=project.lead, phase=project.phases.get(order=1), go=True, reason="ok")
    planned.refresh_from_db()
    assert planned.status == PhaseStatus.ACTIVE


def test_go_without_a_next_phase_is_refused(project):
    with pytest.raises(BusinessRuleError, match="next phase"):
        work.decide_phase(actor=project.lead, phase=project.phases.get(), go=True, reason="ok")


def test_no_go_closes_the_project_with_its_conclusion(project):
    reason = "Too complex image content; we guided the users to image processing groups."
    work.decide_phase(actor=project.lead, phase=project.phases.get(), go=False, reason=reason)
    project.refresh_from_db()
    assert (project.status, project.notes) == (ProjectStatus.CLOSED_NO_GO, reason)
    assert project.closed_at is not None
    assert Notification.objects.filter(
        recipient=project.requester, subject__startswith="No-go"
    ).exists()


def test_phase_decision_needs_reasons_and_the_lead_or_a_coordinator(project):
    phase = project.phases.get()
    with pytest.raises(BusinessRuleError, match="reasons"):
        work.decide_phase(actor=project.lead, phase=phase, go=False, reason="")
    with pytest.raises(BusinessRuleError, match="lead or a coordinator"):
        work.decide_phase(actor=project.mentor, phase=phase, go=False, reason="x")
    with pytest.raises(BusinessRuleError, match="lead or a coordinator"):
        work.decide_phase(actor=project.requester, phase=phase, go=False, reason="x")


def test_report_sets_the_next_due_date_and_tells_requester_and_mentor(project):
    Notification.objects.all().delete()
    work.submit_report(author=project.lead, project=project, done="Tested three trackers.")
    project.refresh_from_db()
    assert project.next_report_due == TODAY() + timedelta(weeks=project.report_every_weeks)
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {project.requester_id, project.mentor_id}


def test_report_reminders_are_sent_once_per_due_date(project):
    project.next_report_due = TODAY() - timedelta(days=1)
    project.save()
    assert work.send_report_reminders(now=timezone.now()) == 2  # lead and mentor
    assert work.send_report_reminders(now=timezone.now()) == 0
    work.submit_report(author=project.lead, project=project, done="Done")
    assert work.send_report_reminders(now=timezone.now()) == 0


def test_periodic_jobs_send_report_reminders(project):
    from biafed.notifications.tasks import run_periodic_jobs

    project.next_report_due = TODAY()
    project.save()
    run_periodic_jobs.call()
    assert Notification.objects.filter(
        recipient=project.lead, subject__startswith="Progress report due"
    ).exists()


def test_cadence_change_moves_the_due_date(project):
    work.set_report_cadence(actor=project.lead, project=project, weeks=2)
    project.refresh_from_db()
    assert project.next_report_due == timezone.localdate(project.started_at) + timedelta(weeks=2)
    with pytest.raises(BusinessRuleError):
        work.set_report_cadence(actor=project.requester, project=project, weeks=2)


def test_comment_emails_the_other_participants(project):
    Notification.objects.all().delete()
    work.add_comment(author=project.requester, project=project, text="New images uploaded.")
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {project.lead_id, project.mentor_id}
    with pytest.raises(BusinessRuleError):
        work.add_comment(author=RequesterFactory(), project=project, text="Hello")


def test_deliverable_with_link_and_doi(project):
    deliverable = work.add_deliverable(
        actor=project.lead,
        project=project,
        values={
            "kind": DeliverableKind.PIPELINE,
            "title": "Tracking pipeline",
            "url": "https://github.com/example/tracking",
            "version": "1.0",
            "doi": "10.5281/zenodo.1",
        },
    )
    assert deliverable.phase == project.phases.get()
    with pytest.raises(BusinessRuleError):
        work.add_deliverable(
            actor=project.requester, project=project, values={"kind": "script", "title": "x"}
        )


def test_completion_records_conclusion_and_asks_for_feedback(project):
    work.complete_project(
        actor=project.lead, project=project, conclusion="Pipeline delivered.", outputs="Macro"
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    assert project.notes == "Pipeline delivered."
    assert project.lead.full_name in project.acknowledgement_text
    assert project.phases.get().status == PhaseStatus.GO
    feedback = work.give_feedback(
        requester=project.requester, project=project, usefulness=5, comment="Great"
    )
    assert feedback.usefulness == 5
    with pytest.raises(BusinessRuleError, match="already"):
        work.give_feedback(requester=project.requester, project=project, usefulness=4)


def test_feedback_only_from_the_requester_after_completion(project):
    with pytest.raises(BusinessRuleError, match="complete"):
        work.give_feedback(requester=project.requester, project=project, usefulness=5)
    work.complete_project(actor=CoordinatorFactory(), project=project, conclusion="Done")
    project.refresh_from_db()
    with pytest.raises(BusinessRuleError, match="requester"):
        work.give_feedback(requester=project.lead, project=project, usefulness=5)


def test_completion_needs_a_conclusion_and_the_lead_or_a_coordinator(project):
    with pytest.raises(BusinessRuleError, match="conclusion"):
        work.complete_project(actor=project.lead, project=project, conclusion=" ")
    with pytest.raises(BusinessRuleError):
        work.complete_project(actor=project.mentor, project=project, conclusion="x")


def test_publication_recorded_later_with_its_doi(project):
    work.complete_project(actor=project.lead, project=project, conclusion="Done")
    project.refresh_from_db()
    publication = work.add_publication(
        actor=project.requester,
        project=project,
        title="Motility of a new species",
        doi="https://doi.org/10.1000/xyz",
        year=2025,
    )
    assert publication.doi == "10.1000/xyz"
    with pytest.raises(BusinessRuleError):
        work.add_publication(actor=RequesterFactory(), project=project, title="x")


@pytest.mark.parametrize(
    ("values", "refusal"),
    [
        (
            {"url": "javascript:alert(1)"},
            "Link: Enter a web link starting with https:// (or http://).",
        ),
        ({"doi": "javascript:alert(1)"}, "DOI: Enter a DOI like 10.5281/zenodo.1234567."),
    ],
)
def test_deliverable_link_and_doi_must_be_web_link_and_doi(project, values, refusal):
    with pytest.raises(BusinessRuleError) as excinfo:
        work.add_deliverable(
            actor=project.lead,
            project=project,
            values={"kind": DeliverableKind.SCRIPT, "title": "Macro", **values},
        )
    assert excinfo.value.messages == [refusal]
    assert not project.deliverables.exists()


def test_a_javascript_deliverable_link_stored_earlier_is_not_a_link(client, project):
    Deliverable.objects.create(
        project=project,
        kind=DeliverableKind.SCRIPT,
        title="Macro",
        url="javascript:alert(document.domain)",
        added_by=project.lead,
    )
    client.force_login(project.requester)

    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()

    assert 'href="javascript:' not in page
    assert "Macro" in page

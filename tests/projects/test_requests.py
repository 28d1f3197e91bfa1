"""Intake: the guided form, drafts, submission, coordinator entry, booking conversion,
duplicates, withdrawal."""

import pytest

from biafed.common.errors import BusinessRuleError
from biafed.notifications.models import Notification
from biafed.opendesk.models import FollowUp, SessionOutcome
from biafed.people.models import Role, User
from biafed.projects.models import Channel, Project, ProjectStatus
from biafed.projects.services import requests
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    RequesterFactory,
    held_booking,
    submitted_booking,
)
from tests.projects.factories import ANSWERS, ProjectFactory, submitted_project

pytestmark = pytest.mark.django_db


def test_start_request_reuses_an_untouched_draft():
    requester = RequesterFactory(institution="Institut Pasteur")
    first = requests.start_request(requester=requester)
    again = requests.start_request(requester=requester)
    assert (first.pk, first.requester_institution) == (again.pk, "Institut Pasteur")


def test_draft_keeps_incomplete_answers_and_lists_what_is_missing():
    requester = RequesterFactory(institution="")
    project = requests.start_request(requester=requester)
    requests.save_answers(actor=requester, project=project, answers={"title": "Cilia"})
    project.refresh_from_db()
    assert project.title == "Cilia"
    assert "expected outputs" in requests.missing_answers(project)


def test_incomplete_request_is_refused_and_stays_a_draft():
    project = ProjectFactory(expected_outputs="", funding_source="")
    with pytest.raises(BusinessRuleError, match="expected outputs"):
        requests.submit_request(requester=project.requester, project=project)
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_submission_tells_requester_and_coordinators():
    coordinator = CoordinatorFactory()
    project = submitted_project()
    assert project.status == ProjectStatus.SUBMITTED
    assert project.submitted_at is not None
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {project.requester_id, coordinator.pk}


def test_only_the_requester_submits():
    project = ProjectFactory()
    with pytest.raises(BusinessRuleError):
        requests.submit_request(requester=RequesterFactory(), project=project)


def test_submitting_twice_is_refused():
    project = submitted_project()
    with pytest.raises(BusinessRuleError, match="already submitted"):
        requests.submit_request(requester=project.requester, project=project)


def test_reworded_resubmission_is_flagged_as_possible_duplicate():
    first = submitted_project()
    second = submitted_project(
        requester=first.requester,
        title="Tracking motile bacteria again",
        summary="Adapt the trajectory library to our new bacteria species and install it.",
    )
    assert second.possible_duplicate_of == first
    assert second.duplicate_similarity >= requests.DUPLICATE_THRESHOLD


def test_different_question_of_same_requester_is_not_a_duplicate():
    first = submitted_project()
    other = submitted_project(
        requester=first.requester,
        title="Red blood cell classification",
        summary="Detect several classes of erythrocytes in thousands of smear images.",
        biological_question="Which cell shapes dominate in patient samples?",
    )
    assert other.possible_duplicate_of is None


def test_same_text_from_another_requester_is_not_a_duplicate():
    submitted_project()
    other = submitted_project()
    assert other.possible_duplicate_of is None


def test_coordinator_enters_a_portal_request_for_a_new_requester():
    coordinator = CoordinatorFactory()
    project = requests.enter_request(
        coordinator=coordinator,
        requester_email="New.Person@Lab.example.org",
        requester_name="New Person",
        channel=Channel.EURO_BIOIMAGING,
        external_reference="PID 12345",
        answers=dict(ANSWERS),
    )
    requester = User.objects.get(email="new.person@lab.example.org")
    assert (project.requester, project.channel, project.external_reference) == (
        requester,
        Channel.EURO_BIOIMAGING,
        "PID 12345",
    )
    assert project.status == ProjectStatus.SUBMITTED
    assert project.entered_by == coordinator
    assert requester.has_role(Role.REQUESTER)


def test_portal_request_needs_its_reference():
    with pytest.raises(BusinessRuleError, match="reference"):
        requests.enter_request(
            coordinator=CoordinatorFactory(),
            requester_email="a@example.org",
            channel=Channel.EURO_BIOIMAGING,
            answers=dict(ANSWERS),
        )


def test_only_coordinators_enter_requests():
    with pytest.raises(BusinessRuleError):
        requests.enter_request(
            coordinator=RequesterFactory(),
            requester_email="a@example.org",
            channel=Channel.EMAIL,
            answers=dict(ANSWERS),
        )


def _held_with_outcome():
    panelist = AnalystFactory()
    booking = held_booking(panel=[panelist, AnalystFactory()])
    SessionOutcome.objects.create(
        booking=booking,
        advice="Needs a custom tracker; propose a project.",
        shared_links="https://github.com/example/tracker",
        follow_up=FollowUp.PROJECT,
        recorded_by=panelist,
    )
    return booking, panelist


def test_panel_member_converts_a_held_booking_into_a_draft_request():
    booking, panelist = _held_with_outcome()
    project = requests.convert_booking(actor=panelist, booking=booking)
    assert (project.requester, project.status, project.channel, project.source_booking) == (
        booking.requester,
        ProjectStatus.DRAFT,
        Channel.OPEN_DESK,
        booking,
    )
    assert project.title == booking.title
    assert project.biological_question == booking.biological_question
    assert "custom tracker" in project.panel_advice
    assert "https://github.com/example/tracker" in project.panel_advice
    assert Notification.objects.filter(recipient=booking.requester).exists()


def test_a_booking_leads_to_one_project_request_only():
    booking, panelist = _held_with_outcome()
    requests.convert_booking(actor=panelist, booking=booking)
    with pytest.raises(BusinessRuleError, match="already led"):
        requests.convert_booking(actor=CoordinatorFactory(), booking=booking)


def test_outsider_cannot_convert_a_booking():
    booking, _panelist = _held_with_outcome()
    with pytest.raises(BusinessRuleError):
        requests.convert_booking(actor=AnalystFactory(), booking=booking)


def test_booking_not_yet_confirmed_cannot_be_converted():
    booking = submitted_booking()
    with pytest.raises(BusinessRuleError, match="confirmed or held"):
        requests.convert_booking(actor=CoordinatorFactory(), booking=booking)


def test_requester_withdraws_before_work_starts():
    project = submitted_project()
    requests.withdraw(actor=project.requester, project=project, reason="Solved it myself")
    project.refresh_from_db()
    assert project.status == ProjectStatus.WITHDRAWN
    assert project.closed_at is not None


def test_stranger_cannot_withdraw():
    project = submitted_project()
    with pytest.raises(BusinessRuleError):
        requests.withdraw(actor=RequesterFactory(), project=project)
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.SUBMITTED


def test_submitted_request_cannot_be_edited_by_requester():
    project = submitted_project()
    with pytest.raises(BusinessRuleError):
        requests.save_answers(actor=project.requester, project=project, answers={"title": "x"})


def test_converted_request_carries_the_booking_files_without_copying():
    import io

    from biafed.common.states import move
    from biafed.intake.services import files_for, store_file
    from biafed.opendesk.models import BookingStatus
    from tests.factories import confirmed_booking

    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
    )
    panelist = AnalystFactory()
    booking = confirmed_booking(panel=[panelist, AnalystFactory()])
    original = store_file(
        actor=booking.requester,
        target=booking,
        name="cells.png",
        fileobj=io.BytesIO(png),
        size=len(png),
    )
    move(booking, BookingStatus.HELD, actor=None)
    project = requests.convert_booking(actor=panelist, booking=booking)
    (linked,) = files_for(project)
    assert (linked.original_name, linked.file.name) == ("cells.png", original.file.name)
